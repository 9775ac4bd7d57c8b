import { canReuseShippingPrices, type PricedOption } from "../shipping-price-reuse"

const flat = (id: string, ...attributes: string[]): PricedOption => ({
  id,
  price_type: "flat",
  prices: [{ price_rules: attributes.map((attribute) => ({ attribute })) }],
})

describe("canReuseShippingPrices", () => {
  const method = { id: "sm_1", shipping_option_id: "so_std" }

  it("reuses the price of the one method just added, flat-rate, priced per region", () => {
    expect(canReuseShippingPrices([method], ["sm_1"], [flat("so_std", "region_id")])).toBe(true)
  })

  it("reuses prices conditional on the item total, which a shipping method does not change", () => {
    const option = flat("so_std", "region_id", "item_total", "item_total")
    expect(canReuseShippingPrices([method], ["sm_1"], [option])).toBe(true)
  })

  it("prices again when a rule reads anything else, such as the total that includes shipping", () => {
    expect(canReuseShippingPrices([method], ["sm_1"], [flat("so_std", "total")])).toBe(false)
    expect(canReuseShippingPrices([method], ["sm_1"], [flat("so_std", "customer.groups.id")])).toBe(
      false
    )
  })

  it("prices again an option whose price a fulfillment provider calculates", () => {
    const calculated = { ...flat("so_std"), price_type: "calculated" }
    expect(canReuseShippingPrices([method], ["sm_1"], [calculated])).toBe(false)
  })

  it("prices again when the cart keeps a method of another shipping profile", () => {
    const kept = { id: "sm_0", shipping_option_id: "so_std" }
    expect(canReuseShippingPrices([kept, method], ["sm_1"], [flat("so_std")])).toBe(false)
  })

  it("prices again when the option is not among those priced, or nothing was added", () => {
    expect(canReuseShippingPrices([method], ["sm_1"], [flat("so_other")])).toBe(false)
    expect(canReuseShippingPrices([], [], [flat("so_std")])).toBe(false)
  })
})

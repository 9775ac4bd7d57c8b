/**
 * When Medusa adds a shipping method it prices the option against the cart, adds the method,
 * and then refreshes the cart: that refresh reads the cart again and prices every shipping
 * method's option a second time, to drop the methods no longer available and update the
 * amounts of the others. Right after the add, for a method priced moments before from the same
 * cart, that second pricing can only find what the first found, unless the price depends on
 * something the new method itself changed. These rules say when it cannot.
 */

/** The parts of a priced shipping option (from Medusa's listing with prices) the rule reads. */
export type PricedOption = {
  id: string
  price_type?: string | null
  prices?: { price_rules?: { attribute?: string | null }[] | null }[] | null
}

/**
 * Price rule attributes that adding a shipping method leaves unchanged: the cart's region and
 * its item total (Medusa's conditional shipping prices). A rule on anything else (the cart's
 * total, which includes shipping, or an attribute a plugin puts in the context) could price the
 * option differently once the method is on the cart, so the second pricing is kept.
 */
const STABLE_ATTRIBUTES = new Set(["region_id", "item_total"])

/**
 * True when the cart's shipping methods are exactly the ones just added, each for a flat-rate
 * option whose prices depend only on stable attributes: Medusa's second pricing would then
 * keep every method and write back the amounts they already have.
 */
export function canReuseShippingPrices(
  cartMethods: { id: string; shipping_option_id?: string | null }[],
  addedMethodIds: string[],
  pricedOptions: PricedOption[]
): boolean {
  if (cartMethods.length === 0 || cartMethods.length !== addedMethodIds.length) return false
  const added = new Set(addedMethodIds)
  return cartMethods.every((method) => {
    if (!added.has(method.id)) return false
    const option = pricedOptions.find((o) => o.id === method.shipping_option_id)
    if (!option || option.price_type !== "flat") return false
    return (option.prices ?? []).every((price) =>
      (price.price_rules ?? []).every((rule) => STABLE_ATTRIBUTES.has(rule.attribute ?? ""))
    )
  })
}

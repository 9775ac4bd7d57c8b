import { refreshCannotChangeCart, type CartBeforeWrite } from "../quiet-refresh"

describe("refreshCannotChangeCart", () => {
  // A cart being filled: lines, no address, no shipping method, no promotion, no payment.
  const filling: CartBeforeWrite = {
    shipping_address: null,
    shipping_methods: [],
    items: [{ adjustments: [] }, { adjustments: null }],
    promotions: [],
    payment_collection: null,
  }

  it("skips the refresh of a cart being filled when the store has no automatic promotion", () => {
    expect(refreshCannotChangeCart({ cart_before: filling }, false)).toBe(true)
    expect(refreshCannotChangeCart({ cart_before: {} }, false)).toBe(true)
  })

  it("refreshes when the caller read nothing to go by", () => {
    expect(refreshCannotChangeCart({}, false)).toBe(false)
    expect(refreshCannotChangeCart({ cart_before: null }, false)).toBe(false)
  })

  it("refreshes a cart with a tax address: its new or changed lines get tax lines", () => {
    const addressed = { ...filling, shipping_address: { country_code: "de" } }
    expect(refreshCannotChangeCart({ cart_before: addressed }, false)).toBe(false)
    // An address without a country computes no tax, as Medusa's tax step decides.
    const noCountry = { ...filling, shipping_address: { country_code: null } }
    expect(refreshCannotChangeCart({ cart_before: noCountry }, false)).toBe(true)
  })

  it("refreshes a cart with a shipping method, whose price may depend on the lines", () => {
    const shipped = { ...filling, shipping_methods: [{ adjustments: [] }] }
    expect(refreshCannotChangeCart({ cart_before: shipped }, false)).toBe(false)
  })

  it("refreshes a cart with a payment collection, whose amount follows the total", () => {
    const paying = { ...filling, payment_collection: { id: "pay_col_1" } }
    expect(refreshCannotChangeCart({ cart_before: paying }, false)).toBe(false)
  })

  it("refreshes when promotions may change: a code, an adjustment, an automatic promotion", () => {
    const coded = { ...filling, promotions: [{ id: "promo_1" }] }
    const adjusted = { ...filling, items: [{ adjustments: [{ id: "caliadj_1" }] }] }
    expect(refreshCannotChangeCart({ cart_before: coded }, false)).toBe(false)
    expect(refreshCannotChangeCart({ cart_before: adjusted }, false)).toBe(false)
    expect(refreshCannotChangeCart({ cart_before: filling }, true)).toBe(false)
  })

  it("refreshes when the write itself asks for more than a line change", () => {
    const cart_before = filling
    expect(refreshCannotChangeCart({ cart_before, force_refresh: true }, false)).toBe(false)
    expect(refreshCannotChangeCart({ cart_before, shipping_methods: [{}] }, false)).toBe(false)
    expect(refreshCannotChangeCart({ cart_before, promo_codes: [] }, false)).toBe(false)
    expect(refreshCannotChangeCart({ cart_before, locale: "de-DE" }, false)).toBe(false)
    expect(refreshCannotChangeCart({ cart_before, shipping_methods: [] }, false)).toBe(true)
  })
})

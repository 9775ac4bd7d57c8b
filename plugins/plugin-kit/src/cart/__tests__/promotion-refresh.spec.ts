import { promotionsMayChange } from "../promotion-refresh"

describe("promotionsMayChange", () => {
  const plain = {
    promotions: [],
    items: [{ adjustments: [] }, { adjustments: null }],
    shipping_methods: [{ adjustments: [] }],
  }

  it("leaves a cart without codes or adjustments alone when the store has no automatic promotion", () => {
    expect(promotionsMayChange(plain, false)).toBe(false)
    expect(promotionsMayChange({}, false)).toBe(false)
  })

  it("recomputes when the store has an automatic promotion, which may apply to any cart", () => {
    expect(promotionsMayChange(plain, true)).toBe(true)
  })

  it("recomputes a cart with a promotion code", () => {
    expect(promotionsMayChange({ ...plain, promotions: [{ code: "WELCOME10" }] }, false)).toBe(true)
  })

  it("recomputes a cart whose line or shipping method carries an adjustment to replace or remove", () => {
    const line = { ...plain, items: [{ adjustments: [{ code: "GONE" }] }] }
    const shipping = { ...plain, shipping_methods: [{ adjustments: [{ code: "FREESHIP" }] }] }
    expect(promotionsMayChange(line, false)).toBe(true)
    expect(promotionsMayChange(shipping, false)).toBe(true)
  })
})

import { findAmountMismatches, type GuardedCart } from "../amount-guard"

function cart(total: number | string, sessions: GuardedCart["payment_collection"]): GuardedCart {
  return { id: "cart_1", currency_code: "eur", total, payment_collection: sessions }
}

describe("findAmountMismatches", () => {
  it("accepts a session for exactly the cart total, however the amounts are written", () => {
    const c = cart(64.93, {
      id: "pc_1",
      payment_sessions: [{ id: "ps_1", status: "pending", amount: "64.930", currency_code: "eur" }],
    })
    expect(findAmountMismatches(c)).toEqual([])
  })

  it("reports a session for a different amount, with both amounts", () => {
    const c = cart(64.93, {
      id: "pc_1",
      payment_sessions: [{ id: "ps_1", status: "authorized", amount: 63.93, currency_code: "eur" }],
    })
    expect(findAmountMismatches(c)).toEqual([
      expect.objectContaining({ sessionAmount: "63.93", cartTotal: "64.93", currency: "EUR" }),
    ])
  })

  it("reports a session in another currency even when the number matches", () => {
    const c = cart(10, {
      id: "pc_1",
      payment_sessions: [{ id: "ps_1", status: "pending", amount: 10, currency_code: "usd" }],
    })
    expect(findAmountMismatches(c)).toHaveLength(1)
  })

  it("compares at the currency's precision: noise and sub-cent tax are not a mismatch", () => {
    const session = (amount: number | string, currency = "eur") => ({
      id: "pc_1",
      payment_sessions: [{ id: "ps_1", status: "pending", amount, currency_code: currency }],
    })
    // A zero total as Medusa's arithmetic leaves it, against a session for 0.
    expect(findAmountMismatches(cart(-3.99996e-16, session(0)))).toEqual([])
    expect(findAmountMismatches(cart("0.3", session("0.30000000000000004")))).toEqual([])
    expect(findAmountMismatches(cart("41.562425", session("41.56")))).toEqual([])
    // A percentage discount leaves a half cent; the cart's total carries it with noise below it.
    expect(findAmountMismatches(cart("306.40499999999999853", session("306.405")))).toEqual([])
    expect(findAmountMismatches(cart("306.405", session("306.40499999999999853")))).toEqual([])
    // One cent apart is a different payment.
    expect(findAmountMismatches(cart("41.57", session("41.56")))).toHaveLength(1)
    // Whole yen: 100.4 JPY is charged as 100, 101 is not.
    const yen = (total: number, amount: number): GuardedCart => ({
      ...cart(total, session(amount, "jpy")),
      currency_code: "jpy",
    })
    expect(findAmountMismatches(yen(100.4, 100))).toEqual([])
    expect(findAmountMismatches(yen(101, 100))).toHaveLength(1)
  })

  it("ignores sessions Medusa would not use: errored or canceled ones", () => {
    const c = cart(5, {
      id: "pc_1",
      payment_sessions: [
        { id: "ps_1", status: "error", amount: 1 },
        { id: "ps_2", status: "canceled", amount: 2 },
      ],
    })
    expect(findAmountMismatches(c)).toEqual([])
  })
})

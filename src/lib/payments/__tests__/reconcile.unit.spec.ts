import { comparePayment, type Books } from "../reconcile"

const books = (over: Partial<Books> = {}): Books => ({
  currency: "eur",
  amount: "49.94",
  captured: "49.94",
  refunded: "0",
  known: ["CAP-1"],
  ...over,
})

describe("comparing a payment's books with its gateway", () => {
  it("finds nothing when they agree, sub-cent books included", () => {
    const out = comparePayment(books({ captured: "49.940000001" }), {
      captures: [{ id: "CAP-1", amount: "49.94" }],
      refunds: [],
    })
    expect(out).toEqual({
      books: { captured: "49.94", refunded: "0.00", canceled: false },
      gateway: { captured: "49.94", refunded: "0.00" },
      repairs: [],
      problems: [],
    })
  })

  it("compares at the gateway's step: Stripe charged 12.345 KWD as 12.350", () => {
    const kwd = books({ currency: "kwd", amount: "12.345", captured: "12.345", known: ["pi_1"] })
    const gateway = { captures: [{ id: "pi_1", amount: "12.35" }], refunds: [] }
    expect(comparePayment({ ...kwd, decimals: 2 }, gateway).problems).toEqual([])
    // At the currency's own three decimals the same books would look 0.005 short.
    expect(comparePayment(kwd, gateway).problems).toEqual([
      "the books hold 12.345 KWD captured, the gateway 12.350 KWD",
    ])
  })

  it("books a refund made in the gateway's dashboard as a repair", () => {
    const out = comparePayment(books(), {
      captures: [{ id: "CAP-1", amount: "49.94" }],
      refunds: [{ id: "REF-9", amount: "5.00" }],
    })
    expect(out.repairs).toEqual([{ kind: "refund", movement: { id: "REF-9", amount: "5.00" } }])
    expect(out.problems).toEqual([])
  })

  it("books a capture whose answer was lost", () => {
    const out = comparePayment(books({ captured: "0", known: [] }), {
      captures: [{ id: "CAP-2", amount: "20.00" }],
      refunds: [],
    })
    expect(out.repairs).toEqual([{ kind: "capture", movement: { id: "CAP-2", amount: "20.00" } }])
  })

  it("flags books that hold money the gateway never moved, and repairs nothing then", () => {
    const out = comparePayment(books({ refunded: "10", known: ["CAP-1"] }), {
      captures: [{ id: "CAP-1", amount: "49.94" }],
      refunds: [{ id: "REF-3", amount: "4.00" }],
    })
    expect(out.repairs).toEqual([])
    expect(out.problems).toEqual(["the books hold 10.00 EUR refunded, the gateway 4.00 EUR"])
  })

  it("flags a gateway that captured more than the payment", () => {
    const out = comparePayment(books({ captured: "0", known: [] }), {
      captures: [{ id: "CAP-7", amount: "60.00" }],
      refunds: [],
    })
    expect(out.problems).toEqual(["the gateway captured more than the payment's 49.94 EUR"])
  })

  it("books an authorization voided at the gateway as the payment's cancellation", () => {
    const authorized = books({ captured: "0", known: [] })
    const out = comparePayment(authorized, {
      captures: [],
      refunds: [],
      authorization: { id: "AUTH-1", state: "voided" },
    })
    expect(out.repairs).toEqual([{ kind: "void", movement: { id: "AUTH-1", amount: "49.94" } }])
    expect(out.problems).toEqual([])
    expect(out.gateway.authorization).toBe("voided")
    // Once canceled in the books, the two agree.
    const after = comparePayment(
      { ...authorized, canceled: true },
      { captures: [], refunds: [], authorization: { id: "AUTH-1", state: "voided" } }
    )
    expect(after).toMatchObject({ repairs: [], problems: [], books: { canceled: true } })
  })

  it("repairs no void of a payment that captured money: a partial capture's rest released", () => {
    const out = comparePayment(books({ captured: "20.00", known: ["CAP-1"] }), {
      captures: [{ id: "CAP-1", amount: "20.00" }],
      refunds: [],
      authorization: { id: "AUTH-1", state: "voided" },
    })
    expect(out).toMatchObject({ repairs: [], problems: [] })
  })

  it("flags a payment canceled in the books whose authorization the gateway still holds", () => {
    const out = comparePayment(books({ captured: "0", known: [], canceled: true }), {
      captures: [],
      refunds: [],
      authorization: { id: "pi_9", state: "open" },
    })
    expect(out.repairs).toEqual([])
    expect(out.problems).toEqual([
      "the books hold the payment canceled, the gateway still holds its authorization (pi_9) of 49.94 EUR: void it at the gateway",
    ])
  })

  it("leaves an open authorization of a payment the books hold authorized alone", () => {
    const out = comparePayment(books({ captured: "0", known: [] }), {
      captures: [],
      refunds: [],
      authorization: { id: "AUTH-2", state: "open" },
    })
    expect(out).toMatchObject({ repairs: [], problems: [], gateway: { authorization: "open" } })
  })
})

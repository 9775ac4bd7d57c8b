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
      books: { captured: "49.94", refunded: "0.00" },
      gateway: { captured: "49.94", refunded: "0.00" },
      repairs: [],
      problems: [],
    })
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
})

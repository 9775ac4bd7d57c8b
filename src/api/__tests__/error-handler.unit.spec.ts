import { MedusaError } from "@medusajs/framework/utils"
import { isGatewayFailure, requestCausedError } from "../error-handler"

describe("isGatewayFailure", () => {
  const sessions = "/store/payment-collections/pay_col_1/payment-sessions"

  it("treats an unclassified error on a route that calls the gateway as a gateway failure", () => {
    expect(isGatewayFailure(new Error("connect ETIMEDOUT"), sessions)).toBe(true)
    expect(isGatewayFailure(new Error("api_error"), "/admin/payments/pay_1/capture")).toBe(true)
    expect(isGatewayFailure(new Error("api_error"), "/admin/payments/pay_1/refund")).toBe(true)
    expect(isGatewayFailure(new Error("socket hang up"), "/admin/orders/order_1/cancel")).toBe(true)
  })

  it("keeps Medusa's own errors, whose status already says what went wrong", () => {
    const notAllowed = new MedusaError(MedusaError.Types.NOT_ALLOWED, "refund too large")
    expect(isGatewayFailure(notAllowed, "/admin/payments/pay_1/refund")).toBe(false)
    const invalid = new MedusaError(MedusaError.Types.INVALID_DATA, "provider_id is required")
    expect(isGatewayFailure(invalid, sessions)).toBe(false)
  })

  it("leaves other routes to Medusa's handler", () => {
    expect(isGatewayFailure(new Error("boom"), "/store/carts")).toBe(false)
    expect(isGatewayFailure(new Error("boom"), "/admin/payments/pay_1")).toBe(false)
  })

  it("treats a provider's own outage error as a gateway failure on any route", () => {
    const outage = new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "PayPal did not answer POST /v2/checkout/orders/1/authorize after 3 attempts (HTTP 500)",
      "payment_provider_unavailable"
    )
    expect(isGatewayFailure(outage, "/store/carts/cart_1/complete")).toBe(true)
    const other = new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "boom", "other_code")
    expect(isGatewayFailure(other, "/store/carts/cart_1/complete")).toBe(false)
  })
})

describe("requestCausedError", () => {
  it("answers an order by a field that does not exist as invalid data", () => {
    const refusal = requestCausedError(
      new Error("Trying to order by not existing property Product.nope OR '1'='1")
    )
    expect(refusal?.type).toBe(MedusaError.Types.INVALID_DATA)
    expect(refusal?.message).toBe(`Invalid query: cannot order by "nope OR '1'='1"`)
  })

  it("turns the stock guard's database error into Medusa's not_allowed, without the SQL", () => {
    const message =
      'insert into "reservation_item" ("id", "quantity") values ($1, $2) - Not enough stock ' +
      "available for item iitem_1 at location sloc_1"
    const driverError = Object.assign(new Error(message), { hint: "zoco_oversell_guard" })
    const refusal = requestCausedError(driverError)
    expect(refusal).toBeInstanceOf(MedusaError)
    expect(refusal?.type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect(refusal?.message).toBe("Not enough stock available for item iitem_1 at location sloc_1")
    // Wrapped by another layer, as an ORM may: still the guard's.
    const wrapped = Object.assign(new Error("transaction failed"), { cause: driverError })
    expect(requestCausedError(wrapped)?.message).toBe(refusal?.message)
  })

  it("recognises the guard by its hint, not by words another error could carry", () => {
    const lookalike = new Error(
      "product note: Not enough stock available for item iitem_1 at location sloc_1"
    )
    expect(requestCausedError(lookalike)).toBeUndefined()
  })

  it("leaves other errors, and Medusa's own stock refusal, as they are", () => {
    expect(requestCausedError(new Error("connection refused"))).toBeUndefined()
    const medusa = new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "Not enough stock available for item iitem_1 at location sloc_1"
    )
    expect(requestCausedError(medusa)).toBeUndefined()
    expect(requestCausedError(null)).toBeUndefined()
  })
})

import { MedusaError } from "@medusajs/framework/utils"
import { isGatewayFailure } from "../error-handler"

describe("isGatewayFailure", () => {
  const sessions = "/store/payment-collections/pay_col_1/payment-sessions"

  it("treats an unclassified error on a route that calls the gateway as a gateway failure", () => {
    expect(isGatewayFailure(new Error("connect ETIMEDOUT"), sessions)).toBe(true)
    expect(isGatewayFailure(new Error("api_error"), "/admin/payments/pay_1/capture")).toBe(true)
    expect(isGatewayFailure(new Error("api_error"), "/admin/payments/pay_1/refund")).toBe(true)
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

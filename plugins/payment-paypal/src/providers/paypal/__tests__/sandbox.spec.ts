import { PaymentSessionStatus } from "@medusajs/framework/utils"
import PayPalProviderService from "../service"
import type { PayPalSessionData } from "../types"

// Against PayPal's real sandbox, with the credentials of a sandbox REST app. Never against live:
// the environment is fixed to "sandbox" whatever PAYPAL_ENVIRONMENT says.
const { PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET, PAYPAL_ENVIRONMENT } = process.env
const skipReason =
  !PAYPAL_CLIENT_ID || !PAYPAL_CLIENT_SECRET
    ? "set PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET (a sandbox REST app) to run it"
    : PAYPAL_ENVIRONMENT === "live"
      ? "PAYPAL_ENVIRONMENT is live, and this test only ever uses the sandbox"
      : undefined

if (skipReason) {
  process.stderr.write(`PayPal sandbox test skipped: ${skipReason}.\n`)
}

const describeSandbox = skipReason ? describe.skip : describe

describeSandbox("PayPal provider against PayPal's sandbox", () => {
  jest.setTimeout(60_000)

  const paypal = new PayPalProviderService(
    {},
    {
      clientId: PAYPAL_CLIENT_ID as string,
      clientSecret: PAYPAL_CLIENT_SECRET as string,
      environment: "sandbox",
      brandName: "Zoco sandbox test",
    }
  )

  it("creates an order for the buyer to approve and reads it back", async () => {
    const sessionId = `payses_sandbox_${Date.now()}`
    const created = await paypal.initiatePayment({
      amount: 12.5,
      currency_code: "eur",
      data: { session_id: sessionId, return_url: "https://example.com/return" },
      context: { idempotency_key: sessionId },
    })
    const data = created.data as PayPalSessionData
    expect(created.status).toBe(PaymentSessionStatus.REQUIRES_MORE)
    expect(data).toMatchObject({
      id: created.id,
      session_id: sessionId,
      intent: "AUTHORIZE",
      currency_code: "EUR",
      value: "12.50",
    })
    expect(data.approval_url).toMatch(/^https:\/\/www\.sandbox\.paypal\.com\//)

    const read = await paypal.retrievePayment({ data })
    expect(read.data).toMatchObject({ id: created.id, value: "12.50", currency_code: "EUR" })

    // Nobody approved it: completing the cart now must send the buyer back to PayPal.
    const early = await paypal.authorizePayment({ data })
    expect(early.status).toBe(PaymentSessionStatus.REQUIRES_MORE)
  })
})

import StripeProvider from "@medusajs/medusa/payment-stripe"
import type { IPaymentProvider, Logger } from "@medusajs/framework/types"
import Stripe from "stripe"

// Runs Medusa's Stripe provider, as Zoco configures it, against Stripe's real
// test mode. Only a test-mode secret key enables it; nothing here moves money.
const key = process.env.STRIPE_API_KEY ?? ""
const live = key.startsWith("sk_test_")

if (!live) {
  process.stdout.write(
    "Stripe sandbox tests skipped: set STRIPE_API_KEY to a test-mode key (sk_test_…) to run them.\n"
  )
}

type ProviderClass = new (cradle: { logger: Logger }, options: object) => IPaymentProvider

const logger = { error: () => undefined, warn: () => undefined, info: () => undefined }

;(live ? describe : describe.skip)("Stripe sandbox", () => {
  let provider: IPaymentProvider
  let stripe: Stripe

  beforeAll(() => {
    const Service = StripeProvider.services[0] as unknown as ProviderClass
    provider = new Service({ logger: logger as unknown as Logger }, { apiKey: key })
    stripe = new Stripe(key)
  })

  it("authorizes a test card, captures, and refunds part of it", async () => {
    const session = await provider.initiatePayment({
      amount: 12.5,
      currency_code: "eur",
      data: { session_id: `payses_sandbox_${Date.now()}` },
      context: { idempotency_key: `zoco-sandbox-${Date.now()}` },
    })
    const intentId = session.id
    const intent = await stripe.paymentIntents.retrieve(intentId)
    expect(intent.amount).toBe(1250)
    expect(intent.capture_method).toBe("manual")

    await stripe.paymentIntents.confirm(intentId, {
      payment_method: "pm_card_visa",
      return_url: "https://example.com/return",
    })
    const authorized = await provider.authorizePayment({ data: { id: intentId } })
    expect(authorized.status).toBe("authorized")

    await provider.capturePayment({ data: { id: intentId } })
    expect((await stripe.paymentIntents.retrieve(intentId)).status).toBe("succeeded")

    await provider.refundPayment({ data: { id: intentId }, amount: 5 })
    const refunds = await stripe.refunds.list({ payment_intent: intentId })
    expect(refunds.data.map((r) => r.amount)).toEqual([500])
  })

  it("reports a declined card as not authorized", async () => {
    const session = await provider.initiatePayment({
      amount: 3,
      currency_code: "eur",
      data: { session_id: `payses_sandbox_declined_${Date.now()}` },
    })
    await stripe.paymentIntents
      .confirm(session.id, { payment_method: "pm_card_chargeDeclined" })
      .catch((error: Stripe.errors.StripeError) => expect(error.code).toBe("card_declined"))
    const status = await provider.authorizePayment({ data: { id: session.id } })
    expect(status.status).not.toBe("authorized")
  })
})

import type { Logger } from "@medusajs/framework/types"
import { StripeFake } from "../__fixtures__/stripe-fake"
import { ZocoStripeProviderService } from "../service"

// The provider as Medusa's payment module drives it, against the Stripe stand-in, which refuses
// three-decimal amounts that are not multiples of 10 minor units and refunds above what is left,
// as Stripe does.

const stripe = new StripeFake()
let provider: ZocoStripeProviderService
beforeAll(async () => {
  const apiBase = await stripe.start()
  provider = new ZocoStripeProviderService(
    { logger: quiet },
    { apiKey: "sk_test_zoco_fake", capture: false, apiBase }
  )
})
afterAll(() => stripe.stop())

const quiet = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as unknown as Logger

let attempt = 0
const key = () => ({ idempotency_key: `attempt_${++attempt}` })

/** A captured card payment of `amount`, as Medusa makes it: session, authorization, capture. */
async function captured(amount: number, currency: string) {
  const init = await provider.initiatePayment({ amount, currency_code: currency, context: key() })
  const intentId = init.data!.id as string
  stripe.confirm(intentId, "authorized")
  const auth = await provider.authorizePayment({ data: init.data, context: key() })
  const capture = await provider.capturePayment({ data: auth.data, context: key() })
  return { intentId, data: capture.data }
}

describe("Stripe in three-decimal currencies", () => {
  it("charges a KWD total rounded half-up to Stripe's 10 fils, then refunds it in whole steps", async () => {
    const { intentId, data } = await captured(12.345, "kwd")
    expect(stripe.intents.get(intentId)!.amount_received).toBe(12350)
    const half = await provider.refundPayment({ data, amount: 6, context: key() })
    await provider.refundPayment({ data: half.data, amount: 6.345, context: key() })
    expect(stripe.refundedOf(intentId)).toEqual([6000, 6350])
  })

  it("charges 12.341 KWD as 12.340, where Medusa alone would round up to 12.350", async () => {
    const { intentId } = await captured(12.341, "kwd")
    expect(stripe.intents.get(intentId)!.amount_received).toBe(12340)
  })

  it("leaves two-decimal currencies to Medusa's rounding", async () => {
    const { intentId } = await captured(41.562425, "usd")
    expect(stripe.intents.get(intentId)!.amount_received).toBe(4156)
  })
})

describe("a total with digits below the cent", () => {
  it("refunds in full in two parts even when the charge was rounded down", async () => {
    const { intentId, data } = await captured(41.562425, "usd")
    const most = await provider.refundPayment({ data, amount: 41.56, context: key() })
    // The rest, 0.002425 USD, was never charged: booked, nothing more is asked of Stripe.
    const rest = await provider.refundPayment({ data: most.data, amount: 0.002425, context: key() })
    expect(stripe.refundedOf(intentId)).toEqual([4156])
    const refunds = (rest.data as { zoco_refunds: { minor: number; amount: string }[] })
      .zoco_refunds
    expect(refunds.map((r) => [r.minor, r.amount])).toEqual([
      [4156, "41.56"],
      [0, "0.002425"],
    ])
  })
})

import type { Logger } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { GATEWAY_UNAVAILABLE } from "../../../lib/payments/errors"
import { FAULTS } from "../../../../plugins/payment-paypal/src/providers/paypal/__fixtures__/fault-proxy"
import { StripeFake } from "../__fixtures__/stripe-fake"
import { ZocoStripeProviderService } from "../service"

// The provider as Medusa's payment module drives it, reaching a Stripe stand-in over HTTP through
// a proxy that injects the network's faults on every money-moving call. Medusa makes a new
// capture, refund or session id on every attempt and hands it to the provider as the idempotency
// key; after every scenario the money at Stripe equals the money in the books, and each operation
// moved money at most once.

const stripe = new StripeFake()
const quiet = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as unknown as Logger
let provider: ZocoStripeProviderService
beforeAll(async () => {
  const apiBase = await stripe.start()
  // A request that never gets an answer costs a second per try.
  provider = new ZocoStripeProviderService(
    { logger: quiet },
    { apiKey: "sk_test_zoco_fake", capture: false, apiBase, timeoutMs: 1_000 }
  )
})
afterAll(() => stripe.stop())
afterEach(() => stripe.heal())

let ids = 0
const attemptId = (kind: string) => `${kind}_${++ids}`

/** What Medusa's payment module holds for one payment: the provider's data and its totals. */
class Books {
  captured = MathBN.convert(0)
  refunded = MathBN.convert(0)
  constructor(
    public data: Record<string, unknown>,
    readonly amount: number
  ) {}

  get intentId() {
    return this.data.id as string
  }

  async capture() {
    const out = await provider.capturePayment({
      data: this.data,
      context: { idempotency_key: attemptId("capt") },
    })
    this.data = out.data!
    this.captured = MathBN.add(this.captured, this.amount)
  }

  async refund(amount: number) {
    const out = await provider.refundPayment({
      data: this.data,
      amount,
      context: { idempotency_key: attemptId("ref") },
    })
    this.data = out.data!
    this.refunded = MathBN.add(this.refunded, amount)
  }

  async cancel() {
    const out = await provider.cancelPayment({
      data: this.data,
      context: { idempotency_key: attemptId("void") },
    })
    this.data = out.data!
  }
}

/** A card payment of `amount` EUR authorized in the buyer's browser, as Medusa holds it. */
async function authorized(amount: number) {
  const sessionId = attemptId("payses")
  const init = await provider.initiatePayment({
    amount,
    currency_code: "eur",
    data: { session_id: sessionId },
    context: { idempotency_key: sessionId },
  })
  stripe.confirm(init.data!.id as string, "authorized")
  const auth = await provider.authorizePayment({
    data: init.data,
    context: { idempotency_key: attemptId("auth") },
  })
  return new Books(auth.data!, amount)
}

async function failureOf(op: () => Promise<unknown>): Promise<unknown> {
  return op().then(
    () => undefined,
    (e: unknown) => e
  )
}

describe("Stripe: every money-moving call under every network fault", () => {
  type Call = {
    path: RegExp
    /** Makes the state the call starts from; returns the call, as Medusa makes it, and checks. */
    arrange: () => Promise<{ call: () => Promise<unknown>; check: () => void }>
  }
  const calls: Record<string, Call> = {
    "creating the payment intent": {
      path: /^\/v1\/payment_intents$/,
      arrange: async () => {
        const sessionId = attemptId("payses")
        let answer: Record<string, unknown> | undefined
        const call = async () => {
          const out = await provider.initiatePayment({
            amount: 30,
            currency_code: "eur",
            data: { session_id: sessionId },
            context: { idempotency_key: sessionId },
          })
          answer = out.data
        }
        const check = () => {
          const intents = [...stripe.intents.values()].filter(
            (i) => i.metadata.session_id === sessionId
          )
          expect(intents).toHaveLength(1)
          // The session holds the intent Stripe made, so the buyer can pay it.
          expect(answer?.id).toBe(intents[0].id)
        }
        return { call, check }
      },
    },
    capturing: {
      path: /^\/v1\/payment_intents\/[^/]+\/capture$/,
      arrange: async () => {
        const books = await authorized(49.94)
        const check = () => {
          const intent = stripe.intents.get(books.intentId)!
          expect({ status: intent.status, received: intent.amount_received }).toEqual({
            status: "succeeded",
            received: 4994,
          })
          expect(books.captured.toFixed()).toBe("49.94")
        }
        return { call: () => books.capture(), check }
      },
    },
    refunding: {
      path: /^\/v1\/refunds$/,
      arrange: async () => {
        const books = await authorized(49.94)
        await books.capture()
        const check = () => {
          expect(stripe.refundedOf(books.intentId)).toEqual([1000])
          expect(books.refunded.toFixed()).toBe("10")
        }
        return { call: () => books.refund(10), check }
      },
    },
    voiding: {
      path: /^\/v1\/payment_intents\/[^/]+\/cancel$/,
      arrange: async () => {
        const books = await authorized(49.94)
        const check = () => {
          const intent = stripe.intents.get(books.intentId)!
          expect({ status: intent.status, received: intent.amount_received }).toEqual({
            status: "canceled",
            received: 0,
          })
          expect(books.data.status).toBe("canceled")
        }
        return { call: () => books.cancel(), check }
      },
    },
  }

  const cases = Object.keys(calls).flatMap((name) => FAULTS.map((fault) => [name, fault] as const))
  it.each(cases)("%s meeting %s, then retried: the money moves once", async (name, fault) => {
    const { call, check } = await calls[name].arrange()
    // Every try meets the fault: the SDK's own retry, and Medusa's retries of a session.
    stripe.proxy.inject(fault, "POST", calls[name].path, 10)
    const failed = await failureOf(call)
    stripe.heal()
    // The merchant, the storefront or Medusa tries again, as it would after a 502.
    if (failed) await call()
    check()
  })
})

describe("Stripe not answering while a payment session is created", () => {
  const intentsPath = /^\/v1\/payment_intents$/

  function createSession(sessionId: string) {
    return provider.initiatePayment({
      amount: 30,
      currency_code: "eur",
      data: { session_id: sessionId },
      context: { idempotency_key: sessionId },
    })
  }

  it("fails with the gateway error after the SDK's two tries, not Medusa's eight", async () => {
    stripe.proxy.inject("hang", "POST", intentsPath, 10)
    const failed = (await failureOf(() => createSession(attemptId("payses")))) as {
      code?: string
      message?: string
    }
    expect(failed?.code).toBe(GATEWAY_UNAVAILABLE)
    expect(failed?.message).toMatch(/did not answer in time.*nothing was charged/i)
    // Each try waits out the 1 s time limit: two tries, where Medusa's retries made eight.
    expect(stripe.proxy.faultsMet).toBe(2)
  })

  it("still retries quick refusals with Medusa's back-off, and makes one intent", async () => {
    const sessionId = attemptId("payses")
    // Both of the SDK's tries are refused at once; Medusa's second try gets through.
    stripe.proxy.inject("reset", "POST", intentsPath, 2)
    const out = await createSession(sessionId)
    expect(stripe.proxy.faultsMet).toBe(2)
    const intents = [...stripe.intents.values()].filter((i) => i.metadata.session_id === sessionId)
    expect(intents.map((i) => i.id)).toEqual([out.data?.id])
  })
})

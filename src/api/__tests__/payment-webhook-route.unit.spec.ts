import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, defineConfig, Modules } from "@medusajs/framework/utils"
import { parseEnv } from "../../lib/env"
import { paymentModule } from "../../lib/modules"
import { POST } from "../hooks/payment/[provider]/route"

type Emitted = { message: { name: string; data: unknown }; options: unknown }

/** The route against a config built as medusa-config.ts builds it, with a recording event bus. */
async function deliver(envVars: Record<string, string>, opts: { busFails?: boolean } = {}) {
  const config = defineConfig({ modules: paymentModule(parseEnv(envVars)) })
  const emitted: Emitted[] = []
  const bus = {
    emit: async (message: Emitted["message"], options: unknown) => {
      if (opts.busFails) throw new Error("the event bus is down")
      emitted.push({ message, options })
    },
  }
  const answer: { status?: number; body?: unknown } = {}
  const req = {
    params: { provider: "stripe_stripe" },
    body: { id: "evt_1" },
    rawBody: Buffer.from('{"id":"evt_1"}'),
    headers: { "stripe-signature": "t=1,v1=abc" },
    scope: {
      resolve: (key: string) => {
        if (key === ContainerRegistrationKeys.CONFIG_MODULE) return config
        if (key === Modules.EVENT_BUS) return bus
        throw new Error(`unexpected resolve of ${key}`)
      },
    },
  } as unknown as MedusaRequest
  const res = {
    status(code: number) {
      answer.status = code
      return this
    },
    send(body: unknown) {
      answer.body = body
      return this
    },
    sendStatus(code: number) {
      answer.status = code
      return this
    },
  } as unknown as MedusaResponse
  await POST(req, res)
  return { emitted, answer }
}

describe("POST /hooks/payment/:provider", () => {
  it("handles the webhook after PAYMENT_WEBHOOK_DELAY_MS, tried PAYMENT_WEBHOOK_RETRIES times", async () => {
    const { emitted, answer } = await deliver({
      STRIPE_API_KEY: "sk_test_123",
      PAYMENT_WEBHOOK_DELAY_MS: "250",
      PAYMENT_WEBHOOK_RETRIES: "5",
    })
    expect(answer.status).toBe(200)
    expect(emitted).toEqual([
      {
        message: {
          name: "payment.webhook_received",
          data: {
            provider: "stripe_stripe",
            payload: {
              data: { id: "evt_1" },
              rawData: Buffer.from('{"id":"evt_1"}'),
              headers: { "stripe-signature": "t=1,v1=abc" },
            },
          },
        },
        options: { delay: 250, attempts: 5 },
      },
    ])
  })

  it("keeps Medusa's 5 s and 3 tries when nothing is configured", async () => {
    const configured = await deliver({ STRIPE_API_KEY: "sk_test_123" })
    expect(configured.emitted[0].options).toEqual({ delay: 5_000, attempts: 3 })
    // No gateway: Medusa's own payment module, without options.
    const bare = await deliver({})
    expect(bare.emitted[0].options).toEqual({ delay: 5_000, attempts: 3 })
  })

  it("may handle a webhook at once: a delay of 0 is not Medusa's default", async () => {
    const { emitted } = await deliver({
      STRIPE_API_KEY: "sk_test_123",
      PAYMENT_WEBHOOK_DELAY_MS: "0",
    })
    expect(emitted[0].options).toEqual({ delay: 0, attempts: 3 })
  })

  it("answers 400 with the reason when the event cannot be queued", async () => {
    const { answer } = await deliver({ STRIPE_API_KEY: "sk_test_123" }, { busFails: true })
    expect(answer).toEqual({ status: 400, body: "Webhook Error: the event bus is down" })
  })
})

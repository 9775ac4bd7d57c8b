import nock from "nock"
import { URLSearchParams } from "url"

export type FakeIntent = {
  id: string
  object: "payment_intent"
  amount: number
  amount_received: number
  amount_capturable: number
  currency: string
  capture_method: string
  status: string
  metadata: Record<string, string>
  client_secret: string
  last_payment_error: null | { code: string; message: string }
}

export type RecordedRequest = { method: string; path: string; body: Record<string, unknown> }

/** How the next matching calls fail: an HTTP status from Stripe, or no answer at all. */
export type StripeFault = { status: 500 | 503 } | { network: "ETIMEDOUT" | "ECONNRESET" }

/** Stripe's form encoding (a[b]=c) back into an object, as the API reads it. */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, "").split("[")
    let node = out as Record<string, unknown>
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = value
      else node = (node[part] ??= {}) as Record<string, unknown>
    })
  }
  return out
}

/**
 * Stripe's REST API answered at the network edge (api.stripe.com intercepted
 * in-process), stateful for payment intents and refunds, with the requests
 * the provider sent recorded for assertions.
 *
 * nock 13 rather than 14: 14's socket emulation never emits `secureConnect`,
 * which the Stripe SDK waits for before writing a request body.
 */
export class StripeFake {
  readonly intents = new Map<string, FakeIntent>()
  readonly refunds: { payment_intent: string; amount: number }[] = []
  readonly requests: RecordedRequest[] = []
  private seq = 0

  start() {
    nock.disableNetConnect()
    nock.enableNetConnect(/(localhost|127\.0\.0\.1)/)
    this.install()
  }

  /**
   * Makes the next `times` calls matching `method` and `path` fail. nock
   * matches interceptors in the order they were added, so the fault goes
   * first and the stateful API is re-added behind it.
   */
  fail(method: "GET" | "POST", path: RegExp, fault: StripeFault, times = 10) {
    nock.cleanAll()
    const interceptor = nock("https://api.stripe.com").intercept(path, method).times(times)
    if ("status" in fault) {
      interceptor.reply(fault.status, {
        error: { type: "api_error", message: "An unexpected error occurred." },
      })
    } else {
      interceptor.replyWithError({ code: fault.network, message: `connect ${fault.network}` })
    }
    this.install()
  }

  /** Removes injected faults, keeping the stateful API and its state. */
  heal() {
    nock.cleanAll()
    this.install()
  }

  private install() {
    const scope = nock("https://api.stripe.com").persist()
    scope.post("/v1/payment_intents").reply((uri: string, body: nock.Body) => {
      const form = this.record("POST", uri, body)
      const id = `pi_fake_${++this.seq}`
      const intent: FakeIntent = {
        id,
        object: "payment_intent",
        amount: Number(form.amount),
        amount_received: 0,
        amount_capturable: 0,
        currency: String(form.currency),
        capture_method: String(form.capture_method ?? "automatic"),
        status: "requires_payment_method",
        metadata: (form.metadata ?? {}) as Record<string, string>,
        client_secret: `${id}_secret_fake`,
        last_payment_error: null,
      }
      this.intents.set(id, intent)
      return [200, intent]
    })
    scope.get(/\/v1\/payment_intents\/[^/?]+/).reply((uri: string) => {
      this.record("GET", uri, "")
      const intent = this.intents.get(uri.split("/")[3].split("?")[0])
      return intent
        ? [200, intent]
        : [404, { error: { type: "invalid_request_error", message: "No such payment_intent" } }]
    })
    scope.post(/\/v1\/payment_intents\/[^/]+\/capture/).reply((uri: string, body: nock.Body) => {
      this.record("POST", uri, body)
      const intent = this.intents.get(uri.split("/")[3])!
      if (intent.status !== "requires_capture") {
        return [
          400,
          {
            error: {
              type: "invalid_request_error",
              code: "payment_intent_unexpected_state",
              message: "not capturable",
              payment_intent: intent,
            },
          },
        ]
      }
      intent.status = "succeeded"
      intent.amount_received = intent.amount_capturable
      intent.amount_capturable = 0
      return [200, intent]
    })
    scope.post(/\/v1\/payment_intents\/[^/]+\/cancel/).reply((uri: string, body: nock.Body) => {
      this.record("POST", uri, body)
      const intent = this.intents.get(uri.split("/")[3])!
      intent.status = "canceled"
      return [200, intent]
    })
    scope.post(/\/v1\/payment_intents\/[^/]+$/).reply((uri: string, body: nock.Body) => {
      const form = this.record("POST", uri, body)
      const intent = this.intents.get(uri.split("/")[3])!
      if (form.amount) intent.amount = Number(form.amount)
      return [200, intent]
    })
    scope.post("/v1/refunds").reply((uri: string, body: nock.Body) => {
      const form = this.record("POST", uri, body)
      const refund = { payment_intent: String(form.payment_intent), amount: Number(form.amount) }
      this.refunds.push(refund)
      return [
        200,
        { id: `re_fake_${this.refunds.length}`, object: "refund", status: "succeeded", ...refund },
      ]
    })
  }

  stop() {
    nock.cleanAll()
    nock.enableNetConnect()
  }

  /** A webhook event about an intent, as Stripe sends it (sign it before posting). */
  event(id: string, type: string, intentId: string) {
    return {
      id,
      object: "event",
      type,
      api_version: "2024-06-20",
      created: Math.floor(Date.now() / 1000),
      data: { object: { ...this.intents.get(intentId)! } },
    }
  }

  /** What Stripe.js does in the buyer's browser: confirm the card. */
  confirm(id: string, outcome: "authorized" | "declined") {
    const intent = this.intents.get(id)!
    if (outcome === "authorized") {
      if (intent.capture_method === "manual") {
        intent.status = "requires_capture"
        intent.amount_capturable = intent.amount
      } else {
        intent.status = "succeeded"
        intent.amount_received = intent.amount
      }
    } else {
      intent.status = "requires_payment_method"
      intent.last_payment_error = { code: "card_declined", message: "Your card was declined." }
    }
  }

  private record(method: string, uri: string, body: nock.Body): Record<string, unknown> {
    const form =
      typeof body === "string" ? parseForm(body) : ((body ?? {}) as Record<string, unknown>)
    this.requests.push({ method, path: uri, body: form })
    return form
  }
}

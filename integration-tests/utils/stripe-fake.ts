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

export type RecordedRequest = {
  method: string
  path: string
  body: Record<string, unknown>
  idempotencyKey?: string
}

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
export type FakeRefund = {
  id: string
  object: "refund"
  status: string
  payment_intent: string
  amount: number
  currency: string
  metadata: Record<string, string>
}

type Answer = [number, unknown]
type ReplyCallback = (err: NodeJS.ErrnoException | null, result: nock.ReplyFnResult) => void

const invalid = (code: string, message: string): Answer => [
  400,
  { error: { type: "invalid_request_error", code, message } },
]

// Stripe takes these in multiples of 10 minor units (its "three-decimal currencies").
const THREE_DECIMALS = new Set(["bhd", "iqd", "jod", "kwd", "omr", "tnd"])

/** Stripe's refusal of an amount its currency cannot carry, if `amount` is one. */
function unpayable(amount: number, currency: string): Answer | undefined {
  if (THREE_DECIMALS.has(currency.toLowerCase()) && amount % 10 !== 0) {
    return invalid(
      "amount_invalid",
      `Amounts in ${currency.toUpperCase()} must be divisible by 10 (the last digit must be 0).`
    )
  }
  return undefined
}

export class StripeFake {
  readonly intents = new Map<string, FakeIntent>()
  readonly refunds: FakeRefund[] = []
  readonly requests: RecordedRequest[] = []
  private seq = 0
  // Stripe answers a repeated Idempotency-Key with the first answer, without acting again.
  private readonly idempotent = new Map<string, Answer>()
  private lost: { path: RegExp; times: number }[] = []

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

  /**
   * The next `times` POSTs whose path matches act at Stripe, but their answers never arrive (the
   * connection drops), so the caller cannot know that Stripe did.
   */
  loseAnswers(path: RegExp, times = 1) {
    this.lost.push({ path, times })
  }

  /** Removes injected faults, keeping the stateful API and its state. */
  heal() {
    this.lost = []
    nock.cleanAll()
    this.install()
  }

  /** The merchant refunds in Stripe's dashboard, outside Zoco. */
  refundInDashboard(intentId: string, amount: number): FakeRefund {
    const [status, body] = this.refund({ payment_intent: intentId, amount: String(amount) })
    if (status !== 200) throw new Error(`fake Stripe: ${JSON.stringify(body)}`)
    return body as FakeRefund
  }

  /** The merchant captures an authorized intent in Stripe's dashboard, outside Zoco. */
  captureInDashboard(intentId: string) {
    const intent = this.intents.get(intentId)!
    if (intent.status !== "requires_capture")
      throw new Error(`fake Stripe: ${intentId} not capturable`)
    intent.status = "succeeded"
    intent.amount_received = intent.amount_capturable
    intent.amount_capturable = 0
  }

  /** The merchant cancels an authorized intent in Stripe's dashboard, releasing the card. */
  cancelInDashboard(intentId: string) {
    const intent = this.intents.get(intentId)!
    if (intent.status !== "requires_capture")
      throw new Error(`fake Stripe: ${intentId} cannot be canceled`)
    intent.status = "canceled"
    intent.amount_capturable = 0
  }

  /** An intent's refunds in minor units, as Stripe holds them. */
  refundedOf(intentId: string): number[] {
    return this.refunds.filter((r) => r.payment_intent === intentId).map((r) => r.amount)
  }

  /**
   * A POST answered as Stripe does: a repeated Idempotency-Key gets the first answer without
   * acting again, and a call whose answer is to be lost acts, then fails at the network.
   */
  private answer(act: (uri: string, form: Record<string, unknown>) => Answer) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const fake = this
    return function (
      this: nock.ReplyFnContext,
      uri: string,
      body: nock.Body,
      callback: ReplyCallback
    ) {
      const header = this.req.headers["idempotency-key"]
      const form = fake.record("POST", uri, body, header ? String(header) : undefined)
      const key = header ? `${uri} ${String(header)}` : undefined
      const answer = (key && fake.idempotent.get(key)) || act(uri, form)
      if (key && answer[0] < 500) fake.idempotent.set(key, answer)
      const lost = fake.lost.find((l) => l.times > 0 && l.path.test(uri))
      if (lost) {
        lost.times--
        const dropped = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
        return callback(dropped, [0, ""])
      }
      callback(null, answer as nock.ReplyFnResult)
    }
  }

  /** Stripe's refund rules: only captured money, never more than is left, whole minor units. */
  private refund(form: Record<string, unknown>): Answer {
    const intent = this.intents.get(String(form.payment_intent))
    if (!intent) {
      return [404, { error: { type: "invalid_request_error", message: "No such payment_intent" } }]
    }
    if (intent.amount_received === 0) return invalid("charge_not_captured", "Not captured")
    const refunded = this.refundedOf(intent.id).reduce((a, b) => a + b, 0)
    const left = intent.amount_received - refunded
    const amount = form.amount === undefined ? left : Number(form.amount)
    if (!Number.isInteger(amount) || amount <= 0) {
      return invalid("parameter_invalid_integer", "Invalid positive integer")
    }
    const refused = unpayable(amount, intent.currency)
    if (refused) return refused
    if (amount > left) {
      return invalid(
        left === 0 ? "charge_already_refunded" : "amount_too_large",
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`
      )
    }
    const refund: FakeRefund = {
      id: `re_fake_${++this.seq}`,
      object: "refund",
      status: "succeeded",
      payment_intent: intent.id,
      amount,
      currency: intent.currency,
      metadata: (form.metadata ?? {}) as Record<string, string>,
    }
    this.refunds.push(refund)
    return [200, refund]
  }

  private install() {
    const scope = nock("https://api.stripe.com").persist()
    scope.post("/v1/payment_intents").reply(
      this.answer((_uri, form) => {
        const refused = unpayable(Number(form.amount), String(form.currency))
        if (refused) return refused
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
    )
    scope.get(/\/v1\/payment_intents\/[^/?]+/).reply((uri: string) => {
      this.record("GET", uri, "")
      const intent = this.intents.get(uri.split("/")[3].split("?")[0])
      return intent
        ? [200, intent]
        : [404, { error: { type: "invalid_request_error", message: "No such payment_intent" } }]
    })
    scope.post(/\/v1\/payment_intents\/[^/]+\/capture/).reply(
      this.answer((uri, form) => {
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
        const wanted =
          form.amount_to_capture === undefined
            ? intent.amount_capturable
            : Number(form.amount_to_capture)
        if (wanted > intent.amount_capturable) return invalid("amount_too_large", "Too large")
        // Stripe captures once; what is not captured is released.
        intent.status = "succeeded"
        intent.amount_received = wanted
        intent.amount_capturable = 0
        return [200, intent]
      })
    )
    scope.post(/\/v1\/payment_intents\/[^/]+\/cancel/).reply(
      this.answer((uri) => {
        const intent = this.intents.get(uri.split("/")[3])!
        // Stripe cancels an intent once, and never one whose money it captured.
        if (intent.status === "canceled" || intent.status === "succeeded") {
          return [
            400,
            {
              error: {
                type: "invalid_request_error",
                code: "payment_intent_unexpected_state",
                message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
                payment_intent: intent,
              },
            },
          ]
        }
        intent.status = "canceled"
        return [200, intent]
      })
    )
    scope.post(/\/v1\/payment_intents\/[^/]+$/).reply(
      this.answer((uri, form) => {
        const intent = this.intents.get(uri.split("/")[3])!
        const refused = form.amount ? unpayable(Number(form.amount), intent.currency) : undefined
        if (refused) return refused
        if (form.amount) intent.amount = Number(form.amount)
        return [200, intent]
      })
    )
    scope.post("/v1/refunds").reply(this.answer((_uri, form) => this.refund(form)))
    scope.get(/^\/v1\/refunds/).reply((uri: string) => {
      this.record("GET", uri, "")
      const intentId = new URL(uri, "https://api.stripe.com").searchParams.get("payment_intent")
      const data = this.refunds.filter((r) => !intentId || r.payment_intent === intentId)
      return [200, { object: "list", data, has_more: false, url: "/v1/refunds" }]
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

  private record(
    method: string,
    uri: string,
    body: nock.Body,
    idempotencyKey?: string
  ): Record<string, unknown> {
    const form =
      typeof body === "string" ? parseForm(body) : ((body ?? {}) as Record<string, unknown>)
    this.requests.push({ method, path: uri, body: form, idempotencyKey })
    return form
  }
}

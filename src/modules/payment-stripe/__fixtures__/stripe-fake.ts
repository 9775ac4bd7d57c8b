import { createServer, type IncomingMessage, type Server, type ServerResponse } from "http"
import type { AddressInfo } from "net"
import { URLSearchParams } from "url"
import {
  FaultProxy,
  type Fault,
} from "../../../../plugins/payment-paypal/src/providers/paypal/__fixtures__/fault-proxy"

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

/**
 * How the next matching calls fail, at the network between Zoco and Stripe: a 500 from Stripe's
 * edge, a request that never gets an answer (the client's timeout decides), or a connection reset.
 */
export type StripeFault = { status: 500 } | { network: "ETIMEDOUT" | "ECONNRESET" }

const FAULT_OF: Record<string, Fault> = { "500": "500", ETIMEDOUT: "hang", ECONNRESET: "reset" }

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

const invalid = (code: string, message: string): Answer => [
  400,
  { error: { type: "invalid_request_error", code, message } },
]

// Stripe takes these in multiples of 10 minor units (its "three-decimal currencies").
const THREE_DECIMALS = new Set(["bhd", "iqd", "jod", "kwd", "omr", "tnd"])

/** Stripe's answer to an operation the intent's status does not allow, the intent attached. */
const unexpectedState = (intent: FakeIntent, message: string): Answer => [
  400,
  {
    error: {
      type: "invalid_request_error",
      code: "payment_intent_unexpected_state",
      message,
      payment_intent: intent,
    },
  },
]

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

export /**
 * Stripe's REST API on a local port, stateful for payment intents and refunds, strict where
 * Stripe is (idempotency keys, amounts a currency cannot carry, refunds above what is left, a
 * second capture or cancel), with the requests it received recorded for assertions. Zoco reaches
 * it as it reaches Stripe, over HTTP (`STRIPE_API_BASE`), through a proxy that injects the
 * network's faults (`fail`, `loseAnswers`): the stand-in itself never fails.
 */
class StripeFake {
  readonly intents = new Map<string, FakeIntent>()
  readonly refunds: FakeRefund[] = []
  readonly requests: RecordedRequest[] = []
  private seq = 0
  // Stripe answers a repeated Idempotency-Key with the first answer, without acting again.
  private readonly idempotent = new Map<string, Answer>()
  private server?: Server
  private directUrl = ""
  readonly proxy = new FaultProxy(() => this.directUrl, {
    error: { type: "api_error", message: "An unexpected error occurred." },
  })
  /** Where Zoco reaches Stripe: through the fault-injecting proxy. */
  url = ""

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve))
    this.directUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    this.url = await this.proxy.start()
    return this.url
  }

  async stop(): Promise<void> {
    await this.proxy.stop()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }

  /** Makes the next `times` calls matching `method` and `path` fail at the network. */
  fail(method: "GET" | "POST", path: RegExp, fault: StripeFault, times = 10) {
    const kind = "status" in fault ? String(fault.status) : fault.network
    this.proxy.inject(FAULT_OF[kind], method, path, times)
  }

  /**
   * The next `times` POSTs whose path matches act at Stripe, but their answers never arrive (the
   * connection drops), so the caller cannot know that Stripe did.
   */
  loseAnswers(path: RegExp, times = 1) {
    this.proxy.inject("lost", "POST", path, times)
  }

  /** Removes injected faults, keeping the API and its state. */
  heal() {
    this.proxy.clear()
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

  /** One request, answered as Stripe does: a repeated POST Idempotency-Key gets the first answer. */
  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const uri = req.url ?? "/"
    const method = req.method ?? "GET"
    const header = req.headers["idempotency-key"]
    const form = this.record(method, uri, Buffer.concat(chunks).toString("utf8"), header)
    let answer: Answer
    if (method === "POST") {
      const key = header ? `${uri} ${String(header)}` : undefined
      answer = (key && this.idempotent.get(key)) || this.route(method, uri, form)
      if (key && answer[0] < 500) this.idempotent.set(key, answer)
    } else {
      answer = this.route(method, uri, form)
    }
    res.writeHead(answer[0], { "content-type": "application/json" })
    res.end(JSON.stringify(answer[1]))
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

  private route(method: string, uri: string, form: Record<string, unknown>): Answer {
    const path = uri.split("?")[0]
    const intentOf = () => this.intents.get(path.split("/")[3])
    let m: RegExpMatchArray | null
    if (method === "POST" && path === "/v1/payment_intents") return this.createIntent(form)
    if (method === "POST" && path === "/v1/refunds") return this.refund(form)
    if (method === "GET" && path === "/v1/refunds") {
      const intentId = new URL(uri, "http://stripe.test").searchParams.get("payment_intent")
      const data = this.refunds.filter((r) => !intentId || r.payment_intent === intentId)
      return [200, { object: "list", data, has_more: false, url: "/v1/refunds" }]
    }
    if ((m = path.match(/^\/v1\/payment_intents\/[^/]+(\/capture|\/cancel)?$/))) {
      const intent = intentOf()
      if (!intent) {
        return [
          404,
          { error: { type: "invalid_request_error", message: "No such payment_intent" } },
        ]
      }
      if (method === "GET" && !m[1]) return [200, intent]
      if (method === "POST" && m[1] === "/capture") return this.capture(intent, form)
      if (method === "POST" && m[1] === "/cancel") return this.cancel(intent)
      if (method === "POST" && !m[1]) {
        const refused = form.amount ? unpayable(Number(form.amount), intent.currency) : undefined
        if (refused) return refused
        if (form.amount) intent.amount = Number(form.amount)
        return [200, intent]
      }
    }
    return [
      404,
      {
        error: {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${method}: ${path})`,
        },
      },
    ]
  }

  private createIntent(form: Record<string, unknown>): Answer {
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
  }

  private capture(intent: FakeIntent, form: Record<string, unknown>): Answer {
    if (intent.status !== "requires_capture") {
      return unexpectedState(intent, "not capturable")
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
  }

  private cancel(intent: FakeIntent): Answer {
    // Stripe cancels an intent once, and never one whose money it captured.
    if (intent.status === "canceled" || intent.status === "succeeded") {
      return unexpectedState(
        intent,
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`
      )
    }
    intent.status = "canceled"
    intent.amount_capturable = 0
    return [200, intent]
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
    body: string,
    idempotencyKey: string | string[] | undefined
  ): Record<string, unknown> {
    const form = parseForm(body)
    const key = idempotencyKey === undefined ? undefined : String(idempotencyKey)
    this.requests.push({ method, path: uri, body: form, idempotencyKey: key })
    return form
  }
}

import { createHash, randomUUID } from "crypto"
import { createServer, IncomingMessage, Server, ServerResponse } from "http"
import type { AddressInfo } from "net"

// A stateful stand-in for PayPal's REST API on 127.0.0.1, answering the calls the provider makes
// the way PayPal documents them. Tests drive the buyer's side (approve) and inject faults.

type Money = { currency_code: string; value: string }
type Capture = {
  id: string
  status: string
  amount: Money
  custom_id?: string
  invoice_id?: string
  final_capture?: boolean
  refunded: number
}
type Order = {
  id: string
  status: string
  intent: string
  purchase_units: { reference_id: string; custom_id?: string; amount: Money }[]
  authorization?: { id: string; status: string; amount: Money; custom_id?: string }
  captures: Capture[]
  refunds: { id: string; status: string; amount: Money; capture_id: string; custom_id?: string }[]
}
// The fields of the request bodies this fake reads (a PATCH body is an array of operations).
type RequestBody = {
  intent?: string
  purchase_units?: Order["purchase_units"]
  payment_source?: unknown
  amount?: Money
  final_capture?: boolean
  invoice_id?: string
  custom_id?: string
  transmission_sig?: string
  webhook_id?: string
  0?: { value: Money }
}
type Reply = { status: number; body?: unknown }
/**
 * 500: answers 500 without acting. reset: drops the connection without acting. lost: acts, then
 * drops the connection, so the caller never learns that PayPal did. slow: answers after `slowMs`.
 */
type Fault = "500" | "reset" | "lost" | "slow" | "declined"
export type RecordedRequest = {
  method: string
  path: string
  headers: IncomingMessage["headers"]
  body: unknown
}

// Decimals PayPal allows per currency; amounts are compared in integer minor units.
const DECIMALS: Record<string, number> = { JPY: 0, HUF: 0, TWD: 0 }
const decimalsOf = (money: Money) => DECIMALS[money.currency_code] ?? 2
const toMinor = (money: Money) => Math.round(Number(money.value) * 10 ** decimalsOf(money))
const fromMinor = (minor: number, like: Money) =>
  (minor / 10 ** decimalsOf(like)).toFixed(decimalsOf(like))

const issue = (status: number, name: string, detail: string): Reply => ({
  status,
  body: { name, debug_id: `dbg-${detail.toLowerCase()}`, details: [{ issue: detail }] },
})

export class FakePayPal {
  readonly requests: RecordedRequest[] = []
  tokenRequests = 0
  readonly webhookId = "WH-FAKE-1"
  private server?: Server
  private orders = new Map<string, Order>()
  private idempotent = new Map<string, Reply>()
  private signatures = new Map<string, string>()
  private faults: { kind: Fault; on?: string }[] = []
  private tokenFaults = 0
  private outage?: "500" | "slow"
  slowMs = 500

  url = ""

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise((resolve) => this.server?.close(resolve))
  }

  /** The buyer approves the order on PayPal's page. */
  approve(orderId: string): void {
    this.order(orderId).status = "APPROVED"
  }

  /**
   * The next `count` API calls (not token calls) answer 500. With `on`, only calls whose
   * "METHOD path" contains it are affected (e.g. "POST /v2/payments/").
   */
  failNext(count = 1, on?: string): void {
    this.queue("500", count, on)
  }

  /** The next `count` API calls act at PayPal, but their answers never arrive. */
  loseNextAnswers(count = 1, on?: string): void {
    this.queue("lost", count, on)
  }

  /** The next `count` API calls have their connection reset before PayPal acts. */
  resetNext(count = 1, on?: string): void {
    this.queue("reset", count, on)
  }

  /** The next `count` token requests answer 500. */
  failTokenNext(count = 1): void {
    this.tokenFaults += count
  }

  /** The merchant captures in PayPal's dashboard, outside Zoco. */
  captureInDashboard(orderId: string, value: string, finalCapture = true): Capture {
    const reply = this.captureAuthorization(this.order(orderId), {
      amount: { currency_code: this.order(orderId).purchase_units[0].amount.currency_code, value },
      final_capture: finalCapture,
    })
    if (reply.status !== 201) throw new Error(`fake PayPal: ${JSON.stringify(reply.body)}`)
    return reply.body as Capture
  }

  /** The merchant voids an order's authorization in PayPal's dashboard, outside Zoco. */
  voidInDashboard(orderId: string): void {
    const id = this.order(orderId).authorization?.id
    if (!id) throw new Error(`fake PayPal: order ${orderId} holds no authorization`)
    const reply = this.route("POST", `/v2/payments/authorizations/${id}/void`, {}, "")
    if (reply.status >= 300) throw new Error(`fake PayPal: ${JSON.stringify(reply.body)}`)
  }

  /** The merchant refunds part of a capture in PayPal's dashboard, outside Zoco. */
  refundInDashboard(captureId: string, value: string) {
    const order = [...this.orders.values()].find((o) => o.captures.some((c) => c.id === captureId))
    if (!order) throw new Error(`fake PayPal: no capture ${captureId}`)
    const currency_code = order.purchase_units[0].amount.currency_code
    const path = `/v2/payments/captures/${captureId}/refund`
    const reply = this.route("POST", path, { amount: { currency_code, value } }, "")
    if (reply.status !== 201) throw new Error(`fake PayPal: ${JSON.stringify(reply.body)}`)
    return reply.body as { id: string }
  }

  /** The next API call answers only after `slowMs`. */
  slowNext(on?: string): void {
    this.queue("slow", 1, on)
  }

  /** Every API call answers 500 (or only after `slowMs`) until `clearFaults`. */
  startOutage(kind: "500" | "slow"): void {
    this.outage = kind
  }

  /** The next authorization or capture is declined with INSTRUMENT_DECLINED. */
  declineNext(): void {
    this.queue("declined", 1)
  }

  private queue(kind: Fault, count: number, on?: string) {
    for (let i = 0; i < count; i++) this.faults.push({ kind, on })
  }

  /** The first queued fault that applies to this call, taken off the queue. */
  private takeFault(call: string, kinds: Fault[]): Fault | undefined {
    const i = this.faults.findIndex(
      (f) => kinds.includes(f.kind) && (f.on === undefined || call.includes(f.on))
    )
    return i < 0 ? undefined : this.faults.splice(i, 1)[0].kind
  }

  /** Ends an outage and drops faults a test queued but did not trigger, so none leak onward. */
  clearFaults(): void {
    this.faults = []
    this.tokenFaults = 0
    this.outage = undefined
  }

  /** The order as PayPal's API and webhook resources show it. */
  orderResource(orderId: string) {
    return this.view(this.order(orderId))
  }

  /** A capture as PAYMENT.CAPTURE.* events carry it. */
  captureResource(captureId: string) {
    for (const order of this.orders.values()) {
      const capture = order.captures.find((c) => c.id === captureId)
      if (capture) {
        const { refunded: _r, ...resource } = capture
        return resource
      }
    }
    throw new Error(`fake PayPal: no capture ${captureId}`)
  }

  /** The orders created for a Medusa payment session (their purchase unit's custom_id). */
  ordersOfSession(sessionId: string): string[] {
    return [...this.orders.values()]
      .filter((o) => o.purchase_units.some((u) => u.custom_id === sessionId))
      .map((o) => o.id)
  }

  capturesOf(orderId: string): Capture[] {
    return this.order(orderId).captures
  }

  refundsOf(orderId: string): Order["refunds"] {
    return this.order(orderId).refunds
  }

  callsTo(method: string, pathPart: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.includes(pathPart))
  }

  /** A webhook delivery as PayPal would send it, with a signature this fake will vouch for. */
  signedWebhook(eventType: string, resource: unknown) {
    const rawData = JSON.stringify({ id: `WH-${randomUUID()}`, event_type: eventType, resource })
    const sig = randomUUID()
    this.signatures.set(sig, createHash("sha256").update(rawData).digest("hex"))
    const headers = {
      "paypal-transmission-id": randomUUID(),
      "paypal-transmission-time": new Date().toISOString(),
      "paypal-transmission-sig": sig,
      "paypal-cert-url": "https://api.paypal.com/v1/notifications/certs/CERT",
      "paypal-auth-algo": "SHA256withRSA",
    }
    return { data: JSON.parse(rawData), rawData, headers }
  }

  private order(id: string): Order {
    const order = this.orders.get(id)
    if (!order) throw new Error(`fake PayPal: no order ${id}`)
    return order
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString("utf8")
    const path = req.url ?? "/"
    const method = req.method ?? "GET"
    const send = (reply: Reply) => {
      if (res.destroyed) return
      res.writeHead(reply.status, { "content-type": "application/json" })
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body))
    }

    if (path === "/v1/oauth2/token") {
      this.tokenRequests++
      if (this.tokenFaults > 0) {
        this.tokenFaults--
        return send({ status: 500, body: { name: "INTERNAL_SERVER_ERROR" } })
      }
      const ok =
        req.headers.authorization === `Basic ${Buffer.from("id:secret").toString("base64")}`
      return send(
        ok
          ? { status: 200, body: { access_token: `tok-${this.tokenRequests}`, expires_in: 32400 } }
          : { status: 401, body: { error: "invalid_client" } }
      )
    }
    const body: RequestBody =
      raw && req.headers["content-type"]?.includes("json") ? JSON.parse(raw) : {}
    this.requests.push({ method, path, headers: req.headers, body })
    if (!req.headers.authorization?.startsWith("Bearer tok-")) {
      return send({ status: 401, body: { name: "AUTHENTICATION_FAILURE" } })
    }

    const fault =
      this.outage ?? this.takeFault(`${method} ${path}`, ["500", "slow", "reset", "lost"])
    if (fault) {
      if (fault === "500") return send({ status: 500, body: { name: "INTERNAL_SERVER_ERROR" } })
      if (fault === "reset") return void req.socket.destroy()
      if (fault === "slow") await new Promise((resolve) => setTimeout(resolve, this.slowMs))
    }

    const requestId = req.headers["paypal-request-id"] as string | undefined
    const key = requestId && `${method} ${path} ${requestId}`
    const reply = (key && this.idempotent.get(key)) || this.route(method, path, body, raw)
    if (key && reply.status < 500) this.idempotent.set(key, reply)
    if (fault === "lost") return void req.socket.destroy()
    send(reply)
  }

  private route(method: string, path: string, body: RequestBody, raw: string): Reply {
    let m: RegExpMatchArray | null
    if (method === "POST" && path === "/v2/checkout/orders") return this.createOrder(body)
    if (method === "POST" && path === "/v1/notifications/verify-webhook-signature") {
      const event = raw.match(/"webhook_event":([\s\S]*)}$/)?.[1] ?? ""
      const expected = this.signatures.get(body.transmission_sig ?? "")
      const ok =
        body.webhook_id === this.webhookId &&
        expected === createHash("sha256").update(event).digest("hex")
      return { status: 200, body: { verification_status: ok ? "SUCCESS" : "FAILURE" } }
    }
    if ((m = path.match(/^\/v2\/checkout\/orders\/([^/]+)$/))) {
      const order = this.orders.get(m[1])
      if (!order) return issue(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
      if (method === "PATCH") {
        order.purchase_units[0].amount = body[0]!.value
        return { status: 204 }
      }
      return { status: 200, body: this.view(order) }
    }
    if ((m = path.match(/^\/v2\/checkout\/orders\/([^/]+)\/(authorize|capture)$/))) {
      const order = this.order(m[1])
      if (order.status !== "APPROVED")
        return issue(422, "UNPROCESSABLE_ENTITY", "ORDER_NOT_APPROVED")
      const unit = order.purchase_units[0]
      if (this.takeDecline()) return issue(422, "UNPROCESSABLE_ENTITY", "INSTRUMENT_DECLINED")
      if (m[2] === "capture") {
        order.captures.push(this.newCapture(unit.amount, unit.custom_id))
      } else {
        order.authorization = { id: `AUTH-${randomUUID()}`, status: "CREATED", ...unit }
      }
      order.status = "COMPLETED"
      return { status: 201, body: this.view(order) }
    }
    if ((m = path.match(/^\/v2\/payments\/authorizations\/([^/]+)\/(capture|void)$/))) {
      const order = [...this.orders.values()].find((o) => o.authorization?.id === m![1])
      if (!order?.authorization) return issue(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
      const auth = order.authorization
      if (m[2] === "void") {
        if (auth.status === "VOIDED") return issue(422, "UNPROCESSABLE_ENTITY", "PREVIOUSLY_VOIDED")
        auth.status = "VOIDED"
        return { status: 204 }
      }
      if (this.takeDecline()) return issue(422, "UNPROCESSABLE_ENTITY", "INSTRUMENT_DECLINED")
      return this.captureAuthorization(order, body)
    }
    if ((m = path.match(/^\/v2\/payments\/captures\/([^/]+)\/refund$/)) && method === "POST") {
      const order = [...this.orders.values()].find((o) => o.captures.some((c) => c.id === m![1]))
      const capture = order?.captures.find((c) => c.id === m![1])
      if (!order || !capture) return issue(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
      const amount = body.amount ?? {
        currency_code: capture.amount.currency_code,
        value: fromMinor(toMinor(capture.amount) - capture.refunded, capture.amount),
      }
      const invalid = this.invalidAmount(amount, capture.amount.currency_code)
      if (invalid) return invalid
      if (capture.refunded + toMinor(amount) > toMinor(capture.amount)) {
        return issue(422, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED")
      }
      capture.refunded += toMinor(amount)
      capture.status =
        capture.refunded >= toMinor(capture.amount) ? "REFUNDED" : "PARTIALLY_REFUNDED"
      const refund = {
        id: `REF-${randomUUID()}`,
        status: "COMPLETED",
        amount,
        ...(body.custom_id ? { custom_id: body.custom_id } : {}),
      }
      order.refunds.push({ ...refund, capture_id: capture.id })
      return { status: 201, body: this.refundView(refund.id, order) }
    }
    return issue(404, "RESOURCE_NOT_FOUND", "UNKNOWN_PATH")
  }

  /** PayPal's checks of a capture on an authorization: never above what is left, never after the last. */
  private captureAuthorization(order: Order, body: RequestBody): Reply {
    const auth = order.authorization!
    if (auth.status === "VOIDED") return issue(422, "UNPROCESSABLE_ENTITY", "AUTHORIZATION_VOIDED")
    if (auth.status === "CAPTURED") {
      return issue(422, "UNPROCESSABLE_ENTITY", "AUTHORIZATION_ALREADY_CAPTURED")
    }
    const amount = body.amount ?? auth.amount
    const invalid = this.invalidAmount(amount, auth.amount.currency_code)
    if (invalid) return invalid
    const captured = order.captures.reduce((sum, c) => sum + toMinor(c.amount), 0)
    if (captured + toMinor(amount) > toMinor(auth.amount)) {
      return issue(422, "UNPROCESSABLE_ENTITY", "MAX_CAPTURE_AMOUNT_EXCEEDED")
    }
    const capture = {
      ...this.newCapture(amount, auth.custom_id),
      final_capture: body.final_capture !== false,
      ...(body.invoice_id ? { invoice_id: body.invoice_id } : {}),
    }
    order.captures.push(capture)
    auth.status = body.final_capture === false ? "PARTIALLY_CAPTURED" : "CAPTURED"
    const { refunded: _r, ...view } = capture
    return { status: 201, body: view }
  }

  /** PayPal refuses zero, negative, malformed and wrong-currency amounts. */
  private invalidAmount(amount: Money, currency: string): Reply | undefined {
    const decimals = DECIMALS[currency] ?? 2
    const pattern = decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`)
    if (amount.currency_code !== currency) {
      return issue(422, "UNPROCESSABLE_ENTITY", "CURRENCY_MISMATCH")
    }
    if (!pattern.test(amount.value)) {
      return issue(422, "UNPROCESSABLE_ENTITY", "DECIMAL_PRECISION")
    }
    if (toMinor(amount) <= 0) {
      return issue(422, "UNPROCESSABLE_ENTITY", "CANNOT_BE_ZERO_OR_NEGATIVE")
    }
    return undefined
  }

  private takeDecline(): boolean {
    return this.takeFault("", ["declined"]) === "declined"
  }

  private newCapture(amount: Money, customId?: string): Capture {
    return {
      id: `CAP-${randomUUID()}`,
      status: "COMPLETED",
      amount,
      custom_id: customId,
      refunded: 0,
    }
  }

  private createOrder(body: RequestBody): Reply {
    for (const unit of body.purchase_units ?? []) {
      const invalid = this.invalidAmount(unit.amount, unit.amount?.currency_code)
      if (invalid) return invalid
    }
    const id = `ORDER-${randomUUID()}`
    const order: Order = {
      id,
      status: body.payment_source ? "PAYER_ACTION_REQUIRED" : "CREATED",
      intent: body.intent ?? "CAPTURE",
      purchase_units: body.purchase_units ?? [],
      captures: [],
      refunds: [],
    }
    this.orders.set(id, order)
    return { status: 201, body: this.view(order) }
  }

  private refundView(id: string, order: Order) {
    const { capture_id, ...refund } = order.refunds.find((r) => r.id === id)!
    return {
      ...refund,
      links: [{ rel: "up", href: `${this.url}/v2/payments/captures/${capture_id}`, method: "GET" }],
    }
  }

  private view(order: Order) {
    const payments = {
      ...(order.authorization ? { authorizations: [order.authorization] } : {}),
      ...(order.captures.length
        ? { captures: order.captures.map(({ refunded: _r, ...c }) => c) }
        : {}),
      ...(order.refunds.length
        ? { refunds: order.refunds.map((r) => this.refundView(r.id, order)) }
        : {}),
    }
    return {
      id: order.id,
      status: order.status,
      intent: order.intent,
      purchase_units: order.purchase_units.map((u, i) => ({
        ...u,
        ...(i === 0 ? { payments } : {}),
      })),
      links: [
        { rel: "self", href: `${this.url}/v2/checkout/orders/${order.id}`, method: "GET" },
        {
          rel: "payer-action",
          href: `https://www.sandbox.paypal.com/checkoutnow?token=${order.id}`,
        },
      ],
    }
  }
}

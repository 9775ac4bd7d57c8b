import { createHash, randomUUID } from "crypto"
import { createServer, IncomingMessage, Server, ServerResponse } from "http"
import type { AddressInfo } from "net"

// A stateful stand-in for PayPal's REST API on 127.0.0.1, answering the calls the provider makes
// the way PayPal documents them. Tests drive the buyer's side (approve) and inject faults.

type Money = { currency_code: string; value: string }
type Capture = { id: string; status: string; amount: Money; custom_id?: string; refunded: number }
type Order = {
  id: string
  status: string
  intent: string
  purchase_units: { reference_id: string; custom_id?: string; amount: Money }[]
  authorization?: { id: string; status: string; amount: Money; custom_id?: string }
  captures: Capture[]
  refunds: { id: string; status: string; amount: Money; capture_id: string }[]
}
// The fields of the request bodies this fake reads (a PATCH body is an array of operations).
type RequestBody = {
  intent?: string
  purchase_units?: Order["purchase_units"]
  payment_source?: unknown
  amount?: Money
  final_capture?: boolean
  transmission_sig?: string
  webhook_id?: string
  0?: { value: Money }
}
type Reply = { status: number; body?: unknown }
export type RecordedRequest = {
  method: string
  path: string
  headers: IncomingMessage["headers"]
  body: unknown
}

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
  private faults: ("500" | "slow" | "declined")[] = []
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

  /** The next `count` API calls (not token calls) answer 500. */
  failNext(count = 1): void {
    this.faults.push(...Array<"500">(count).fill("500"))
  }

  /** The next API call answers only after `slowMs`. */
  slowNext(): void {
    this.faults.push("slow")
  }

  /** Every API call answers 500 (or only after `slowMs`) until `clearFaults`. */
  startOutage(kind: "500" | "slow"): void {
    this.outage = kind
  }

  /** The next authorization or capture is declined with INSTRUMENT_DECLINED. */
  declineNext(): void {
    this.faults.push("declined")
  }

  /** Ends an outage and drops faults a test queued but did not trigger, so none leak onward. */
  clearFaults(): void {
    this.faults = []
    this.outage = undefined
  }

  /** The order as PayPal's API and webhook resources show it. */
  orderResource(orderId: string) {
    return this.view(this.order(orderId))
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

    const fault = this.outage ?? this.faults[0]
    if (fault === "500" || fault === "slow") {
      if (!this.outage) this.faults.shift()
      if (fault === "500") return send({ status: 500, body: { name: "INTERNAL_SERVER_ERROR" } })
      await new Promise((resolve) => setTimeout(resolve, this.slowMs))
    }

    const requestId = req.headers["paypal-request-id"] as string | undefined
    const key = requestId && `${method} ${path} ${requestId}`
    if (key && this.idempotent.has(key)) return send(this.idempotent.get(key)!)
    const reply = this.route(method, path, body, raw)
    if (key && reply.status < 500) this.idempotent.set(key, reply)
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
      if (auth.status === "VOIDED")
        return issue(422, "UNPROCESSABLE_ENTITY", "AUTHORIZATION_VOIDED")
      const capture = this.newCapture(body.amount ?? auth.amount, auth.custom_id)
      order.captures.push(capture)
      auth.status = body.final_capture === false ? "PARTIALLY_CAPTURED" : "CAPTURED"
      return { status: 201, body: capture }
    }
    if ((m = path.match(/^\/v2\/payments\/captures\/([^/]+)\/refund$/)) && method === "POST") {
      const order = [...this.orders.values()].find((o) => o.captures.some((c) => c.id === m![1]))
      const capture = order?.captures.find((c) => c.id === m![1])
      if (!order || !capture) return issue(404, "RESOURCE_NOT_FOUND", "INVALID_RESOURCE_ID")
      const value = Number(body.amount!.value)
      if (capture.refunded + value > Number(capture.amount.value) + 1e-9) {
        return issue(422, "UNPROCESSABLE_ENTITY", "REFUND_AMOUNT_EXCEEDED")
      }
      capture.refunded += value
      capture.status =
        capture.refunded >= Number(capture.amount.value) ? "REFUNDED" : "PARTIALLY_REFUNDED"
      const refund = { id: `REF-${randomUUID()}`, status: "COMPLETED", amount: body.amount! }
      order.refunds.push({ ...refund, capture_id: capture.id })
      return { status: 201, body: refund }
    }
    return issue(404, "RESOURCE_NOT_FOUND", "UNKNOWN_PATH")
  }

  private takeDecline(): boolean {
    if (this.faults[0] !== "declined") return false
    this.faults.shift()
    return true
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

  private view(order: Order) {
    const payments = {
      ...(order.authorization ? { authorizations: [order.authorization] } : {}),
      ...(order.captures.length
        ? { captures: order.captures.map(({ refunded: _r, ...c }) => c) }
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

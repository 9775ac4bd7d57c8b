import { createServer, type IncomingMessage, type RequestListener, type Server } from "node:http"
import { createServer as createTlsServer } from "node:https"
import type { AddressInfo } from "node:net"
import { verify } from "../modules/webhooks/signature"

export type Behaviour = "ok" | "fail" | "hang" | "redirect" | "close"

/**
 * A merchant's receiver: checks every signature, processes each delivery id once, and can be
 * told to fail, hang, redirect or drop the connection for the next requests.
 */
export class Receiver {
  server!: Server
  secret = ""
  plan: Behaviour[] = []
  requests: {
    deliveryId: string
    signed: boolean
    body: { id: string; type: string; data?: { id?: string; items?: unknown[] } }
  }[] = []
  processed = new Map<string, number>()

  /** Listens on 127.0.0.1 over http, or over https with `tls` (a certificate for 127.0.0.1). */
  async start(tls?: { key: string; cert: string }) {
    const handler: RequestListener = async (req, res) => {
      const body = await read(req)
      const deliveryId = String(req.headers["x-zoco-delivery-id"])
      const signed = verify(
        this.secret,
        req.headers["x-zoco-signature"] as string,
        req.headers["x-zoco-timestamp"] as string,
        body
      )
      this.requests.push({ deliveryId, signed, body: JSON.parse(body) })
      const behaviour = this.plan.shift() ?? "ok"
      if (behaviour === "hang") return
      if (behaviour === "close") return req.socket.destroy()
      if (behaviour === "redirect") return res.writeHead(302, { location: "/elsewhere" }).end()
      if (behaviour === "fail" || !signed) return res.writeHead(503).end("busy")
      // Deduplicates: a delivery it already processed is acknowledged, not processed again.
      this.processed.set(deliveryId, (this.processed.get(deliveryId) ?? 0) + 1)
      res.writeHead(200).end("ok")
    }
    this.server = tls ? createTlsServer(tls, handler) : createServer(handler)
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve))
    const port = (this.server.address() as AddressInfo).port
    return `${tls ? "https" : "http"}://127.0.0.1:${port}/hooks`
  }

  stop() {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(resolve))
  }
}

function read(req: IncomingMessage) {
  return new Promise<string>((resolve) => {
    let body = ""
    req.setEncoding("utf8")
    req.on("data", (chunk: string) => (body += chunk))
    req.on("end", () => resolve(body))
  })
}

import { createServer, type IncomingMessage, type Server } from "node:http"
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

  async start() {
    this.server = createServer(async (req, res) => {
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
    })
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`
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

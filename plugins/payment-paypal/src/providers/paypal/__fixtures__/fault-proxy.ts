import { createServer, type IncomingMessage, type Server, type ServerResponse } from "http"
import type { AddressInfo, Socket } from "net"

/**
 * What the network between Zoco and the gateway does to one request:
 * - `500`: the gateway's edge fails before the gateway sees the request;
 * - `reset`: the connection drops before anything is sent on;
 * - `hang`: nothing comes back, ever (the client's timeout decides);
 * - `lost`: the gateway acts, and its answer is lost on the way back;
 * - `delay`: the answer comes, late.
 */
export type Fault = "500" | "reset" | "hang" | "lost" | "delay"

export const FAULTS: Fault[] = ["500", "reset", "hang", "lost", "delay"]

type Plan = { method: string; path: RegExp; fault: Fault; times: number }

/**
 * An HTTP proxy in front of a gateway stand-in that injects faults on chosen calls, apart from
 * the stand-in itself: the stand-in stays a faithful gateway, and the faults are what a network
 * and a gateway's edge do.
 */
export class FaultProxy {
  private server?: Server
  private plans: Plan[] = []
  private readonly held = new Set<Socket>()
  url = ""
  /** How many requests met a fault since the last `clear`: the tries a client made. */
  faultsMet = 0

  /**
   * @param target where the gateway stand-in listens
   * @param edgeError the body of the gateway's own 500, in its API's error format (PayPal's by
   *   default)
   */
  constructor(
    private readonly target: () => string,
    private readonly edgeError: unknown = {
      name: "INTERNAL_SERVER_ERROR",
      message: "edge failure",
    }
  ) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    this.clear()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }

  /** The next `times` calls of `method` on a path matching `path` meet `fault`. */
  inject(fault: Fault, method: string, path: RegExp, times = 1): void {
    this.plans.push({ method, path, fault, times })
  }

  /** Forgets the faults still planned and drops the requests left hanging. */
  clear(): void {
    this.plans = []
    this.faultsMet = 0
    for (const socket of this.held) socket.destroy()
    this.held.clear()
  }

  private take(method: string, path: string): Fault | undefined {
    const plan = this.plans.find((p) => p.times > 0 && p.method === method && p.path.test(path))
    if (!plan) return undefined
    plan.times--
    this.faultsMet++
    return plan.fault
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const fault = this.take(req.method ?? "GET", (req.url ?? "/").split("?")[0])
    if (fault === "500") {
      res.writeHead(500, { "content-type": "application/json" })
      res.end(JSON.stringify(this.edgeError))
      return
    }
    if (fault === "reset") {
      req.socket.destroy()
      return
    }
    if (fault === "hang") {
      this.held.add(req.socket)
      return
    }
    if (fault === "delay") await new Promise((resolve) => setTimeout(resolve, 150))
    const headers = { ...req.headers }
    delete headers.host
    delete headers["content-length"]
    const answer = await fetch(`${this.target()}${req.url}`, {
      method: req.method,
      headers: headers as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    })
    const body = Buffer.from(await answer.arrayBuffer())
    if (fault === "lost") {
      // The gateway acted; the answer never reaches the caller.
      req.socket.destroy()
      return
    }
    res.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    })
    res.end(body)
  }
}

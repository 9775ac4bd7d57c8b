import http from "node:http"
import https from "node:https"
import type { LookupFunction } from "node:net"
import { checkUrl, safeAddress, type AddressPolicy } from "./address-guard"
import { sign } from "./signature"

export type Outcome = {
  ok: boolean
  status_code: number | null
  error: string | null
  duration_ms: number
}

export type Message = {
  deliveryId: string
  eventType: string
  body: string
  /** Every secret that signs it: the current one, and the previous one during a rotation. */
  secrets: string[]
}

/** Longest answer read back, for the delivery log. */
const MAX_ANSWER_BYTES = 4_096

/**
 * POSTs one signed message. Connects to the address the guard checked (no second lookup), does
 * not follow redirects (a 3xx is a failure), and gives up after `timeoutMs`. Never throws: every
 * failure is an outcome for the delivery log.
 */
export async function send(
  url: string,
  message: Message,
  options: AddressPolicy & { timeoutMs: number; userAgent?: string },
  now = Date.now
): Promise<Outcome> {
  const started = now()
  const done = (ok: boolean, status_code: number | null, error: string | null): Outcome => ({
    ok,
    status_code,
    error,
    duration_ms: now() - started,
  })
  let target: URL
  let address: { address: string; family: 4 | 6 }
  try {
    target = checkUrl(url, options)
    address = await safeAddress(target, options)
  } catch (error) {
    return done(false, null, (error as Error).message)
  }
  const timestamp = Math.floor(Date.now() / 1000)
  const pinned: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) {
      ;(callback as (e: null, a: { address: string; family: number }[]) => void)(null, [address])
    } else {
      callback(null, address.address, address.family)
    }
  }
  const client = target.protocol === "https:" ? https : http
  return new Promise<Outcome>((resolve) => {
    const req = client.request(
      target,
      {
        method: "POST",
        lookup: pinned,
        timeout: options.timeoutMs,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(message.body),
          "user-agent": options.userAgent ?? "Zoco-Webhooks/1",
          "x-zoco-delivery-id": message.deliveryId,
          "x-zoco-event-type": message.eventType,
          "x-zoco-timestamp": String(timestamp),
          "x-zoco-signature": message.secrets
            .map((s) => sign(s, timestamp, message.body))
            .join(","),
        },
      },
      (res) => {
        let read = 0
        let answer = ""
        res.setEncoding("utf8")
        res.on("data", (chunk: string) => {
          if (read < MAX_ANSWER_BYTES) answer += chunk.slice(0, MAX_ANSWER_BYTES - read)
          read += chunk.length
        })
        res.on("end", () => {
          const status = res.statusCode ?? 0
          const ok = status >= 200 && status < 300
          resolve(done(ok, status, ok ? null : `answered ${status}${answer ? `: ${answer}` : ""}`))
        })
        res.on("error", (error) => resolve(done(false, status(res), error.message)))
      }
    )
    req.on("timeout", () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)))
    req.on("error", (error) => resolve(done(false, null, error.message)))
    req.end(message.body)
  })
}

function status(res: http.IncomingMessage) {
  return res.statusCode ?? null
}

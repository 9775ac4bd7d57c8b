import { randomUUID } from "node:crypto"

/** What a caller's `x-request-id` may hold: ids from proxies and tracers, nothing that could forge a log line. */
const SAFE_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/

/**
 * The request id of a request: the caller's `x-request-id` when it is a plain
 * token (a proxy's or a client's, so one id follows the request through every
 * hop), otherwise a new UUID.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const sent = Array.isArray(header) ? header[0] : header
  return sent && SAFE_ID.test(sent) ? sent : randomUUID()
}

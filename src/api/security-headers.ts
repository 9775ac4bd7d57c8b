import {
  ApiLoader,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"

/** Half a year, the minimum HSTS preload lists accept. */
const HSTS = "max-age=15552000; includeSubDomains"

/**
 * Headers every response carries. HSTS only over HTTPS: Medusa trusts one
 * proxy hop, so `req.secure` is true behind a TLS-terminating proxy that sends
 * `X-Forwarded-Proto: https`, and stays false on plain local HTTP, where the
 * header would lock a developer's browser out of localhost.
 */
export function applySecurityHeaders(req: MedusaRequest, res: MedusaResponse) {
  if (res.headersSent) {
    return
  }
  applyBaseSecurityHeaders(res)
  if (req.secure) {
    res.setHeader("Strict-Transport-Security", HSTS)
  }
}

/** The headers that do not depend on the request. */
export function applyBaseSecurityHeaders(res: {
  headersSent: boolean
  setHeader(name: string, value: string): unknown
}) {
  if (res.headersSent) {
    return
  }
  res.setHeader("X-Content-Type-Options", "nosniff")
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin")
  // Nothing Zoco serves is meant to be framed; the admin least of all.
  res.setHeader("X-Frame-Options", "DENY")
  res.setHeader("Content-Security-Policy", "frame-ancestors 'none'")
}

/**
 * Prefixes of the middlewares Medusa registers before the app's: its body
 * parsers ("/", which every request it routes passes first), CORS and
 * authentication.
 */
const CORE_NAMESPACES = new Set(["/", "/admin", "/store", "/auth"])
const EARLY = Symbol.for("zoco.security-headers.early")

type TraceMiddleware = NonNullable<typeof ApiLoader.traceMiddleware>
type Middleware = Parameters<TraceMiddleware>[0]

/**
 * Sets the headers at the first middleware of every request Medusa's API
 * routes, so they are there whoever answers: Medusa's body parsers (a `413`),
 * its authentication (a `401` for a missing admin token) and CORS (preflights)
 * answer before any app middleware runs, and errors skip the rest.
 * `ApiLoader.traceMiddleware` is the one hook Medusa calls for those
 * middlewares as it registers them, so it is composed here (keeping
 * OpenTelemetry's wrapper when one is installed). It must be installed before the routes load, which
 * importing this file during Medusa's middleware scan does.
 */
export function installEarlySecurityHeaders() {
  const previous = ApiLoader.traceMiddleware as (TraceMiddleware & { [EARLY]?: true }) | undefined
  if (previous?.[EARLY]) {
    return
  }
  const compose: TraceMiddleware & { [EARLY]?: true } = (handler, route) => {
    const inner = previous ? previous(handler, route) : handler
    if (route.method || !CORE_NAMESPACES.has(route.route) || inner.length > 3) {
      return inner
    }
    const hardened = (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
      applySecurityHeaders(req, res)
      return inner(req, res, next)
    }
    return hardened as Middleware
  }
  compose[EARLY] = true
  ApiLoader.traceMiddleware = compose
}

import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MEDUSA_PREFIXES, runBeforeMedusa } from "@zoco/plugin-kit/http"

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
 * Sets the headers at the first middleware of each of Medusa's prefixes, so they are there
 * whoever answers: Medusa's body parsers (a `413`), its authentication (a `401` for a missing
 * admin token) and CORS (preflights) answer before any app middleware runs, and errors skip the
 * rest. Installed when `src/api/middlewares.ts` loads, before Medusa registers those.
 */
export function installEarlySecurityHeaders() {
  runBeforeMedusa({
    name: "zoco.security-headers",
    order: 10,
    wraps: (route) => MEDUSA_PREFIXES.has(route.route),
    handle: (req, res, next, inner) => {
      applySecurityHeaders(req, res)
      return inner(req, res, next)
    },
  })
}

import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
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
  res.setHeader("X-Content-Type-Options", "nosniff")
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin")
  // Nothing Zoco serves is meant to be framed; the admin least of all.
  res.setHeader("X-Frame-Options", "DENY")
  res.setHeader("Content-Security-Policy", "frame-ancestors 'none'")
  if (req.secure) {
    res.setHeader("Strict-Transport-Security", HSTS)
  }
}

function securityHeaders(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  applySecurityHeaders(req, res)
  next()
}

/**
 * Medusa's own middlewares (publishable key, authentication, body parsing)
 * run before the app's and answer errors straight to the error handler, which
 * applies the same headers (see error-handler.ts).
 */
export const securityHeaderMiddlewares: MiddlewareRoute[] = [
  { matcher: "/*", middlewares: [securityHeaders] },
]

import { registerOtel } from "@medusajs/medusa"
import diagnosticsChannel from "node:diagnostics_channel"
import type { ServerResponse } from "node:http"
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http"
import { applyBaseSecurityHeaders } from "./src/api/security-headers"
import { loadZocoEnv } from "./src/lib/medusa-config"

/**
 * Loaded by `medusa start` (and so `npm start` and `medusa develop`) before the
 * app. Exports traces when OTEL_EXPORTER_OTLP_ENDPOINT is set, and sets the
 * security headers on every response.
 */
export function register() {
  const { tracing } = loadZocoEnv()
  if (tracing) {
    registerOtel({
      serviceName: tracing.serviceName,
      exporter: new OTLPTraceExporter({ url: `${tracing.endpoint}/v1/traces` }),
      instrument: { http: true, query: true, workflows: true, db: true },
    })
  }
  hardenEveryResponse()
}

/**
 * The admin dashboard at /app and uploaded files under /static are served by
 * Express handlers Medusa mounts before any route or middleware of the app, so
 * they would go without the security headers (no frame protection for the
 * admin, no `nosniff` for uploads). Node publishes every request it parses on
 * the `http.server.request.start` channel before the server sees it, so the
 * headers are set there. Medusa's own hook for this, `traceRequestHandler`,
 * would make its start command search the whole Express stack for the route on
 * every request, which cost a cached catalog read about a sixth of its CPU.
 */
function hardenEveryResponse() {
  // Subscribing twice would set the headers twice; it is the same function each time.
  diagnosticsChannel.unsubscribe(REQUEST_START, setBaseHeaders)
  diagnosticsChannel.subscribe(REQUEST_START, setBaseHeaders)
}

/** Undoes `register`'s process-wide subscription: for tests, and hosts that load the app twice. */
export function unregister() {
  diagnosticsChannel.unsubscribe(REQUEST_START, setBaseHeaders)
}

const REQUEST_START = "http.server.request.start"

function setBaseHeaders(message: unknown) {
  const { response } = message as { response: ServerResponse }
  applyBaseSecurityHeaders(response)
}

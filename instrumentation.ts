import { registerOtel } from "@medusajs/medusa"
import * as startCommand from "@medusajs/medusa/commands/start"
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http"
import { applyBaseSecurityHeaders } from "./src/api/security-headers"
import { loadZocoEnv } from "./src/lib/medusa-config"

type RequestTracer = typeof startCommand.traceRequestHandler

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
 * admin, no `nosniff` for uploads). `traceRequestHandler` is the hook Medusa's
 * start command calls first for every request; it is composed here, keeping
 * OpenTelemetry's when tracing is on.
 */
function hardenEveryResponse() {
  const previous = startCommand.traceRequestHandler as RequestTracer | undefined
  const hardened: RequestTracer = async (
    handle,
    req,
    res: Parameters<typeof applyBaseSecurityHeaders>[0],
    path
  ) => {
    applyBaseSecurityHeaders(res)
    return previous ? previous(handle, req, res, path) : handle()
  }
  Object.assign(startCommand, { traceRequestHandler: hardened })
}

import { registerOtel } from "@medusajs/medusa"
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http"
import { loadZocoEnv } from "./src/lib/medusa-config"

/**
 * Loaded by `medusa start` and `medusa develop` before the app: traces of HTTP
 * requests, queries, workflow steps and SQL statements, exported over OTLP/HTTP
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
export function register() {
  const { tracing } = loadZocoEnv()
  if (!tracing) {
    return
  }
  registerOtel({
    serviceName: tracing.serviceName,
    exporter: new OTLPTraceExporter({ url: `${tracing.endpoint}/v1/traces` }),
    instrument: { http: true, query: true, workflows: true, db: true },
  })
}

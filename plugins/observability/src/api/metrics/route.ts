import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import type { RouteDocs } from "../../openapi"
import { OBSERVABILITY_MODULE } from "../../modules/observability"
import type ObservabilityService from "../../modules/observability/service"

const Failure = z.object({ type: z.string(), message: z.string() })

export const openapi: RouteDocs = {
  GET: {
    summary: "Prometheus metrics",
    description:
      "This process's metrics in Prometheus text format. Off (404) until a metrics token is configured.",
    tags: ["Operations"],
    security: "metrics-token",
    responses: {
      200: {
        description: "Metrics",
        contentType: "text/plain; version=0.0.4",
        body: z.string(),
      },
      401: { description: "Missing or wrong token", body: Failure },
      404: { description: "Metrics are off: no token configured", body: Failure },
    },
  },
}

/** Prometheus exposition of this process's metrics, for a scraper holding the metrics token. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<ObservabilityService>(OBSERVABILITY_MODULE)
  if (!service.options.metricsToken) {
    res.status(404).json({
      type: "not_found",
      message: "Metrics are off: set a metrics token (METRICS_TOKEN) to expose them",
    })
    return
  }
  if (!service.acceptsMetricsToken(req.headers.authorization)) {
    res.setHeader("www-authenticate", 'Bearer realm="metrics"')
    res.status(401).json({
      type: "unauthorized",
      message: "Send the metrics token as `Authorization: Bearer <token>`",
    })
    return
  }
  res.setHeader("content-type", service.registry.contentType)
  res.setHeader("cache-control", "no-store")
  res.status(200).send(await service.registry.metrics())
}

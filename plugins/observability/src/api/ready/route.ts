import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OBSERVABILITY_MODULE } from "../../modules/observability"
import type ObservabilityService from "../../modules/observability/service"

/**
 * Readiness: `200` when PostgreSQL (and Redis, when configured) answered within
 * the deadline, `503` naming what did not. Liveness stays Medusa's `/health`.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<ObservabilityService>(OBSERVABILITY_MODULE)
  const pg = req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const { ready, checks } = await service.readiness(() => pg.raw("select 1"))
  const failed = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name)
  res.setHeader("cache-control", "no-store")
  res.status(ready ? 200 : 503).json({
    status: ready ? "ready" : "unavailable",
    ...(failed.length ? { message: `Not ready: ${failed.join(", ")} did not answer` } : {}),
    checks,
  })
}

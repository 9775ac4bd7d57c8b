import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import type { RouteDocs } from "../../openapi"
import { OBSERVABILITY_MODULE } from "../../modules/observability"
import type ObservabilityService from "../../modules/observability/service"

const Check = z.union([
  z.object({ ok: z.literal(true), ms: z.number().int() }),
  z.object({ ok: z.literal(false), ms: z.number().int(), error: z.string() }),
])
const ReadyResponse = z.object({
  status: z.enum(["ready", "unavailable"]),
  message: z.string().optional().describe("Which dependency did not answer"),
  checks: z
    .object({ postgres: Check, redis: Check.optional() })
    .describe("Each dependency's answer and how long it took, in milliseconds"),
  redis: z
    .object({
      outages: z.number().int(),
      data_losses: z.number().int(),
      schedules_restored_at: z.string().optional(),
    })
    .optional()
    .describe(
      "With Redis: the outages this process has seen since it started, the times Redis lost this app's scheduled jobs (flushed, or restarted empty), and when this process last registered them again"
    ),
})

export const openapi: RouteDocs = {
  GET: {
    summary: "Readiness",
    description:
      "Whether this process can serve: PostgreSQL, and Redis when configured, answered within the deadline. Use it as the load balancer's health check; `/health` is liveness.",
    tags: ["Operations"],
    responses: {
      200: { description: "Ready", body: ReadyResponse },
      503: { description: "A dependency did not answer", body: ReadyResponse },
    },
  },
}

/**
 * Readiness: `200` when PostgreSQL (and Redis, when configured) answered within
 * the deadline, `503` naming what did not. Liveness stays Medusa's `/health`.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const service = req.scope.resolve<ObservabilityService>(OBSERVABILITY_MODULE)
  const pg = req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const { ready, checks, redis } = await service.readiness(() => pg.raw("select 1"))
  const failed = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name]) => name)
  res.setHeader("cache-control", "no-store")
  const body: z.infer<typeof ReadyResponse> = {
    status: ready ? "ready" : "unavailable",
    ...(failed.length ? { message: `Not ready: ${failed.join(", ")} did not answer` } : {}),
    checks: checks as z.infer<typeof ReadyResponse>["checks"],
    ...(redis ? { redis } : {}),
  }
  res.status(ready ? 200 : 503).json(body)
}

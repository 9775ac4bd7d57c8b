import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { OBSERVABILITY_MODULE } from "@zoco/observability/modules/observability"
import type ObservabilityService from "@zoco/observability/modules/observability/service"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { PRODUCT_REVIEW_MODULE } from "@zoco/product-reviews/modules/product-review"
import type ProductReviewService from "@zoco/product-reviews/modules/product-review/service"
import { WEBHOOKS_MODULE } from "@zoco/webhooks/modules/webhooks"
import type WebhooksService from "@zoco/webhooks/modules/webhooks/service"
import { readFileSync } from "fs"
import path from "path"
import { StatusQuery, ZocoStatus } from "./validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "Zoco's health, for the dashboard",
    description:
      "Versions, this process's mode, the readiness checks of /ready, the review and webhook rules in force, and when scheduled jobs last ran (from any process, with Redis). The dashboard's Settings › Zoco page.",
    tags: ["Operations"],
    security: "admin",
    query: StatusQuery,
    responses: { 200: { description: "The status", body: z.object({ status: ZocoStatus }) } },
  },
}

const STARTED_AT = new Date().toISOString()

/** A package's version, or null when it cannot be read (never a reason to fail the page). */
function versionOf(read: () => string): string | null {
  try {
    return (JSON.parse(read()) as { version?: string }).version ?? null
  } catch {
    return null
  }
}

// The app's package.json is next to the process's working directory, in development and in the
// production build alike.
const VERSIONS = {
  zoco: versionOf(() => readFileSync(path.join(process.cwd(), "package.json"), "utf8")),
  medusa: versionOf(() => readFileSync(require.resolve("@medusajs/medusa/package.json"), "utf8")),
  node: process.version,
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const observability = req.scope.resolve<ObservabilityService>(OBSERVABILITY_MODULE)
  const pg = req.scope.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const config = req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  // Each plugin's rules only when the app registers its module.
  const [ready, beat, reviews, webhooks] = await Promise.all([
    observability.readiness(() => pg.raw("select 1")),
    observability.lastBeat(),
    req.scope.hasRegistration(PRODUCT_REVIEW_MODULE)
      ? req.scope.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE).rules()
      : null,
    req.scope.hasRegistration(WEBHOOKS_MODULE)
      ? req.scope.resolve<WebhooksService>(WEBHOOKS_MODULE).rules()
      : null,
  ])
  const status: ZocoStatus = {
    versions: VERSIONS,
    process: { mode: config.projectConfig.workerMode ?? "shared", started_at: STARTED_AT },
    ready: {
      ok: ready.ready,
      checks: ready.checks,
      ...(ready.redis
        ? { redis: { outages: ready.redis.outages, data_losses: ready.redis.data_losses } }
        : {}),
    },
    rules: {
      reviews: reviews && {
        auto_approve_verified: reviews.auto_approve_verified,
        per_customer: reviews.rate_limit
          ? { reviews: reviews.rate_limit.points, seconds: reviews.rate_limit.seconds }
          : null,
      },
      webhooks,
    },
    jobs: { last_run_at: beat?.at ?? null, seen_by: beat?.source ?? null },
  }
  res.setHeader("cache-control", "no-store")
  res.json({ status })
}

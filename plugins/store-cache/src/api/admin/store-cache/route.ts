import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { STORE_CACHE_MODULE } from "../../../modules/store-cache"
import type StoreCacheService from "../../../modules/store-cache/service"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { AdminStoreCacheStats } from "./validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "Store API cache status",
    description:
      "Whether the cache is on, where it keeps entries, and, for the in-process cache, how many entries and bytes this server holds against its bound.",
    tags: ["Store cache"],
    security: "admin",
    responses: {
      200: { description: "The cache", body: z.object({ store_cache: AdminStoreCacheStats }) },
    },
  },
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const cache = req.scope.resolve<StoreCacheService>(STORE_CACHE_MODULE)
  res.json({ store_cache: cache.stats() })
}

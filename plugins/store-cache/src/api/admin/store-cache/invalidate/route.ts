import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { NAMESPACES } from "../../../../modules/store-cache/catalog"
import { STORE_CACHE_MODULE } from "../../../../modules/store-cache"
import type StoreCacheService from "../../../../modules/store-cache/service"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { AdminInvalidateStoreCache } from "../validators"

export const openapi: RouteDocs = {
  POST: {
    summary: "Invalidate the Store API cache",
    description:
      "Every cached catalog answer becomes a miss, on every server sharing the Redis, and Medusa's caching module (the configuration reads of carts: regions, shipping options, promotions, payment providers), when the app runs it, is emptied. For changes Medusa sends no event for, such as data written to the database directly.",
    tags: ["Store cache"],
    security: "admin",
    body: AdminInvalidateStoreCache,
    responses: {
      200: {
        description: "Invalidated",
        body: z.object({ invalidated: z.array(z.enum(NAMESPACES)) }),
      },
      503: { description: "Redis did not answer; nothing was invalidated" },
    },
  },
}

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const cache = req.scope.resolve<StoreCacheService>(STORE_CACHE_MODULE)
  if (!(await cache.invalidate(NAMESPACES))) {
    res.status(503).json({
      type: "unavailable",
      message: "The cache's Redis did not answer; nothing was invalidated. Try again.",
    })
    return
  }
  // Medusa's caching module is cleared by the same events as this cache, and misses the same
  // changes: "*" empties every provider's entries (Medusa's convention for all of them).
  if (req.scope.hasRegistration(Modules.CACHING)) {
    await req.scope.resolve(Modules.CACHING).clear({ tags: ["*"] })
  }
  res.json({ invalidated: [...NAMESPACES] })
}

import { z } from "@medusajs/framework/zod"

export const AdminStoreCacheStats = z.object({
  enabled: z.boolean(),
  storage: z.enum(["memory", "redis"]),
  entries: z.number().int().nullable().describe("Entries in this process's cache; null with Redis"),
  bytes: z.number().int().nullable().describe("Bytes counted against max_bytes; null with Redis"),
  max_bytes: z.number().int().nullable(),
  ttl_seconds: z.number().int(),
  hits: z.number().int().describe("Catalog reads this process answered from the cache since start"),
  misses: z.number().int().describe("Cacheable catalog reads Medusa answered since start"),
  since: z.string().describe("When this process started counting"),
})

/** Nothing to say: the whole catalog is invalidated. */
export const AdminInvalidateStoreCache = z.object({}).strict()

import type { z } from "@medusajs/framework/zod"

/**
 * What a route file says about each of its methods, in the shape `@zoco/observability` reads to
 * build `/docs/openapi.json`. The zod schemas are the ones the route validates with.
 */
export type RouteDocs = Partial<
  Record<
    "GET" | "POST" | "DELETE",
    {
      summary: string
      description?: string
      tags?: string[]
      security?: "none" | "publishable-key" | "customer" | "admin"
      query?: z.ZodType
      body?: z.ZodType
      responses: Record<number, { description: string; body?: z.ZodType }>
    }
  >
>

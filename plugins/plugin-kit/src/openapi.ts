import type { z } from "@medusajs/framework/zod"

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

/** Who may call a route, as an OpenAPI security requirement. */
export type RouteSecurity = "none" | "metrics-token" | "publishable-key" | "customer" | "admin"

/** A route on its way out; send the headers with `@zoco/observability`'s `markDeprecated`. */
export type Deprecation = {
  /** When it was deprecated (ISO date). */
  since: string
  /** When it will be removed (ISO date). */
  sunset: string
  /** Where the replacement is described. */
  link?: string
}

/** What a route file says about one of its methods; the zod schemas are the ones it validates with. */
export type RouteDoc = {
  summary: string
  description?: string
  tags?: string[]
  security?: RouteSecurity
  query?: z.ZodType
  body?: z.ZodType
  responses: Record<number, { description: string; body?: z.ZodType; contentType?: string }>
  deprecated?: Deprecation
}

/**
 * Export as `openapi` from a `route.ts`, one entry per exported method: `@zoco/observability`
 * builds `/docs/openapi.json` from them, and its tests require one for every route.
 */
export type RouteDocs = Partial<Record<HttpMethod, RouteDoc>>

import { z } from "@medusajs/framework/zod"
import type { RouteDocs } from "../../../openapi"

const Widget = z.object({ id: z.string(), name: z.string() })

export const openapi: RouteDocs = {
  GET: {
    summary: "List widgets",
    security: "publishable-key",
    query: z.object({ limit: z.coerce.number().int().max(50).optional(), q: z.string() }),
    responses: { 200: { description: "Widgets", body: z.object({ widgets: z.array(Widget) }) } },
  },
  POST: {
    summary: "Create a widget",
    security: "admin",
    body: z.object({ name: z.string().min(1).max(80) }).strict(),
    responses: { 200: { description: "Created", body: Widget } },
    deprecated: { since: "2026-11-01", sunset: "2027-05-01", link: "https://example.com/v2" },
  },
}

export const GET = () => undefined
export const POST = () => undefined

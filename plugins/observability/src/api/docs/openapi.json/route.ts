import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import type { RouteDocs } from "../../../openapi"
import { openApiDocument } from "../document"

export const openapi: RouteDocs = {
  GET: {
    summary: "This document",
    description: "OpenAPI 3.1 description of every route Zoco adds to Medusa.",
    tags: ["Documentation"],
    responses: {
      200: { description: "The OpenAPI document", body: z.object({ openapi: z.string() }) },
    },
  },
}

export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { document } = await openApiDocument(req)
  res.setHeader("cache-control", "public, max-age=300")
  res.json(document)
}

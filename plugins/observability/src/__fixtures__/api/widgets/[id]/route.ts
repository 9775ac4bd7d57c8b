import type { RouteDocs } from "../../../../openapi"

export const openapi: RouteDocs = {
  GET: { summary: "One widget", responses: { 404: { description: "No such widget" } } },
}

export const GET = () => undefined
// A handler without an entry in `openapi`: the document must say so.
export const DELETE = () => undefined

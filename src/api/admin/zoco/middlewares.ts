import type { MiddlewareRoute } from "@medusajs/framework/http"
import { validated } from "../../validation"
import { StatusQuery } from "./status/validators"

export const adminZocoMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/zoco/status",
    method: ["GET"],
    middlewares: [validated("query", StatusQuery)],
  },
]

import { defineMiddlewares, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminListMailsQuery } from "./validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/mails",
      method: ["GET"],
      middlewares: [validateAndTransformQuery(AdminListMailsQuery, {})],
    },
  ],
})

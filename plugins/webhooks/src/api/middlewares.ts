import {
  defineMiddlewares,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminChangeWebhookRules,
  AdminCreateWebhook,
  AdminDeliveryQuery,
  AdminListDeliveriesQuery,
  AdminRotateSecret,
  AdminUpdateWebhook,
} from "./validators"

export default defineMiddlewares({
  routes: [
    {
      matcher: "/admin/webhook-rules",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminChangeWebhookRules)],
    },
    {
      matcher: "/admin/webhooks",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminCreateWebhook)],
    },
    {
      matcher: "/admin/webhooks/:id",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminUpdateWebhook)],
    },
    {
      matcher: "/admin/webhooks/:id/rotate-secret",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminRotateSecret)],
    },
    {
      matcher: "/admin/webhooks/:id/deliveries",
      method: ["GET"],
      middlewares: [validateAndTransformQuery(AdminListDeliveriesQuery, {})],
    },
    {
      matcher: "/admin/webhooks/:id/deliveries/:delivery_id",
      method: ["GET"],
      middlewares: [validateAndTransformQuery(AdminDeliveryQuery, {})],
    },
  ],
})

import { model } from "@medusajs/framework/utils"
import WebhookDelivery from "./webhook-delivery"

/** A merchant's receiver: where subscribed events are sent, and the secret they are signed with. */
const WebhookEndpoint = model
  .define("webhook_endpoint", {
    id: model.id({ prefix: "whep" }).primaryKey(),
    url: model.text(),
    description: model.text().nullable(),
    /** Event names this endpoint receives. */
    events: model.array(),
    secret: model.text(),
    /** The secret before the last rotation, still signing until `previous_secret_expires_at`. */
    previous_secret: model.text().nullable(),
    previous_secret_expires_at: model.dateTime().nullable(),
    status: model.enum(["active", "paused"]).default("active"),
    paused_reason: model.text().nullable(),
    /** When the current run of failed attempts began; null while deliveries succeed. */
    failing_since: model.dateTime().nullable(),
    max_concurrency: model.number().default(4),
    timeout_ms: model.number().default(10_000),
    deliveries: model.hasMany(() => WebhookDelivery, { mappedBy: "endpoint" }),
  })
  .cascades({ delete: ["deliveries"] })

export default WebhookEndpoint

import { model } from "@medusajs/framework/utils"
import WebhookEndpoint from "./webhook-endpoint"

export const DELIVERY_STATUSES = ["pending", "succeeded", "dead"] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/**
 * One event for one endpoint, written before anything is sent. `pending` until a 2xx answer
 * (`succeeded`) or until its attempts run out (`dead`). A worker holds it while sending by
 * setting `locked_until`, so a crashed worker's claim lapses and another sends it.
 */
const WebhookDelivery = model
  .define("webhook_delivery", {
    id: model.id({ prefix: "whdl" }).primaryKey(),
    endpoint: model.belongsTo(() => WebhookEndpoint, { mappedBy: "deliveries" }),
    event_id: model.text(),
    event_type: model.text(),
    payload: model.json(),
    status: model.enum([...DELIVERY_STATUSES]).default("pending"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime(),
    locked_until: model.dateTime().nullable(),
    last_status_code: model.number().nullable(),
    last_error: model.text().nullable(),
    last_duration_ms: model.number().nullable(),
    delivered_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["endpoint_id", "event_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["status", "next_attempt_at"], where: "deleted_at IS NULL" },
  ])

export default WebhookDelivery

import { model } from "@medusajs/framework/utils"

/**
 * What the merchant changed in Settings › Zoco, one row at most. A null column is not set: the
 * module's option (from the environment) applies.
 */
const WebhookSettings = model.define("webhook_settings", {
  id: model.id({ prefix: "whset" }).primaryKey(),
  /** Attempts in all before a delivery is dead. */
  max_attempts: model.number().nullable(),
  /** An endpoint whose deliveries have failed for this long is paused. */
  pause_after_hours: model.number().nullable(),
})

export default WebhookSettings

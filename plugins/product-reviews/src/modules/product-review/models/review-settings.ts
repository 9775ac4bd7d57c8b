import { model } from "@medusajs/framework/utils"

/**
 * What the merchant changed in Settings › Zoco, one row at most. A null column is not set: the
 * module's option (from the environment) applies.
 */
const ReviewSettings = model.define("product_review_settings", {
  id: model.id({ prefix: "prset" }).primaryKey(),
  auto_approve_verified: model.boolean().nullable(),
  /** `{ points, seconds }`, or `false` for no limit. */
  rate_limit: model.json().nullable(),
})

export default ReviewSettings

import { model } from "@medusajs/framework/utils"
import ReviewVote from "./review-vote"

export const REVIEW_STATUSES = ["pending", "approved", "rejected"] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

/**
 * A customer's review of a product. One per customer and product: posting again edits it. Text
 * is stored exactly as written; it is data, never markup.
 */
const Review = model
  .define("product_review", {
    id: model.id({ prefix: "prev" }).primaryKey(),
    product_id: model.text(),
    customer_id: model.text(),
    /** What the storefront shows as the author: first name and last initial. */
    display_name: model.text(),
    rating: model.number(),
    title: model.text(),
    content: model.text(),
    status: model.enum([...REVIEW_STATUSES]).default("pending"),
    /** The customer had an order with this product when the review was written or edited. */
    verified_purchase: model.boolean().default(false),
    rejection_reason: model.text().nullable(),
    reply: model.text().nullable(),
    replied_at: model.dateTime().nullable(),
    helpful_count: model.number().default(0),
    votes: model.hasMany(() => ReviewVote, { mappedBy: "review" }),
  })
  .cascades({ delete: ["votes"] })
  .checks([
    { name: "product_review_rating_check", expression: (c) => `${c.rating} BETWEEN 1 AND 5` },
    { name: "product_review_helpful_check", expression: (c) => `${c.helpful_count} >= 0` },
  ])
  .indexes([
    { on: ["product_id", "customer_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["product_id", "status", "created_at"], where: "deleted_at IS NULL" },
    { on: ["status", "created_at"], where: "deleted_at IS NULL" },
    { on: ["customer_id"], where: "deleted_at IS NULL" },
  ])

export default Review

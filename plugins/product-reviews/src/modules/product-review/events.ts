/**
 * Events the plugin emits; each carries `{ id, product_id }` of one review, and the created and
 * updated events also its `status` and `submitted_at` (when the customer submitted this version).
 */
export const ProductReviewEvents = {
  /** A customer wrote a review (it may be pending or, when auto-approved, approved). */
  CREATED: "product-review.created",
  /** A customer edited their review; it went back to moderation unless auto-approved. */
  UPDATED: "product-review.updated",
  APPROVED: "product-review.approved",
  REJECTED: "product-review.rejected",
  REPLIED: "product-review.replied",
  DELETED: "product-review.deleted",
} as const

/** The data of `product-review.created` and `product-review.updated`. */
export type ReviewSubmittedEvent = {
  id: string
  product_id: string
  status: string
  submitted_at?: string
}

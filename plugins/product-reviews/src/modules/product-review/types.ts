import type { ReviewStatus } from "./models/review"

/** A review as stored. */
export type ReviewRow = {
  id: string
  product_id: string
  customer_id: string
  display_name: string
  rating: number
  title: string
  content: string
  status: ReviewStatus
  verified_purchase: boolean
  rejection_reason: string | null
  reply: string | null
  replied_at: Date | null
  helpful_count: number
  created_at: Date
  updated_at: Date
  deleted_at: Date | null
}

/** A review as it was before a change, kept to undo the change. */
export type ReviewSnapshot = ReviewRow

export type SubmitReviewInput = {
  product_id: string
  customer_id: string
  display_name: string
  rating: number
  title: string
  content: string
  verified_purchase: boolean
}

export type SubmitReviewResult = {
  review: ReviewRow
  /** The customer's earlier review of the product, when this was an edit. */
  previous?: ReviewRow
}

/** The approved reviews of a product, summed up. */
export type RatingSummary = {
  average: number
  count: number
  /** How many approved reviews gave each number of stars. */
  counts: Record<"1" | "2" | "3" | "4" | "5", number>
}

import type { InferTypeOf } from "@medusajs/framework/types"
import type { RulesChange, SavedRules } from "@zoco/plugin-kit/rules"
import type Review from "./models/review"

/** A review as stored: the model's columns, without the votes relation. */
export type ReviewRow = Omit<InferTypeOf<typeof Review>, "votes">

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

/** The moderation rules a merchant can change in the dashboard. */
export type ReviewRules = {
  /** Verified buyers' reviews are published without moderation. */
  auto_approve_verified: boolean
  /** How many reviews one customer may post per period; `false`: no limit. */
  rate_limit: { points: number; seconds: number } | false
}

/** The rules the merchant set; `null` where the module's option applies. */
export type SavedReviewRules = SavedRules<ReviewRules>

/** A change to the rules: the keys given are set, `null` returns a rule to the module's option. */
export type ReviewRulesChange = RulesChange<ReviewRules>

import { Module } from "@medusajs/framework/utils"
import ProductReviewService from "./service"

export const PRODUCT_REVIEW_MODULE = "product_review"

export default Module(PRODUCT_REVIEW_MODULE, {
  service: ProductReviewService,
})

export type { ProductReviewOptions } from "./options"
export type * from "./types"
export { ProductReviewEvents } from "./events"
export { REVIEW_STATUSES, type ReviewStatus } from "./models/review"
export { default as ProductReviewService } from "./service"

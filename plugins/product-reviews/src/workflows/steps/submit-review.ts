import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRODUCT_REVIEW_MODULE } from "../../modules/product-review"
import type ProductReviewService from "../../modules/product-review/service"
import type { ReviewRow, SubmitReviewInput } from "../../modules/product-review/types"

export const submitReviewStepId = "submit-review"

/** Writes the customer's review (or their edit); undone by putting back what was there. */
export const submitReviewStep = createStep(
  submitReviewStepId,
  async (input: SubmitReviewInput, { container }) => {
    const reviews = container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE)
    const { review, previous } = await reviews.submitReview(input)
    return new StepResponse({ review, edited: !!previous }, { id: review.id, before: previous } as {
      id: string
      before?: ReviewRow
    })
  },
  async (undo, { container }) => {
    if (!undo) return
    await container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE).revertReviews([undo])
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRODUCT_REVIEW_MODULE } from "../../modules/product-review"
import type ProductReviewService from "../../modules/product-review/service"

export const deleteReviewsStepId = "delete-reviews"

/** Soft-deletes reviews; undone by restoring them as they were. */
export const deleteReviewsStep = createStep(
  deleteReviewsStepId,
  async (ids: string[], { container }) => {
    const service = container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE)
    const previous = await service.removeReviews(ids)
    return new StepResponse(
      previous,
      previous.map((before) => ({ id: before.id, before }))
    )
  },
  async (undo, { container }) => {
    if (!undo?.length) return
    await container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE).revertReviews(undo)
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRODUCT_REVIEW_MODULE } from "../../modules/product-review"
import type ProductReviewService from "../../modules/product-review/service"

export type SetReviewStatusInput = {
  ids: string[]
  status: "approved" | "rejected"
  /** Why it was rejected; kept for the merchant, never shown in the store. */
  reason?: string | null
}

export const setReviewStatusStepId = "set-review-status"

/** Approves or rejects reviews; undone by restoring each review's status. */
export const setReviewStatusStep = createStep(
  setReviewStatusStepId,
  async (input: SetReviewStatusInput, { container }) => {
    const service = container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE)
    const { reviews, previous } = await service.setReviewStatus(
      input.ids,
      input.status,
      input.reason ?? null
    )
    return new StepResponse(
      reviews,
      previous.map((before) => ({ id: before.id, before }))
    )
  },
  async (undo, { container }) => {
    if (!undo?.length) return
    await container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE).revertReviews(undo)
  }
)

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRODUCT_REVIEW_MODULE } from "../../modules/product-review"
import type ProductReviewService from "../../modules/product-review/service"

export type ReplyToReviewsInput = { ids: string[]; reply: string | null }

export const replyToReviewsStepId = "reply-to-reviews"

/** Sets the merchant's public reply; undone by restoring the earlier reply. */
export const replyToReviewsStep = createStep(
  replyToReviewsStepId,
  async (input: ReplyToReviewsInput, { container }) => {
    const service = container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE)
    const { reviews, previous } = await service.replyToReviews(input.ids, input.reply)
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

import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRODUCT_REVIEW_MODULE } from "../../modules/product-review"
import type ProductReviewService from "../../modules/product-review/service"

export type VoteReviewHelpfulInput = { review_id: string; customer_id: string }

export const voteReviewHelpfulStepId = "vote-review-helpful"

/** Records one helpful vote; undone by taking the vote back. */
export const voteReviewHelpfulStep = createStep(
  voteReviewHelpfulStepId,
  async (input: VoteReviewHelpfulInput, { container }) => {
    const service = container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE)
    const { vote_id, helpful_count } = await service.voteHelpful(input.review_id, input.customer_id)
    return new StepResponse({ review_id: input.review_id, helpful_count }, vote_id)
  },
  async (voteId, { container }) => {
    if (!voteId) return
    await container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE).retractVote(voteId)
  }
)

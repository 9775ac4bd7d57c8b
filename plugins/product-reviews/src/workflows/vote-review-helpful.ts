import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { voteReviewHelpfulStep, type VoteReviewHelpfulInput } from "./steps/vote-review-helpful"

export const voteReviewHelpfulWorkflowId = "vote-product-review-helpful"

/** A customer marks an approved review helpful, once. */
export const voteReviewHelpfulWorkflow = createWorkflow(
  voteReviewHelpfulWorkflowId,
  (input: VoteReviewHelpfulInput) => new WorkflowResponse(voteReviewHelpfulStep(input))
)

import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ReviewRulesChange } from "../modules/product-review/types"
import { changeReviewRulesStep } from "./steps/change-review-rules"

export const changeReviewRulesWorkflowId = "change-product-review-rules"

/**
 * The merchant changes the moderation rules (Settings › Zoco). They apply from the next review
 * on, on every server. Returns the rules in force.
 */
export const changeReviewRulesWorkflow = createWorkflow(
  changeReviewRulesWorkflowId,
  (input: ReviewRulesChange) => new WorkflowResponse(changeReviewRulesStep(input))
)

import { changeRulesStep } from "@zoco/plugin-kit/rules"
import { PRODUCT_REVIEW_MODULE } from "../../modules/product-review"

export const changeReviewRulesStepId = "change-review-rules"

/** Saves the merchant's moderation rules; undone by writing back what was saved before. */
export const changeReviewRulesStep = changeRulesStep(changeReviewRulesStepId, PRODUCT_REVIEW_MODULE)

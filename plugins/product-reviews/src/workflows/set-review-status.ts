import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ProductReviewEvents } from "../modules/product-review/events"
import { setReviewStatusStep, type SetReviewStatusInput } from "./steps/set-review-status"

export const setReviewStatusWorkflowId = "set-product-review-status"

/** The merchant approves or rejects reviews, one or many at once. */
export const setReviewStatusWorkflow = createWorkflow(
  setReviewStatusWorkflowId,
  (input: SetReviewStatusInput) => {
    const reviews = setReviewStatusStep(input)
    const event = transform({ input, reviews }, ({ input, reviews }) => ({
      eventName:
        input.status === "approved" ? ProductReviewEvents.APPROVED : ProductReviewEvents.REJECTED,
      data: reviews.map((r) => ({ id: r.id, product_id: r.product_id })),
    }))
    emitEventStep(event)
    return new WorkflowResponse(reviews)
  }
)

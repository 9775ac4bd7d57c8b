import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ProductReviewEvents } from "../modules/product-review/events"
import { replyToReviewsStep, type ReplyToReviewsInput } from "./steps/reply-to-reviews"

export const replyToReviewsWorkflowId = "reply-to-product-reviews"

/** The merchant answers reviews in public; a `null` reply takes the answer down. */
export const replyToReviewsWorkflow = createWorkflow(
  replyToReviewsWorkflowId,
  (input: ReplyToReviewsInput) => {
    const reviews = replyToReviewsStep(input)
    emitEventStep({
      eventName: ProductReviewEvents.REPLIED,
      data: transform({ reviews }, ({ reviews }) =>
        reviews.map((r) => ({ id: r.id, product_id: r.product_id }))
      ),
    })
    return new WorkflowResponse(reviews)
  }
)

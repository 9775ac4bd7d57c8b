import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createHook,
  createWorkflow,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { ProductReviewEvents } from "../modules/product-review/events"
import { resolveReviewAuthorStep } from "./steps/resolve-review-author"
import { submitReviewStep } from "./steps/submit-review"

export type CreateReviewInput = {
  product_id: string
  customer_id: string
  /** The storefront's sales channels (its publishable key's): only products sold there. */
  sales_channel_ids?: string[]
  rating: number
  title: string
  content: string
}

export const createReviewWorkflowId = "create-product-review"

/**
 * A customer reviews a product, or edits the review they wrote: one review per customer and
 * product. The review waits for moderation unless the module auto-approves verified purchases.
 */
export const createReviewWorkflow = createWorkflow(
  createReviewWorkflowId,
  (input: CreateReviewInput) => {
    const author = resolveReviewAuthorStep({
      product_id: input.product_id,
      customer_id: input.customer_id,
      sales_channel_ids: input.sales_channel_ids,
    })
    const submitted = submitReviewStep(
      transform({ input, author }, ({ input, author }) => ({
        product_id: input.product_id,
        customer_id: input.customer_id,
        rating: input.rating,
        title: input.title,
        content: input.content,
        ...author,
      }))
    )
    const event = transform({ submitted }, ({ submitted }) => ({
      eventName: submitted.edited ? ProductReviewEvents.UPDATED : ProductReviewEvents.CREATED,
      data: {
        id: submitted.review.id,
        product_id: submitted.review.product_id,
        status: submitted.review.status,
        // Which submission: a customer may edit a review many times.
        submitted_at: new Date(submitted.review.updated_at).toISOString(),
      },
    }))
    emitEventStep(event)
    const reviewSubmitted = createHook("reviewSubmitted", {
      review: submitted.review,
      edited: submitted.edited,
    })
    return new WorkflowResponse(submitted, { hooks: [reviewSubmitted] })
  }
)

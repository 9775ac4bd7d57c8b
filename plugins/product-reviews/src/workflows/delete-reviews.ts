import { emitEventStep } from "@medusajs/medusa/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ProductReviewEvents } from "../modules/product-review/events"
import { deleteReviewsStep } from "./steps/delete-reviews"

export const deleteReviewsWorkflowId = "delete-product-reviews"

/** The merchant deletes reviews; ratings are recomputed without them. */
export const deleteReviewsWorkflow = createWorkflow(
  deleteReviewsWorkflowId,
  (input: { ids: string[] }) => {
    const deleted = deleteReviewsStep(input.ids)
    emitEventStep({
      eventName: ProductReviewEvents.DELETED,
      data: transform({ deleted }, ({ deleted }) =>
        deleted.map((r) => ({ id: r.id, product_id: r.product_id }))
      ),
    })
    return new WorkflowResponse(deleted)
  }
)

import type { AdditionalData } from "@medusajs/framework/types"
import { CartWorkflowEvents } from "@medusajs/framework/utils"
import { createWorkflow, parallelize } from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  deleteLineItemsStep,
  emitEventStep,
  releaseLockStep,
} from "@medusajs/medusa/core-flows"
import { refreshCartWorkflow } from "./refresh-cart"

export type DeleteLineItemsInput = {
  cart_id: string
  /** The line items to delete. */
  ids: string[]
} & AdditionalData

export const deleteLineItemsWorkflowId = "zoco-delete-line-items"

/**
 * Medusa's `deleteLineItemsWorkflow` (2.21.2), step for step, with `refreshCartWorkflow` as its
 * refresh, which leaves the promotions alone when recomputing them cannot change the cart.
 * Served by `DELETE /store/carts/:id/line-items/:line_id`.
 */
export const deleteLineItemsWorkflow = createWorkflow(
  deleteLineItemsWorkflowId,
  (input: DeleteLineItemsInput) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })
    deleteLineItemsStep(input.ids)
    parallelize(
      refreshCartWorkflow.runAsStep({
        input: { cart_id: input.cart_id, additional_data: input.additional_data },
      }),
      emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: input.cart_id } })
    )
    releaseLockStep({ key: input.cart_id })
  }
)

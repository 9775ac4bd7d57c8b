import type { AdditionalData } from "@medusajs/framework/types"
import { CART_READ_STRATEGY } from "../read-cart"
import { CartWorkflowEvents } from "@medusajs/framework/utils"
import { createWorkflow, parallelize } from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  deleteLineItemsStep,
  emitEventStep,
  releaseLockStep,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { CART_QUIET_REFRESH_FIELDS, type CartBeforeWrite } from "../quiet-refresh"
import { refreshCartWorkflow } from "./refresh-cart"

export type DeleteLineItemsInput = {
  cart_id: string
  /** The line items to delete. */
  ids: string[]
} & AdditionalData

export const deleteLineItemsWorkflowId = "zoco-delete-line-items"

/**
 * Medusa's `deleteLineItemsWorkflow` (2.21.2), step for step, with `refreshCartWorkflow` as its
 * refresh, which leaves the promotions alone when recomputing them cannot change the cart. The
 * cart is read (a few fields) before the delete so that the refresh can do nothing at all when
 * it shows there is nothing to refresh (`refreshCannotChangeCart`). Served by
 * `DELETE /store/carts/:id/line-items/:line_id`.
 */
export const deleteLineItemsWorkflow = createWorkflow(
  deleteLineItemsWorkflowId,
  (input: DeleteLineItemsInput) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })
    const { data: cartBefore } = useQueryGraphStep({
      entity: "cart",
      strategy: CART_READ_STRATEGY,
      filters: { id: input.cart_id },
      fields: ["id", ...CART_QUIET_REFRESH_FIELDS],
      options: { isList: false },
    }).config({ name: "get-cart-before-delete" })
    deleteLineItemsStep(input.ids)
    parallelize(
      refreshCartWorkflow.runAsStep({
        input: {
          cart_id: input.cart_id,
          cart_before: cartBefore as CartBeforeWrite | undefined,
          additional_data: input.additional_data,
        },
      }),
      emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: input.cart_id } })
    )
    releaseLockStep({ key: input.cart_id })
  }
)

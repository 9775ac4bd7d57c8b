import type { CreatePaymentCollectionForCartWorkflowInputDTO } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  createWorkflow,
  parallelize,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  createPaymentCollectionsStep,
  createRemoteLinkStep,
  releaseLockStep,
  useRemoteQueryStep,
  validateCartStep,
  validateExistingPaymentCollectionStep,
} from "@medusajs/medusa/core-flows"
import { CART_READ_STRATEGY } from "../read-cart"

export const createPaymentCollectionForCartWorkflowId = "zoco-create-payment-collection-for-cart"

/**
 * Medusa's `createPaymentCollectionForCartWorkflow` (2.21.2), step for step (it has no hooks);
 * the cart whose total the collection is for is read with its lines, shipping methods, their
 * tax lines and adjustments and its credit lines in one statement rather than one each. Served
 * by `POST /store/payment-collections`.
 */
export const createPaymentCollectionForCartWorkflow = createWorkflow(
  createPaymentCollectionForCartWorkflowId,
  (input: CreatePaymentCollectionForCartWorkflowInputDTO) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })
    const cart = useRemoteQueryStep({
      entry_point: "cart",
      fields: [
        "id",
        "completed_at",
        "currency_code",
        "total",
        "raw_total",
        "payment_collection.id",
      ],
      variables: { id: input.cart_id, options: { strategy: CART_READ_STRATEGY } },
      throw_if_key_not_found: true,
      list: false,
    })
    parallelize(validateCartStep({ cart }), validateExistingPaymentCollectionStep({ cart }))

    const paymentData = transform({ cart }, ({ cart }) => ({
      currency_code: cart.currency_code,
      amount: cart.raw_total,
    }))
    const created = createPaymentCollectionsStep([paymentData])
    const link = transform({ cartId: input.cart_id, created }, ({ cartId, created }) => [
      {
        [Modules.CART]: { cart_id: cartId },
        [Modules.PAYMENT]: { payment_collection_id: created[0].id },
      },
    ])
    createRemoteLinkStep(link).config({ name: "cart-payment-collection-link" })
    releaseLockStep({ key: input.cart_id })
    return new WorkflowResponse(transform({ created }, ({ created }) => created[0]))
  }
)

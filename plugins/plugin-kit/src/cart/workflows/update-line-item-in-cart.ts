import type {
  AdditionalData,
  ConfirmVariantInventoryWorkflowInputDTO,
  UpdateLineItemInCartWorkflowInputDTO,
} from "@medusajs/framework/types"
import { CART_READ_STRATEGY } from "../read-cart"
import {
  CartWorkflowEvents,
  filterObjectByKeys,
  isDefined,
  MathBN,
  QueryContext,
} from "@medusajs/framework/utils"
import {
  createHook,
  createWorkflow,
  parallelize,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  confirmVariantInventoryWorkflow,
  emitEventStep,
  findLineItemToUpdateStep,
  prepareLineItemUpdateStep,
  releaseLockStep,
  updateLineItemsStepWithSelector,
  useQueryGraphStep,
  validateCartStep,
  validateVariantPricesStep,
} from "@medusajs/medusa/core-flows"
import { CART_PRICING_FIELDS, VARIANT_ADD_ITEM_FIELDS } from "../cart-fields"
import { CART_QUIET_REFRESH_FIELDS, type CartBeforeWrite } from "../quiet-refresh"
import { pricingContextResult } from "../steps/price-cart-items"
import { deleteLineItemsWorkflow } from "./delete-line-items"
import { refreshCartWorkflow } from "./refresh-cart"

export type UpdateLineItemInCartInput = UpdateLineItemInCartWorkflowInputDTO & AdditionalData

export const updateLineItemInCartWorkflowId = "zoco-update-line-item-in-cart"

/**
 * Medusa's `updateLineItemInCartWorkflow` (2.21.2), step for step, with the same `validate` and
 * `setPricingContext` hooks. A quantity of 0 deletes the line through Zoco's
 * `deleteLineItemsWorkflow`; the refresh is `refreshCartWorkflow`, which leaves the promotions
 * alone when recomputing them cannot change the cart, and does nothing at all when the cart read
 * here shows it has nothing to refresh (`refreshCannotChangeCart`). Served by
 * `POST /store/carts/:id/line-items/:line_id`.
 */
export const updateLineItemInCartWorkflow = createWorkflow(
  updateLineItemInCartWorkflowId,
  (input: UpdateLineItemInCartInput) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })
    const { data: cart } = useQueryGraphStep({
      entity: "cart",
      strategy: CART_READ_STRATEGY,
      filters: { id: input.cart_id },
      fields: [...CART_PRICING_FIELDS, "items.*", ...CART_QUIET_REFRESH_FIELDS],
      options: { throwIfKeyNotFound: true, isList: false },
    }).config({ name: "get-cart" })
    const { item, variantIds } = findLineItemToUpdateStep({ cart, input })
    validateCartStep({ cart })

    const validate = createHook("validate", { input, cart })
    const setPricingContext = createHook(
      "setPricingContext",
      { cart, item, variantIds, additional_data: input.additional_data },
      { resultValidator: pricingContextResult }
    )
    const setPricingContextResult = setPricingContext.getResult()
    const pricingContext = transform(
      { cart, item, update: input.update, setPricingContextResult },
      (data): Record<string, unknown> & { sales_channel_id?: string } => ({
        ...filterObjectByKeys(data.cart, CART_PRICING_FIELDS),
        ...(data.setPricingContextResult ? data.setPricingContextResult : {}),
        quantity: data.update.quantity ?? data.item.quantity,
        currency_code: data.cart.currency_code,
        region_id: data.cart.region_id,
        region: data.cart.region,
        customer_id: data.cart.customer_id,
        customer: data.cart.customer,
      })
    )

    const shouldRemoveItem = transform(
      { input },
      ({ input }) => isDefined(input.update.quantity) && MathBN.eq(input.update.quantity, 0)
    )
    when(
      "should-remove-item",
      { shouldRemoveItem },
      ({ shouldRemoveItem }) => shouldRemoveItem
    ).then(() => {
      deleteLineItemsWorkflow.runAsStep({
        input: {
          cart_id: input.cart_id,
          ids: [input.item_id],
          additional_data: input.additional_data,
        },
      })
    })

    const variants = when(
      "should-fetch-variants",
      { variantIds, shouldRemoveItem },
      ({ variantIds, shouldRemoveItem }) => !!variantIds.length && !shouldRemoveItem
    ).then(() => {
      const calculatedPriceQueryContext = transform({ pricingContext }, ({ pricingContext }) =>
        QueryContext(pricingContext)
      )
      const { data: variants } = useQueryGraphStep({
        entity: "variants",
        fields: [...VARIANT_ADD_ITEM_FIELDS, "calculated_price.*"],
        filters: { id: variantIds },
        context: { calculated_price: calculatedPriceQueryContext },
      }).config({ name: "fetch-variants" })
      validateVariantPricesStep({ variants })
      return variants
    })

    when(
      "should-update-item",
      { shouldRemoveItem },
      ({ shouldRemoveItem }) => !shouldRemoveItem
    ).then(() => {
      const items = transform({ input, item }, ({ input, item }) => [
        { ...item, quantity: input.update.quantity },
      ])
      confirmVariantInventoryWorkflow.runAsStep({
        input: {
          sales_channel_id: pricingContext.sales_channel_id,
          variants,
          items,
        } as ConfirmVariantInventoryWorkflowInputDTO,
      })
      const lineItemUpdate = prepareLineItemUpdateStep({ input, variants, item })
      updateLineItemsStepWithSelector(lineItemUpdate)
      refreshCartWorkflow.runAsStep({
        input: {
          cart_id: input.cart_id,
          cart_before: cart as CartBeforeWrite,
          additional_data: input.additional_data,
        },
      })
    })

    parallelize(
      releaseLockStep({ key: input.cart_id }),
      emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: input.cart_id } })
    )
    return new WorkflowResponse(void 0, { hooks: [validate, setPricingContext] })
  }
)

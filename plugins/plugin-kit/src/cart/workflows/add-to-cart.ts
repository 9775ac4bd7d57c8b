import type {
  AdditionalData,
  AddToCartWorkflowInputDTO,
  CartLineItemDTO,
  ConfirmVariantInventoryWorkflowInputDTO,
  CreateLineItemForCartDTO,
  ProductVariantDTO,
  UpdateLineItemWithSelectorDTO,
} from "@medusajs/framework/types"
import { CART_READ_STRATEGY } from "../read-cart"
import { CartWorkflowEvents, MedusaError } from "@medusajs/framework/utils"
import {
  createHook,
  createWorkflow,
  parallelize,
  transform,
  type WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  confirmVariantInventoryWorkflow,
  createLineItemsStep,
  emitEventStep,
  getLineItemActionsStep,
  getLineItemPricingQuantitiesStep,
  getTranslatedLineItemsStep,
  releaseLockStep,
  updateLineItemsStep,
  useQueryGraphStep,
  validateCartStep,
  validateLineItemPricesStep,
} from "@medusajs/medusa/core-flows"
import { CART_ADD_ITEM_FIELDS, VARIANT_ADD_ITEM_FIELDS } from "../cart-fields"
import { CART_QUIET_REFRESH_FIELDS, type CartBeforeWrite } from "../quiet-refresh"
import {
  priceCartItemsStep,
  pricingContextResult,
  type PricedCartItems,
} from "../steps/price-cart-items"
import { refreshCartWorkflow } from "./refresh-cart"

export type AddToCartInput = AddToCartWorkflowInputDTO & AdditionalData

export const addToCartWorkflowId = "zoco-add-to-cart"

type VariantWithPrice = ConfirmVariantInventoryWorkflowInputDTO["variants"][number]

/**
 * Medusa's `addToCartWorkflow` (2.21.2), step for step, with the same `validate` and
 * `setPricingContext` hooks, for items of a product variant (the Store API's only kind; Medusa's
 * branch for items without a variant is not taken by the route). Its refresh is
 * `refreshCartWorkflow`, which leaves the promotions alone when recomputing them cannot change
 * the cart, and does nothing at all when the cart read here shows it has nothing to refresh
 * (`refreshCannotChangeCart`). Served by `POST /store/carts/:id/line-items`.
 */
export const addToCartWorkflow = createWorkflow(addToCartWorkflowId, (input: AddToCartInput) => {
  acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })
  const { data: cart } = useQueryGraphStep({
    entity: "cart",
    strategy: CART_READ_STRATEGY,
    filters: { id: input.cart_id },
    fields: [...CART_ADD_ITEM_FIELDS, ...CART_QUIET_REFRESH_FIELDS],
    options: { throwIfKeyNotFound: true, isList: false },
  }).config({ name: "get-cart" })
  validateCartStep({ cart })

  const validate = createHook("validate", { input, cart })
  const variantIds = transform({ input }, ({ input }) =>
    (input.items ?? []).map((item) => {
      if (!item.variant_id) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "A line item needs a variant_id")
      }
      return item.variant_id
    })
  )
  const setPricingContext = createHook(
    "setPricingContext",
    { cart, variantIds, items: input.items, additional_data: input.additional_data },
    { resultValidator: pricingContextResult }
  )
  const setPricingContextResult = setPricingContext.getResult()

  // Items added for a variant already in the cart are merged into its line, so their prices are
  // selected for the resulting quantity.
  const pricingQuantities = getLineItemPricingQuantitiesStep({
    id: input.cart_id,
    items: input.items,
  })
  const itemsToPrice = transform(
    { items: input.items, pricingQuantities },
    ({ items, pricingQuantities }) =>
      (items ?? []).map((item, index) => ({
        ...item,
        quantity: pricingQuantities[index] ?? item.quantity,
      }))
  )
  const priced = priceCartItemsStep({
    cart,
    items: itemsToPrice,
    setPricingContextResult,
    variants: { id: variantIds, fields: VARIANT_ADD_ITEM_FIELDS },
  }) as WorkflowData<PricedCartItems<VariantWithPrice, CreateLineItemForCartDTO>>
  const variants = priced.variants
  const pricedItems = priced.lineItems
  // Back to the quantity added: getLineItemActionsStep adds it to the existing line's.
  const lineItems = transform(
    { pricedItems, originalItems: input.items },
    ({ pricedItems, originalItems }) =>
      pricedItems.map((item, index) => ({
        ...item.data,
        quantity: originalItems?.[index]?.quantity ?? item.data.quantity,
      }))
  )
  validateLineItemPricesStep({
    items: lineItems as unknown as Parameters<typeof validateLineItemPricesStep>[0]["items"],
  })

  const { itemsToCreate = [], itemsToUpdate = [] } = getLineItemActionsStep({
    id: cart.id,
    items: lineItems,
  })
  const itemsToConfirmInventory = transform({ itemsToUpdate, itemsToCreate }, (data) =>
    (data.itemsToUpdate as (UpdateLineItemWithSelectorDTO | CreateLineItemForCartDTO)[])
      .concat(data.itemsToCreate)
      .filter((item) =>
        "data" in item ? Boolean(item.data?.variant_id) : Boolean(item.variant_id)
      )
  )
  confirmVariantInventoryWorkflow.runAsStep({
    input: {
      sales_channel_id: cart.sales_channel_id,
      variants,
      items: input.items,
      itemsToUpdate: itemsToConfirmInventory,
    } as ConfirmVariantInventoryWorkflowInputDTO,
  })

  const itemsToCreateVariants = transform({ itemsToCreate, variants }, (data) => {
    if (!data.itemsToCreate?.length) return []
    const byId = new Map(data.variants?.map((v) => [v.id, v]))
    return data.itemsToCreate
      .map((item) => (item.variant_id ? byId.get(item.variant_id) : undefined))
      .filter((v): v is VariantWithPrice => Boolean(v)) as Partial<ProductVariantDTO>[]
  })
  const translatedItemsToCreate = getTranslatedLineItemsStep({
    items: itemsToCreate,
    variants: itemsToCreateVariants,
    locale: cart.locale,
  })

  const [createdLineItems, updatedLineItems] = parallelize(
    createLineItemsStep({
      id: cart.id,
      items: translatedItemsToCreate,
    }),
    updateLineItemsStep({ id: cart.id, items: itemsToUpdate })
  )
  const allItems = transform(
    { createdLineItems, updatedLineItems },
    ({ createdLineItems = [], updatedLineItems = [] }) =>
      (createdLineItems as CartLineItemDTO[]).concat(updatedLineItems as CartLineItemDTO[])
  )
  refreshCartWorkflow.runAsStep({
    input: {
      cart_id: cart.id,
      items: allItems,
      cart_before: cart as CartBeforeWrite,
      additional_data: input.additional_data,
    },
  })

  parallelize(
    emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: cart.id } }),
    releaseLockStep({ key: cart.id })
  )
  return new WorkflowResponse(void 0, { hooks: [validate, setPricingContext] })
})

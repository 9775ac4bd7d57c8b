import type {
  AdditionalData,
  CartDTO,
  ConfirmVariantInventoryWorkflowInputDTO,
  CreateCartWorkflowInputDTO,
  CreateLineItemForCartDTO,
  ProductVariantDTO,
} from "@medusajs/framework/types"
import { CartWorkflowEvents } from "@medusajs/framework/utils"
import {
  createHook,
  createWorkflow,
  parallelize,
  transform,
  when,
  type WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  confirmVariantInventoryWorkflow,
  createCartsStep,
  emitEventStep,
  findOneOrAnyRegionStep,
  findOrCreateCustomerStep,
  findSalesChannelStep,
  getTranslatedLineItemsStep,
  prepareCartToCreateStep,
  updateCartPromotionsWorkflow,
  updateTaxLinesWorkflow,
} from "@medusajs/medusa/core-flows"
import { VARIANT_ADD_ITEM_FIELDS } from "../cart-fields"
import {
  priceCartItemsStep,
  pricingContextResult,
  type PricedCartItems,
} from "../steps/price-cart-items"
import { storeHasAutomaticPromotionStep } from "../steps/store-has-automatic-promotion"
import { validateSalesChannelStep } from "../steps/validate-sales-channel"

export type CreateCartInput = CreateCartWorkflowInputDTO & AdditionalData

export const createCartWorkflowId = "zoco-create-cart"

type VariantWithPrice = ConfirmVariantInventoryWorkflowInputDTO["variants"][number]

/**
 * Medusa's `createCartWorkflow` (2.21.2), step for step, with the same `validate`,
 * `setPricingContext` and `cartCreated` hooks, except that a new cart's promotions are computed
 * only when it is created with promotion codes or the store has an automatic promotion: a new
 * cart has no adjustment, so Medusa's promotion refresh (a read of the whole cart) would find
 * nothing to apply; and that a cart created without lines skips the nested workflows that could
 * only find nothing to do (stock confirmation, tax lines) and, like every new cart, Medusa's
 * payment-collection refresh (a new cart has no payment collection: Medusa's workflow returns
 * without a read). Served by `POST /store/carts`.
 */
export const createCartWorkflow = createWorkflow(createCartWorkflowId, (input: CreateCartInput) => {
  const variantIds = transform({ input }, (data) =>
    (data.input.items ?? []).map((i) => i.variant_id).filter((v): v is string => !!v)
  )
  const [salesChannel, region, customerData] = parallelize(
    findSalesChannelStep({ salesChannelId: input.sales_channel_id }),
    findOneOrAnyRegionStep({ regionId: input.region_id }),
    findOrCreateCustomerStep({ customerId: input.customer_id, email: input.email })
  )
  validateSalesChannelStep({ salesChannel })

  const setPricingContext = createHook(
    "setPricingContext",
    { region, variantIds, salesChannel, customerData, additional_data: input.additional_data },
    { resultValidator: pricingContextResult }
  )
  const setPricingContextResult = setPricingContext.getResult()
  const pricingInput = transform(
    { input, region, customerData, setPricingContextResult, variantIds },
    (data) => ({
      cart: {
        currency_code: data.input.currency_code,
        region: data.region,
        region_id: data.region?.id,
        customer_id: data.customerData.customer?.id,
        customer: data.customerData.customer ?? undefined,
      },
      items: data.input.items,
      setPricingContextResult: data.setPricingContextResult,
      variants: { id: data.variantIds, fields: VARIANT_ADD_ITEM_FIELDS },
    })
  )
  // A cart created empty (the usual storefront call) has no line to price, no stock to confirm
  // and no line to tax: those nested workflows would read and find nothing.
  const hasItems = transform({ input }, ({ input }) => !!input.items?.length)
  const pricedItems = when("price-items", { hasItems }, ({ hasItems }) => hasItems).then(
    () =>
      priceCartItemsStep(pricingInput) as WorkflowData<
        PricedCartItems<VariantWithPrice, CreateLineItemForCartDTO>
      >
  )
  const priced = transform(
    { pricedItems },
    ({ pricedItems }): PricedCartItems<VariantWithPrice, CreateLineItemForCartDTO> =>
      pricedItems ?? { variants: [], lineItems: [] }
  )
  when("confirm-inventory", { hasItems }, ({ hasItems }) => hasItems).then(() => {
    confirmVariantInventoryWorkflow.runAsStep({
      input: {
        sales_channel_id: salesChannel.id,
        variants: priced.variants,
        items: input.items,
      } as ConfirmVariantInventoryWorkflowInputDTO,
    })
  })

  const cartInput = prepareCartToCreateStep({ input, region, customerData, salesChannel })
  const itemsToCreate = transform({ priced }, ({ priced }) => priced.lineItems.map((i) => i.data))
  const translatedItems = getTranslatedLineItemsStep({
    items: itemsToCreate,
    variants: transform(
      { priced },
      ({ priced }) => priced.variants as Partial<ProductVariantDTO>[]
    ),
    locale: input.locale,
  })
  const cartToCreate = transform({ cartInput, translatedItems }, (data) => ({
    ...data.cartInput,
    items: data.translatedItems,
  }))
  const validate = createHook("validate", { input: cartInput, cart: cartToCreate })
  const carts = createCartsStep([cartToCreate])
  const cart = transform({ carts }, (data) => data.carts?.[0] as CartDTO)

  when("update-tax-lines", { hasItems }, ({ hasItems }) => hasItems).then(() => {
    updateTaxLinesWorkflow.runAsStep({ input: { cart_id: cart.id } })
  })

  const storeHasAutomaticPromotion = storeHasAutomaticPromotionStep()
  when(
    "compute-promotions",
    { input, storeHasAutomaticPromotion },
    ({ input, storeHasAutomaticPromotion }) =>
      storeHasAutomaticPromotion || !!input.promo_codes?.length
  ).then(() => {
    updateCartPromotionsWorkflow.runAsStep({
      input: {
        cart_id: cart.id,
        promo_codes: input.promo_codes,
        force_refresh_payment_collection: false,
      },
    })
  })

  emitEventStep({ eventName: CartWorkflowEvents.CREATED, data: { id: cart.id } })
  const cartCreated = createHook("cartCreated", { cart, additional_data: input.additional_data })
  return new WorkflowResponse(cart, { hooks: [validate, cartCreated, setPricingContext] })
})

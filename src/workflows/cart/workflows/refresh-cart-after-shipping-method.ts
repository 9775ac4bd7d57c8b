import type { AdditionalData, CartShippingMethodDTO } from "@medusajs/framework/types"
import { PromotionActions } from "@medusajs/framework/utils"
import {
  createWorkflow,
  transform,
  when,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  refreshCartShippingMethodsWorkflow,
  refreshPaymentCollectionForCartWorkflow,
  releaseLockStep,
  updateCartPromotionsWorkflow,
  upsertTaxLinesWorkflow,
  useQueryGraphStep,
} from "@medusajs/medusa/core-flows"
import { CART_REFRESH_FIELDS } from "../cart-fields"
import { canReuseShippingPrices, type PricedOption } from "../shipping-price-reuse"

export type RefreshCartAfterShippingMethodInput = {
  cart_id: string
  /** The shipping methods just added. */
  shipping_methods: CartShippingMethodDTO[]
  /** The options those methods were priced from, as Medusa's listing with prices returns them. */
  priced_options: PricedOption[]
} & AdditionalData

export const refreshCartAfterShippingMethodWorkflowId = "zoco-refresh-cart-after-shipping-method"

/**
 * What Medusa's `refreshCartItemsWorkflow` does after a shipping method is added (no forced
 * refresh: shipping methods, tax lines of the new methods, promotions, payment collection), in
 * the same order with the same steps, except that the shipping methods are not priced a second
 * time when `canReuseShippingPrices` says that pricing would change nothing. Medusa's pricing
 * runs, unchanged, in every other case.
 */
export const refreshCartAfterShippingMethodWorkflow = createWorkflow(
  refreshCartAfterShippingMethodWorkflowId,
  (input: RefreshCartAfterShippingMethodInput) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })

    const { data: refetchedCart } = useQueryGraphStep({
      entity: "cart",
      fields: CART_REFRESH_FIELDS,
      filters: { id: input.cart_id },
      options: { isList: false },
    }).config({ name: "refetch-cart" })

    const reprice = transform({ refetchedCart, input }, ({ refetchedCart, input }) => {
      const cart = refetchedCart as { shipping_methods?: CartShippingMethodDTO[] | null }
      return !canReuseShippingPrices(
        cart.shipping_methods ?? [],
        input.shipping_methods.map((m) => m.id),
        input.priced_options
      )
    })
    when("reprice-shipping-methods", { reprice }, ({ reprice }) => reprice).then(() => {
      refreshCartShippingMethodsWorkflow.runAsStep({
        input: { cart: refetchedCart, additional_data: input.additional_data },
      })
    })

    upsertTaxLinesWorkflow.runAsStep({
      input: transform({ refetchedCart, input }, ({ refetchedCart, input }) => ({
        cart: refetchedCart,
        items: [],
        shipping_methods: input.shipping_methods,
      })),
    })

    const promoCodes = transform({ refetchedCart }, ({ refetchedCart }) =>
      ((refetchedCart as { promotions?: ({ code?: string | null } | null)[] }).promotions ?? [])
        .map((p) => p?.code)
        .filter((code): code is string => Boolean(code))
    )
    updateCartPromotionsWorkflow.runAsStep({
      input: {
        cart_id: input.cart_id,
        promo_codes: promoCodes,
        action: PromotionActions.REPLACE,
        force_refresh_payment_collection: false,
      },
    })

    refreshPaymentCollectionForCartWorkflow.runAsStep({
      input: { cart: refetchedCart },
    })

    releaseLockStep({ key: input.cart_id })
    return new WorkflowResponse(refetchedCart)
  }
)

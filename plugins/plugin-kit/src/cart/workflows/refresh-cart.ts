import type {
  AdditionalData,
  CartLineItemDTO,
  CartShippingMethodDTO,
  UpdateLineItemWithSelectorDTO,
} from "@medusajs/framework/types"
import { cartReadVariables } from "../read-cart"
import { PromotionActions } from "@medusajs/framework/utils"
import {
  createHook,
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
  updateCartItemsTranslationsStep,
  updateCartPromotionsWorkflow,
  updateLineItemsStep,
  updateTaxLinesWorkflow,
  type UpdateTaxLinesWorkflowInput,
  upsertTaxLinesWorkflow,
  useRemoteQueryStep,
  validateCartStep,
} from "@medusajs/medusa/core-flows"
import { CART_REFRESH_FIELDS, VARIANT_REPRICE_FIELDS } from "../cart-fields"
import { changedLines, type PricedLine } from "../line-repricing"
import { promotionsMayChange, type CartPromotionState } from "../promotion-refresh"
import { refreshCannotChangeCart, type CartBeforeWrite } from "../quiet-refresh"
import { canReuseShippingPrices, type PricedOption } from "../shipping-price-reuse"
import { priceCartItemsStep, pricingContextResult } from "../steps/price-cart-items"
import { storeHasAutomaticPromotionStep } from "../steps/store-has-automatic-promotion"

export type RefreshCartInput = {
  cart_id: string
  /** Line items just added or changed: their tax lines are written, as Medusa's refresh does. */
  items?: CartLineItemDTO[]
  /** Shipping methods just added: their tax lines are written, as Medusa's refresh does. */
  shipping_methods?: CartShippingMethodDTO[]
  /** The options those methods were priced from, as Medusa's listing with prices returns them. */
  priced_options?: PricedOption[]
  /** Price every line again and recompute every tax line (a new region, locale or tax address). */
  force_refresh?: boolean
  /** The promotion codes the cart is to have; by default the codes it has. */
  promo_codes?: string[]
  /** A new locale: the lines are translated into it. */
  locale?: string
  /**
   * The cart as the caller read it under this lock, before its write, with at least
   * `CART_QUIET_REFRESH_FIELDS`: when `refreshCannotChangeCart` says the refresh has nothing to
   * do, it reads and writes nothing (its hooks still run).
   */
  cart_before?: CartBeforeWrite
} & AdditionalData

export const refreshCartWorkflowId = "zoco-refresh-cart"

/**
 * What Medusa's `refreshCartItemsWorkflow` does (a forced re-pricing of every line, shipping
 * methods, tax lines, promotions, translations, payment collection), in the same order with the
 * same steps, except for work that cannot change the cart:
 * - a forced re-pricing writes only the lines `changedLines` finds moved, and when none did, the
 *   cart it read is the refreshed cart (nothing was written since) and the tax-line workflow gets
 *   it rather than reading it again;
 * - the shipping methods are not priced again when `canReuseShippingPrices` says the methods
 *   are exactly the ones just priced and added;
 * - the promotions are not recomputed when `promotionsMayChange` says there is nothing to apply
 *   and nothing to take off;
 * - nothing is read or written when the caller's read of the cart shows that no part of the
 *   refresh can change it (`refreshCannotChangeCart`: a cart being filled, before its address).
 * Medusa's steps run, unchanged, in every other case.
 */
export const refreshCartWorkflow = createWorkflow(
  refreshCartWorkflowId,
  (input: RefreshCartInput) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })
    const setPricingContext = createHook(
      "setPricingContext",
      { cart_id: input.cart_id, items: input.items, additional_data: input.additional_data },
      { resultValidator: pricingContextResult }
    )
    const setPricingContextResult = setPricingContext.getResult()

    const storeHasAutomaticPromotion = storeHasAutomaticPromotionStep()
    const quiet = transform(
      { input, storeHasAutomaticPromotion },
      ({ input, storeHasAutomaticPromotion }) =>
        refreshCannotChangeCart(input, storeHasAutomaticPromotion)
    )

    const forced = when(
      "force-refresh-calculate-prices",
      { input },
      ({ input }) => !!input.force_refresh
    ).then(() => {
      const cart = useRemoteQueryStep({
        entry_point: "cart",
        fields: CART_REFRESH_FIELDS,
        variables: cartReadVariables(CART_REFRESH_FIELDS, input.cart_id),
        list: false,
      }).config({ name: "fetch-cart" })
      validateCartStep({ cart })
      // The variants Medusa would price (its pricing workflow takes them from the cart's lines),
      // read without the stock data that only a stock check needs.
      const variants = transform({ cart }, ({ cart }) => ({
        id: Array.from(
          new Set(
            ((cart as { items?: { variant_id?: string | null }[] | null }).items ?? []).map(
              (item) => item.variant_id
            )
          )
        ).filter((id): id is string => !!id),
        fields: VARIANT_REPRICE_FIELDS,
      }))
      const priced = priceCartItemsStep({
        cart,
        items: undefined,
        setPricingContextResult,
        variants,
      })
      // Only the lines whose price or data moved: the rest would be written their own values.
      const changed = transform({ cart, priced }, ({ cart, priced }) =>
        changedLines(
          (cart as { items?: ({ id: string } & Record<string, unknown>)[] }).items,
          priced.lineItems as PricedLine[]
        ).map((item): UpdateLineItemWithSelectorDTO => ({
          selector: item.selector,
          data: item.data as UpdateLineItemWithSelectorDTO["data"],
        }))
      )
      updateLineItemsStep({ id: cart.id, items: changed })
      return transform({ cart, changed }, ({ cart, changed }) => ({
        cart,
        written: changed.length > 0,
      }))
    })

    // The cart is read again unless the forced re-pricing just read it and wrote nothing since,
    // or nothing below would use it.
    const refetch = transform(
      { forced, quiet },
      ({ forced, quiet }) => !quiet && (!forced || forced.written)
    )
    const refetched = when("refetch-cart-after-writes", { refetch }, ({ refetch }) => refetch).then(
      () =>
        useRemoteQueryStep({
          entry_point: "cart",
          fields: CART_REFRESH_FIELDS,
          variables: cartReadVariables(CART_REFRESH_FIELDS, input.cart_id),
          list: false,
        }).config({ name: "refetch-cart" })
    )
    const refetchedCart = transform(
      { refetched, forced },
      ({ refetched, forced }) => (refetched ?? forced?.cart) as typeof refetched
    )

    const reprice = transform(
      { refetchedCart, input, quiet },
      ({ refetchedCart, input, quiet }) => {
        if (quiet) return false
        const cart = refetchedCart as { shipping_methods?: CartShippingMethodDTO[] | null }
        return !canReuseShippingPrices(
          cart.shipping_methods ?? [],
          (input.shipping_methods ?? []).map((m) => m.id),
          input.priced_options ?? []
        )
      }
    )
    when("reprice-shipping-methods", { reprice }, ({ reprice }) => reprice).then(() => {
      refreshCartShippingMethodsWorkflow.runAsStep({
        input: { cart: refetchedCart, additional_data: input.additional_data },
      })
    })

    when("force-refresh-update-tax-lines", { input }, ({ input }) => !!input.force_refresh).then(
      () => {
        // Medusa reads the cart once more for its tax lines; the cart just read is handed over
        // instead when no shipping method was re-priced since (only that could have changed it).
        const taxInput = transform(
          { refetchedCart, reprice, input },
          ({ refetchedCart, reprice, input }): UpdateTaxLinesWorkflowInput => {
            const methods = (refetchedCart as { shipping_methods?: unknown[] | null })
              .shipping_methods
            return reprice && methods?.length
              ? { cart_id: input.cart_id }
              : { cart_id: input.cart_id, cart: refetchedCart }
          }
        )
        updateTaxLinesWorkflow.runAsStep({ input: taxInput })
      }
    )
    when(
      "upsert-tax-lines",
      { input, quiet },
      ({ input, quiet }) =>
        !quiet &&
        !input.force_refresh &&
        (!!input.items?.length || !!input.shipping_methods?.length)
    ).then(() => {
      upsertTaxLinesWorkflow.runAsStep({
        input: transform({ refetchedCart, input }, ({ refetchedCart, input }) => ({
          cart: refetchedCart,
          items: input.items ?? [],
          shipping_methods: input.shipping_methods ?? [],
        })),
      })
    })

    const refreshPromotions = transform(
      { refetchedCart, storeHasAutomaticPromotion, input, quiet },
      ({ refetchedCart, storeHasAutomaticPromotion, input, quiet }) =>
        !quiet &&
        (input.promo_codes !== undefined ||
          promotionsMayChange(refetchedCart as CartPromotionState, storeHasAutomaticPromotion))
    )
    when(
      "refresh-promotions",
      { refreshPromotions },
      ({ refreshPromotions }) => refreshPromotions
    ).then(() => {
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
    })

    when("should-update-item-translations", { input }, ({ input }) => !!input.locale).then(() => {
      updateCartItemsTranslationsStep({
        cart_id: input.cart_id,
        locale: input.locale as string,
        items: transform({ refetchedCart }, ({ refetchedCart }) => refetchedCart.items),
      })
    })

    const beforeRefreshingPaymentCollection = createHook("beforeRefreshingPaymentCollection", {
      input,
    })
    when("refresh-payment-collection", { quiet }, ({ quiet }) => !quiet).then(() => {
      refreshPaymentCollectionForCartWorkflow.runAsStep({
        input: { cart: refetchedCart },
      })
    })

    releaseLockStep({ key: input.cart_id })
    return new WorkflowResponse(refetchedCart, {
      hooks: [setPricingContext, beforeRefreshingPaymentCollection],
    })
  }
)

import type { AdditionalData } from "@medusajs/framework/types"
import { CartWorkflowEvents, MedusaError } from "@medusajs/framework/utils"
import {
  createHook,
  createWorkflow,
  parallelize,
  transform,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import {
  acquireLockStep,
  addShippingMethodToCartStep,
  emitEventStep,
  listShippingOptionsForCartWithPricingWorkflow,
  releaseLockStep,
  removeShippingMethodFromCartStep,
  useRemoteQueryStep,
  validateAndReturnShippingMethodsDataStep,
  validateCartShippingOptionsPriceStep,
  validateCartShippingOptionsStep,
  validateCartStep,
} from "@medusajs/medusa/core-flows"
import { CART_REFRESH_FIELDS } from "../cart-fields"
import { cartReadVariables } from "../read-cart"
import type { PricedOption } from "../shipping-price-reuse"
import { refreshCartWorkflow } from "./refresh-cart"

export type AddShippingMethodToCartInput = {
  cart_id: string
  options: { id: string; data?: Record<string, unknown> }[]
} & AdditionalData

/** A shipping option as Medusa's listing with prices returns it, the fields read here. */
type ListedOption = PricedOption & {
  name: string
  provider_id?: string
  data?: Record<string, unknown> | null
  shipping_profile_id?: string
  stock_location?: Record<string, unknown>
  calculated_price?: {
    calculated_amount: number
    is_calculated_price_tax_inclusive?: boolean
  } | null
}

type CartForShipping = {
  id: string
  shipping_methods: { id: string; shipping_option?: { shipping_profile_id?: string | null } }[]
}

export const addShippingMethodToCartWorkflowId = "zoco-add-shipping-method-to-cart"

/**
 * Medusa's `addShippingMethodToCartWorkflow` (2.21.2), step for step, with the same `validate`
 * hook; the refresh after the add is `refreshCartWorkflow`, which skips pricing the option a
 * second time, and recomputing promotions, when that cannot change anything. Served by
 * `POST /store/carts/:id/shipping-methods`.
 */
export const addShippingMethodToCartWorkflow = createWorkflow(
  addShippingMethodToCartWorkflowId,
  (input: AddShippingMethodToCartInput) => {
    acquireLockStep({ key: input.cart_id, timeout: 2, ttl: 10 })
    const cart = useRemoteQueryStep({
      entry_point: "cart",
      fields: CART_REFRESH_FIELDS,
      variables: cartReadVariables(CART_REFRESH_FIELDS, input.cart_id),
      list: false,
      throw_if_key_not_found: true,
    })
    validateCartStep({ cart })
    const validate = createHook("validate", { input, cart })

    const optionIds = transform({ input }, ({ input }) => input.options.map((o) => o.id))
    const shippingOptions = listShippingOptionsForCartWithPricingWorkflow.runAsStep({
      input: {
        options: input.options,
        cart_id: cart.id,
        is_return: false,
        additional_data: input.additional_data,
      },
    })
    validateCartShippingOptionsStep({
      option_ids: optionIds,
      prefetched_shipping_options: shippingOptions,
    })
    validateCartShippingOptionsPriceStep({ shippingOptions })

    const methodsDataInput = transform(
      { input, shippingOptions, cart },
      ({ input, shippingOptions, cart }) =>
        input.options.map((inputOption) => {
          const option = (shippingOptions as ListedOption[]).find((o) => o.id === inputOption.id)
          return {
            id: inputOption.id,
            // validateCartShippingOptionsStep has found every option with its provider.
            provider_id: option?.provider_id ?? "",
            option_data: option?.data ?? {},
            method_data: inputOption.data ?? {},
            context: { ...cart, from_location: option?.stock_location ?? {} },
          }
        })
    )
    const validatedMethodData = validateAndReturnShippingMethodsDataStep(methodsDataInput)

    const shippingMethodInput = transform(
      { input, shippingOptions, validatedMethodData },
      ({ input, shippingOptions, validatedMethodData }) =>
        input.options.map((inputOption) => {
          const option = (shippingOptions as ListedOption[]).find((o) => o.id === inputOption.id)
          if (!option?.calculated_price) {
            throw new MedusaError(
              MedusaError.Types.INVALID_DATA,
              `Shipping option with ID ${option?.id} do not have a price`
            )
          }
          const methodData = (validatedMethodData ?? []).find(
            (data: Record<string, unknown> | void) => data?.[inputOption.id]
          )
          return {
            shipping_option_id: option.id,
            amount: option.calculated_price.calculated_amount,
            is_tax_inclusive: !!option.calculated_price.is_calculated_price_tax_inclusive,
            data: (methodData?.[inputOption.id] as Record<string, unknown> | undefined) ?? {},
            name: option.name,
            cart_id: input.cart_id,
          }
        })
    )

    // Methods of the shipping profiles the new options serve are replaced.
    const collidingMethodIds = transform(
      { input, shippingOptions, cart },
      ({ input, shippingOptions, cart }) => {
        const profiles = new Set(
          input.options
            .map(
              (o) =>
                (shippingOptions as ListedOption[]).find((so) => so.id === o.id)
                  ?.shipping_profile_id
            )
            .filter(Boolean)
        )
        return (cart as CartForShipping).shipping_methods
          .filter(
            (sm) =>
              !sm.shipping_option?.shipping_profile_id ||
              profiles.has(sm.shipping_option.shipping_profile_id)
          )
          .map((sm) => sm.id)
      }
    )
    const [, createdShippingMethods] = parallelize(
      removeShippingMethodFromCartStep({ shipping_method_ids: collidingMethodIds }),
      addShippingMethodToCartStep({ shipping_methods: shippingMethodInput })
    )

    // What the refresh needs to know of each option, not the whole listing.
    const pricedOptions = transform({ shippingOptions }, ({ shippingOptions }) =>
      (shippingOptions as ListedOption[]).map((o): PricedOption => ({
        id: o.id,
        price_type: o.price_type,
        prices: (o.prices ?? []).map((p) => ({
          price_rules: (p.price_rules ?? []).map((r) => ({ attribute: r.attribute })),
        })),
      }))
    )
    refreshCartWorkflow.runAsStep({
      input: {
        cart_id: cart.id,
        shipping_methods: createdShippingMethods,
        priced_options: pricedOptions,
        additional_data: input.additional_data,
      },
    })

    parallelize(
      emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: input.cart_id } }),
      releaseLockStep({ key: cart.id })
    )
    return new WorkflowResponse(void 0, { hooks: [validate] })
  }
)

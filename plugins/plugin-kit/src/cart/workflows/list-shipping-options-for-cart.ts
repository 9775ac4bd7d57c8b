import type { AdditionalData, ShippingOptionDTO } from "@medusajs/framework/types"
import { deduplicate, filterObjectByKeys, isDefined } from "@medusajs/framework/utils"
import {
  createHook,
  createWorkflow,
  transform,
  type WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { z } from "@medusajs/framework/zod"
import {
  getTranslatedShippingOptionsStep,
  useQueryGraphStep,
  useRemoteQueryStep,
  validatePresenceOfStep,
} from "@medusajs/medusa/core-flows"
import { CART_PRICING_FIELDS } from "../cart-fields"
import { cartReadVariables } from "../read-cart"
import { pricingContextResult } from "../steps/price-cart-items"

export type ListShippingOptionsForCartInput = {
  cart_id: string
  option_ids?: string[]
  is_return?: boolean
  enabled_in_store?: boolean
  /** The fields the answer's options carry beyond the ones the listing needs. */
  fields?: string[]
} & AdditionalData

/** What a `setShippingOptionsContext` hook may return (Medusa's `shippingOptionsContextResult`). */
const shippingOptionsContextResult = z.record(z.string(), z.any()).optional()

/**
 * The cart fields Medusa's listing reads (`cartFields` in `list-shipping-options-for-cart`,
 * `@medusajs/core-flows` 2.21.2, not exported): the pricing context, and each line's stock at
 * every location, for an option's `insufficient_inventory`.
 */
export const CART_SHIPPING_OPTIONS_FIELDS = [
  ...CART_PRICING_FIELDS,
  "items.*",
  "items.variant.manage_inventory",
  "items.variant.allow_backorder",
  "items.variant.inventory_items.inventory_item_id",
  "items.variant.inventory_items.inventory.requires_shipping",
  "items.variant.inventory_items.inventory.location_levels.*",
]

/**
 * The cache tags Medusa's listing gives its read of a sales channel's locations
 * (`salesChannelStockLocationCacheTags`, not exported): its links emit no entity event.
 */
const SALES_CHANNEL_LOCATION_CACHE_TAGS = [
  "SalesChannel:list:*",
  "LinkSalesChannelStockLocation:list:*",
  "LinkLocationFulfillmentSet:list:*",
]

/** The option fields the listing always reads, whatever the request asks for. */
const OPTION_FIELDS = [
  "id",
  "name",
  "price_type",
  "service_zone_id",
  "shipping_profile_id",
  "provider_id",
  "data",
  "service_zone.fulfillment_set_id",
  "service_zone.fulfillment_set.type",
  "service_zone.fulfillment_set.location.id",
  "service_zone.fulfillment_set.location.address.*",
  "type.id",
  "type.label",
  "type.description",
  "type.code",
  "provider.id",
  "provider.is_enabled",
  "rules.attribute",
  "rules.value",
  "rules.operator",
  "calculated_price.*",
  "prices.*",
  "prices.price_rules.*",
]

type CartForListing = {
  id: string
  sales_channel_id: string
  region_id: string
  currency_code: string
  customer_id?: string | null
  /** Absent on a cart without one; the translation step then leaves the options as they are. */
  locale: string
  region?: unknown
  customer?: unknown
  shipping_address?: {
    country_code?: string | null
    province?: string | null
    city?: string | null
    postal_code?: string | null
  } | null
  items: {
    quantity: number
    variant?: {
      manage_inventory?: boolean
      allow_backorder?: boolean
      inventory_items: {
        inventory: {
          requires_shipping: boolean
          location_levels: { location_id: string; available_quantity: number }[]
        }
      }[]
    } | null
  }[]
}

type SalesChannelLocations = {
  stock_locations: { fulfillment_sets: { id: string }[] }[]
}

type ListedOption = Omit<ShippingOptionDTO, "service_zone"> & {
  calculated_price?: {
    calculated_amount?: number
    is_calculated_price_tax_inclusive?: boolean
  } | null
  service_zone: { fulfillment_set: { location: { id: string } } }
}

export const listShippingOptionsForCartWorkflowId = "zoco-list-shipping-options-for-cart"

/**
 * Medusa's `listShippingOptionsForCartWorkflow` (2.21.2), step for step, with the same
 * `setPricingContext` and `setShippingOptionsContext` hooks; the cart is read with its line
 * items, their tax lines and adjustments, its shipping methods and credit lines in one
 * statement rather than one each. Served by `GET /store/shipping-options`.
 */
export const listShippingOptionsForCartWorkflow = createWorkflow(
  listShippingOptionsForCartWorkflowId,
  (input: ListShippingOptionsForCartInput) => {
    const cart = useRemoteQueryStep({
      entry_point: "cart",
      fields: CART_SHIPPING_OPTIONS_FIELDS,
      variables: cartReadVariables(CART_SHIPPING_OPTIONS_FIELDS, input.cart_id),
      list: false,
      throw_if_key_not_found: true,
    }).config({ name: "get-cart" }) as WorkflowData<CartForListing>
    validatePresenceOfStep({
      entity: cart,
      fields: ["sales_channel_id", "region_id", "currency_code"],
    })

    const locationsQuery = useQueryGraphStep({
      entity: "sales_channels",
      filters: { id: cart.sales_channel_id },
      fields: [
        "stock_locations.fulfillment_sets.id",
        "stock_locations.id",
        "stock_locations.name",
        "stock_locations.address.*",
      ],
      // With Medusa's caching module (on with Redis), the same cache entry as Medusa's listing.
      options: { cache: { tags: SALES_CHANNEL_LOCATION_CACHE_TAGS, computeAutomaticTags: true } },
    }).config({ name: "sales_channels-fulfillment-query" })
    const fulfillmentSetIds = transform({ locationsQuery }, ({ locationsQuery }) => {
      const channel = locationsQuery.data[0] as SalesChannelLocations
      const ids = new Set<string>()
      for (const location of channel.stock_locations) {
        for (const set of location.fulfillment_sets) {
          ids.add(set.id)
        }
      }
      return Array.from(ids)
    })

    const setPricingContext = createHook(
      "setPricingContext",
      { cart, fulfillmentSetIds, additional_data: input.additional_data },
      { resultValidator: pricingContextResult }
    )
    const pricingContext = setPricingContext.getResult()
    const setShippingOptionsContext = createHook(
      "setShippingOptionsContext",
      { cart, fulfillmentSetIds, additional_data: input.additional_data },
      { resultValidator: shippingOptionsContextResult }
    )
    const optionsContext = setShippingOptionsContext.getResult()

    const variables = transform(
      { input, fulfillmentSetIds, cart, pricingContext, optionsContext },
      ({ input, fulfillmentSetIds, cart, pricingContext, optionsContext }) => ({
        id: input.option_ids,
        context: {
          ...(optionsContext ?? {}),
          is_return: input.is_return ? "true" : "false",
          enabled_in_store:
            !isDefined(input.enabled_in_store) || input.enabled_in_store ? "true" : "false",
        },
        filters: {
          fulfillment_set_id: fulfillmentSetIds,
          address: {
            country_code: cart.shipping_address?.country_code,
            province_code: cart.shipping_address?.province,
            city: cart.shipping_address?.city,
            postal_expression: cart.shipping_address?.postal_code,
          },
        },
        calculated_price: {
          context: {
            ...filterObjectByKeys(cart, CART_PRICING_FIELDS),
            ...(pricingContext ?? {}),
            currency_code: cart.currency_code,
            region_id: cart.region_id,
            region: cart.region,
            customer_id: cart.customer_id,
            customer: cart.customer,
          },
        },
      })
    )
    const fields = transform({ input }, ({ input }) =>
      deduplicate([...(input.fields ?? []), ...OPTION_FIELDS])
    )
    const options = useRemoteQueryStep({
      entry_point: "shipping_options",
      fields,
      variables,
    }).config({ name: "shipping-options-query" })

    const priced = transform({ options, cart }, ({ options, cart }) =>
      (options as ListedOption[]).map((option) => {
        const price = option.calculated_price
        const locationId = option.service_zone.fulfillment_set.location.id
        const short = cart.items.filter((item) => {
          if (!item.variant?.manage_inventory || item.variant.allow_backorder) {
            return false
          }
          return item.variant.inventory_items.some(({ inventory }) => {
            if (!inventory.requires_shipping) {
              return false
            }
            const level = inventory.location_levels.find((l) => l.location_id === locationId)
            return !level || level.available_quantity < item.quantity
          })
        })
        return {
          ...option,
          amount: price?.calculated_amount,
          is_tax_inclusive: !!price?.is_calculated_price_tax_inclusive,
          insufficient_inventory: short.length > 0,
        }
      })
    )
    const translated = getTranslatedShippingOptionsStep({
      shippingOptions: priced as unknown as ShippingOptionDTO[],
      locale: cart.locale,
    })
    return new WorkflowResponse(translated, {
      hooks: [setPricingContext, setShippingOptionsContext],
    })
  }
)

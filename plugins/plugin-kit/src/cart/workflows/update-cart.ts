import type { AdditionalData, UpdateCartWorkflowInputDTO } from "@medusajs/framework/types"
import { cartReadVariables } from "../read-cart"
import { CartWorkflowEvents, isDefined } from "@medusajs/framework/utils"
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
  deleteLineItemsStep,
  emitEventStep,
  findOrCreateCustomerStep,
  findSalesChannelStep,
  prepareCartToUpdateStep,
  releaseLockStep,
  updateCartsStep,
  useQueryGraphStep,
  useRemoteQueryStep,
  validateCartStep,
} from "@medusajs/medusa/core-flows"
import { validateSalesChannelStep } from "../steps/validate-sales-channel"
import { refreshCartWorkflow } from "./refresh-cart"

export type UpdateCartInput = UpdateCartWorkflowInputDTO & AdditionalData

export const updateCartWorkflowId = "zoco-update-cart"

type Address = {
  id?: string
  country_code?: string | null
  province?: string | null
  postal_code?: string | null
  city?: string | null
}

/**
 * Medusa's rule (2.21.2) for when a new shipping address changes the cart's taxes: a field that
 * tax rates can depend on is given and differs from the cart's (country codes compared without
 * case), or another saved address is named.
 */
export function taxRelevantAddressChanged(
  next: Address | null | undefined,
  prev: Address | null | undefined
): boolean {
  if (!next) return false
  const changed = (a: unknown, b: unknown) => a !== undefined && a !== b
  return (
    changed(next.id, prev?.id) ||
    changed(next.country_code?.toLowerCase(), prev?.country_code?.toLowerCase()) ||
    changed(next.province, prev?.province) ||
    changed(next.postal_code, prev?.postal_code) ||
    changed(next.city, prev?.city)
  )
}

/** The cart fields Medusa's `updateCartWorkflow` reads before the update. */
const CART_UPDATE_FIELDS = [
  "id",
  "email",
  "customer_id",
  "sales_channel_id",
  "locale",
  "shipping_address.*",
  "region.*",
  "region.countries.*",
]

/**
 * Medusa's `updateCartWorkflow` (2.21.2), step for step, with the same `validate` and
 * `cartUpdated` hooks; its refresh is `refreshCartWorkflow`, which leaves the promotions alone
 * when recomputing them cannot change the cart. Served by `POST /store/carts/:id`.
 */
export const updateCartWorkflow = createWorkflow(updateCartWorkflowId, (input: UpdateCartInput) => {
  acquireLockStep({ key: input.id, timeout: 2, ttl: 10 })
  const cartToUpdate = useRemoteQueryStep({
    entry_point: "cart",
    fields: CART_UPDATE_FIELDS,
    variables: cartReadVariables(CART_UPDATE_FIELDS, input.id),
    list: false,
    throw_if_key_not_found: true,
  }).config({ name: "get-cart" })
  validateCartStep({ cart: cartToUpdate })

  const cartDataInput = transform({ input, cartToUpdate }, (data) => ({
    sales_channel_id: data.input.sales_channel_id ?? data.cartToUpdate.sales_channel_id,
    customer_id: data.cartToUpdate.customer_id,
    email: data.input.email ?? data.cartToUpdate.email,
  }))
  const [salesChannel, customer] = parallelize(
    findSalesChannelStep({ salesChannelId: cartDataInput.sales_channel_id }),
    findOrCreateCustomerStep({
      customerId: cartDataInput.customer_id,
      email: cartDataInput.email,
    })
  )
  validateSalesChannelStep({ salesChannel })

  const newRegion = when("should-fetch-region", { input }, (data) => !!data.input.region_id).then(
    () => {
      const { data: newRegion } = useQueryGraphStep({
        entity: "region",
        filters: { id: input.region_id },
        fields: ["id", "countries.*", "currency_code", "name"],
        pagination: { take: 1 },
        options: { throwIfKeyNotFound: true, isList: false, cache: { enable: true } },
      }).config({ name: "get-region" })
      return newRegion
    }
  )
  const addressChanged = transform({ input, cartToUpdate }, ({ input, cartToUpdate }) =>
    taxRelevantAddressChanged(
      input.shipping_address as Address | undefined,
      cartToUpdate?.shipping_address as Address | undefined
    )
  )
  const region = transform(
    { cartToUpdate, newRegion },
    (data) => data.newRegion ?? data.cartToUpdate.region
  )
  const cartInput = prepareCartToUpdateStep({
    input,
    region,
    customer,
    salesChannel,
    cartToUpdate,
  })
  const validate = createHook("validate", { input: cartInput, cart: cartToUpdate })

  const regionUpdated = transform(
    { input, cartToUpdate },
    ({ input, cartToUpdate }) =>
      isDefined(input.region_id) && input.region_id !== cartToUpdate?.region?.id
  )
  when(
    "should-emit-region-updated",
    { regionUpdated },
    ({ regionUpdated }) => !!regionUpdated
  ).then(() => {
    emitEventStep({
      eventName: CartWorkflowEvents.REGION_UPDATED,
      data: { id: input.id },
    }).config({ name: "emit-region-updated" })
  })
  const newLocaleCode = transform({ input, cartToUpdate }, ({ input, cartToUpdate }) =>
    isDefined(input.locale) && input.locale !== cartToUpdate?.locale ? input.locale : undefined
  )
  parallelize(
    updateCartsStep([cartInput]),
    emitEventStep({ eventName: CartWorkflowEvents.UPDATED, data: { id: input.id } })
  )

  // A new region may have another currency or tax inclusivity: lines with a custom price go.
  when("should-delete-line-items", { regionUpdated }, ({ regionUpdated }) => !!regionUpdated).then(
    () => {
      const lineItems = useQueryGraphStep({
        entity: "line_items",
        filters: { cart_id: input.id, is_custom_price: true },
        fields: ["id"],
      })
      const lineItemIds = transform({ lineItems }, ({ lineItems }) =>
        (lineItems.data as { id: string }[]).map((i) => i.id)
      )
      deleteLineItemsStep(lineItemIds)
    }
  )

  const refreshInput = transform(
    { cartInput, input, newRegion, newLocaleCode, addressChanged },
    ({ cartInput, input, newRegion, newLocaleCode, addressChanged }) => ({
      cart_id: cartInput.id as string,
      promo_codes: input.promo_codes,
      force_refresh: !!newRegion || !!newLocaleCode || addressChanged,
      locale: newLocaleCode || undefined,
      additional_data: input.additional_data,
    })
  )
  const cart = refreshCartWorkflow.runAsStep({ input: refreshInput })
  const cartUpdated = createHook("cartUpdated", {
    cart,
    additional_data: input.additional_data,
  })
  releaseLockStep({ key: input.id })
  return new WorkflowResponse(void 0, { hooks: [validate, cartUpdated] })
})

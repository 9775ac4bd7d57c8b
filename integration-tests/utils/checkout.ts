import type { AxiosInstance } from "axios"
import { storeHeaders, type StoreRegion } from "./store"

export type Address = {
  first_name: string
  last_name: string
  address_1: string
  city: string
  postal_code: string
  country_code: string
  phone?: string
  province?: string
}

export const ADDRESSES: Record<"de" | "us", Address> = {
  de: {
    first_name: "Erika",
    last_name: "Mustermann",
    address_1: "Heidestraße 17",
    city: "Köln",
    postal_code: "51147",
    country_code: "de",
    phone: "+49 221 1234567",
  },
  us: {
    first_name: "Jane",
    last_name: "Doe",
    address_1: "1600 Amphitheatre Pkwy",
    city: "New York",
    postal_code: "10001",
    country_code: "us",
    province: "us-ny",
    phone: "+1 212 555 0100",
  },
}

export type StoreProduct = {
  id: string
  handle: string
  title: string
  variants: {
    id: string
    sku: string
    manage_inventory?: boolean
    allow_backorder?: boolean
    inventory_quantity?: number
    calculated_price?: {
      calculated_amount: number
      currency_code: string
      is_calculated_price_tax_inclusive?: boolean
    }
  }[]
}

export async function listProducts(
  api: AxiosInstance,
  pk: string,
  region: StoreRegion,
  query = ""
): Promise<StoreProduct[]> {
  const { data } = await api.get<{ products: StoreProduct[] }>(
    `/store/products?limit=100&region_id=${region.id}&fields=*variants.calculated_price,+variants.inventory_quantity${query}`,
    storeHeaders(pk)
  )
  return data.products
}

/** A variant that is in stock and sold normally (managed inventory, no backorders). */
export function inStockVariant(products: StoreProduct[], skip = 0) {
  const candidates = products.flatMap((p) =>
    p.variants
      .filter((v) => v.manage_inventory && !v.allow_backorder && (v.inventory_quantity ?? 0) > 5)
      .map((v) => ({ product: p, variant: v }))
  )
  const found = candidates[skip]
  if (!found) throw new Error("the seed has no in-stock variant")
  return found
}

type CartOptions = {
  region: StoreRegion
  items: { variant_id: string; quantity: number }[]
  email?: string
  token?: string
  address?: Address
  /**
   * The shipping option to use, already known (see `shippingOptionOf`): the cart is then made in
   * two requests, with its items, email and addresses at creation, as a storefront that has them
   * all can. Tests that make many carts take this path; the step-by-step one is tested on its own.
   */
  shippingOptionId?: string
}

/**
 * What a storefront does between "add to cart" and payment: the cart with its items, email,
 * addresses and standard shipping. Returns the cart id.
 */
export async function cartReadyToPay(
  api: AxiosInstance,
  pk: string,
  opts: CartOptions
): Promise<string> {
  const h = storeHeaders(pk, opts.token)
  const address =
    opts.address ?? (opts.region.currency_code === "usd" ? ADDRESSES.us : ADDRESSES.de)
  const contact = {
    ...(opts.token ? {} : { email: opts.email ?? "guest@zoco.test" }),
    shipping_address: address,
    billing_address: address,
  }
  if (opts.shippingOptionId) {
    const { data } = await api.post(
      "/store/carts",
      { region_id: opts.region.id, items: opts.items, ...contact },
      h
    )
    await api.post(
      `/store/carts/${data.cart.id}/shipping-methods`,
      { option_id: opts.shippingOptionId },
      h
    )
    return data.cart.id as string
  }
  const { data: created } = await api.post(
    "/store/carts",
    { region_id: opts.region.id, items: opts.items },
    h
  )
  const cartId: string = created.cart.id
  await api.post(`/store/carts/${cartId}`, contact, h)
  const { data: options } = await api.get(`/store/shipping-options?cart_id=${cartId}`, h)
  const standard = options.shipping_options.find((o: { name: string }) => /standard/i.test(o.name))
  await api.post(`/store/carts/${cartId}/shipping-methods`, { option_id: standard.id }, h)
  return cartId
}

/** The shipping option a cart made by `cartReadyToPay` ships with. */
export async function shippingOptionOf(
  api: AxiosInstance,
  pk: string,
  cartId: string,
  token?: string
): Promise<string> {
  const { data } = await api.get(
    `/store/carts/${cartId}?fields=*shipping_methods`,
    storeHeaders(pk, token)
  )
  return data.cart.shipping_methods[0].shipping_option_id as string
}

/**
 * Makes carts ready to pay as many buyers of one shop do: the first of each region the
 * step-by-step way, the others in two requests with the shipping option the first one got.
 */
export function cartsReadyToPay(pk: string) {
  const options = new Map<string, string>()
  return async (api: AxiosInstance, opts: CartOptions): Promise<string> => {
    const known = opts.shippingOptionId ?? options.get(opts.region.id)
    const cartId = await cartReadyToPay(api, pk, { ...opts, shippingOptionId: known })
    if (!known) options.set(opts.region.id, await shippingOptionOf(api, pk, cartId, opts.token))
    return cartId
  }
}

/** A cart of `quantity` units of an in-stock variant, ready to pay (see `cartReadyToPay`). */
export async function inStockCartReadyToPay(
  api: AxiosInstance,
  pk: string,
  opts: { region: StoreRegion; email: string; quantity?: number }
): Promise<string> {
  const { variant } = inStockVariant(await listProducts(api, pk, opts.region))
  return cartReadyToPay(api, pk, {
    region: opts.region,
    items: [{ variant_id: variant.id, quantity: opts.quantity ?? 1 }],
    email: opts.email,
  })
}

/** The payment providers a storefront can offer in `region`. */
export async function paymentProviderIds(
  api: AxiosInstance,
  pk: string,
  region: StoreRegion
): Promise<string[]> {
  const { data } = await api.get<{ payment_providers: { id: string }[] }>(
    `/store/payment-providers?region_id=${region.id}`,
    storeHeaders(pk)
  )
  return data.payment_providers.map((p) => p.id)
}

export type StorePaymentSession = {
  id: string
  provider_id: string
  amount: number
  currency_code: string
  data: Record<string, unknown>
}

/**
 * Creates the cart's payment collection and a payment session with `providerId` (passing `data`
 * to the provider), as a storefront does when the buyer picks a payment method.
 */
export async function startPaymentSession(
  api: AxiosInstance,
  pk: string,
  cartId: string,
  providerId: string,
  data?: Record<string, unknown>,
  token?: string
): Promise<{ paymentCollectionId: string; session: StorePaymentSession }> {
  const h = storeHeaders(pk, token)
  const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, h)
  const paymentCollectionId: string = pc.payment_collection.id
  const { data: created } = await api.post(
    `/store/payment-collections/${paymentCollectionId}/payment-sessions`,
    { provider_id: providerId, ...(data ? { data } : {}) },
    h
  )
  const sessions: StorePaymentSession[] = created.payment_collection.payment_sessions
  const session = sessions.find((s) => s.provider_id === providerId)
  if (!session) throw new Error(`no ${providerId} payment session was created`)
  return { paymentCollectionId, session }
}

/**
 * A new cart of one in-stock unit in `region`, ready to pay, and the Store API's answer to a
 * system-provider payment session for it, whatever its status: for tests of the refusal.
 */
export async function trySystemPaymentSession(api: AxiosInstance, pk: string, region: StoreRegion) {
  const cartId = await inStockCartReadyToPay(api, pk, { region, email: "guest@zoco.test" })
  const h = { ...storeHeaders(pk), validateStatus: () => true }
  const { data } = await api.post("/store/payment-collections", { cart_id: cartId }, h)
  return api.post(
    `/store/payment-collections/${data.payment_collection.id}/payment-sessions`,
    { provider_id: "pp_system_default" },
    h
  )
}

/** A cart as a storefront leaves it before "Place order": ready to pay, with a system-provider session. */
export async function cartWithPaymentSession(api: AxiosInstance, pk: string, opts: CartOptions) {
  const cartId = await cartReadyToPay(api, pk, opts)
  const { session } = await startPaymentSession(
    api,
    pk,
    cartId,
    "pp_system_default",
    undefined,
    opts.token
  )
  return { cartId, session }
}

/**
 * Everything a storefront does after "add to cart": address, shipping,
 * payment with the system provider, and completion. Returns the order.
 */
export async function checkout(api: AxiosInstance, pk: string, opts: CartOptions) {
  const h = storeHeaders(pk, opts.token)
  const { cartId } = await cartWithPaymentSession(api, pk, opts)
  const { data: cart } = await api.get(`/store/carts/${cartId}`, h)
  const { data: completed } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
  if (completed.type !== "order") {
    throw new Error(`cart did not complete: ${JSON.stringify(completed.error ?? completed)}`)
  }
  return { cart: cart.cart, order: completed.order }
}

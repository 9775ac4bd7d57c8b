import { quantile, round } from "./load"

/** What a storefront needs to build its requests, read from the running server. */
export type Shop = {
  publishableKey: string
  regionId: string
  handles: string[]
  categoryIds: string[]
  collectionIds: string[]
  variantIds: string[]
}

const PRICE = "fields=*variants.calculated_price"

/** The catalog scenarios: each a list of paths autocannon cycles through. */
export const READ_SCENARIOS: Record<string, (shop: Shop) => string[]> = {
  products: (s) => [`/store/products?limit=12&region_id=${s.regionId}&${PRICE}`],
  product: (s) =>
    s.handles
      .slice(0, 50)
      .map((h) => `/store/products?handle=${h}&region_id=${s.regionId}&${PRICE}`),
  categories: (s) => [
    "/store/product-categories?limit=50",
    ...s.categoryIds.map(
      (id) => `/store/products?category_id[]=${id}&limit=12&region_id=${s.regionId}&${PRICE}`
    ),
  ],
  collections: (s) => [
    "/store/collections?limit=50",
    ...s.collectionIds.map(
      (id) => `/store/products?collection_id[]=${id}&limit=12&region_id=${s.regionId}&${PRICE}`
    ),
  ],
  search: (s) =>
    ["cotton", "linen", "merino", "canvas", "trail", "studio"].map(
      (q) => `/store/products?q=${q}&limit=12&region_id=${s.regionId}&${PRICE}`
    ),
}

export const SCENARIOS = [...Object.keys(READ_SCENARIOS), "checkout", "staleness", "memory"]

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`)
  return (await res.json()) as T
}

/** Reads the shop the way a storefront does: regions, products, categories, collections. */
export async function readShop(baseUrl: string, publishableKey: string): Promise<Shop> {
  const headers = { "x-publishable-api-key": publishableKey }
  const get = <T>(path: string) =>
    fetch(`${baseUrl}${path}`, { headers }).then((r) => json<T>(r, path))
  const { regions } = await get<{ regions: { id: string; currency_code: string }[] }>(
    "/store/regions"
  )
  const region = regions.find((r) => r.currency_code === "eur") ?? regions[0]
  const { products } = await get<{
    products: { handle: string; variants: { id: string; manage_inventory: boolean }[] }[]
  }>(`/store/products?limit=100&region_id=${region.id}&fields=handle,*variants`)
  const { product_categories } = await get<{ product_categories: { id: string }[] }>(
    "/store/product-categories?limit=50"
  )
  const { collections } = await get<{ collections: { id: string }[] }>(
    "/store/collections?limit=50"
  )
  return {
    publishableKey,
    regionId: region.id,
    handles: products.map((p) => p.handle),
    categoryIds: product_categories.map((c) => c.id),
    collectionIds: collections.map((c) => c.id),
    variantIds: products.flatMap((p) => p.variants.map((v) => v.id)),
  }
}

/**
 * The checkout's steps as a storefront makes them, each request timed on its own: "add item" is
 * every add (the lines of the cart and one more that "remove item" takes out again), "payment
 * session" is the payment collection and its session together.
 */
export const CHECKOUT_STEPS = [
  "create cart",
  "add item",
  "update quantity",
  "remove item",
  "address",
  "list shipping options",
  "add shipping method",
  "payment session",
  "get cart",
  "complete",
] as const

/** Lines per cart when the run does not say. */
export const DEFAULT_LINES = 3

export type StepTimes = Record<(typeof CHECKOUT_STEPS)[number], number[]>

const ADDRESS = {
  first_name: "Erika",
  last_name: "Mustermann",
  address_1: "Heidestraße 17",
  city: "Köln",
  postal_code: "51147",
  country_code: "de",
}

type CartAnswer = { cart: { id: string; items?: { id: string; variant_id: string }[] } }

/**
 * One guest checkout through the Store API, timing each step as the storefront sees it. Flows
 * depend on the previous answer (the cart id), which a request-cycling load tool cannot model;
 * `checkoutLoad` runs a bounded number of them side by side.
 */
async function checkoutOnce(
  baseUrl: string,
  shop: Shop,
  n: number,
  lines: number,
  times: StepTimes
) {
  const headers = {
    "x-publishable-api-key": shop.publishableKey,
    "content-type": "application/json",
  }
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return json<T>(res, `${method} ${path}`)
  }
  const timed = async <T>(step: keyof StepTimes, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    const out = await fn()
    times[step].push(performance.now() - started)
    return out
  }
  const { cart } = await timed("create cart", () =>
    call<CartAnswer>("POST", "/store/carts", {
      region_id: shop.regionId,
      email: `bench-${n}@zoco.test`,
    })
  )
  // Distinct variants, so every add is a new line: `lines` of them, and one to remove again.
  const variants = Array.from(
    { length: lines + 1 },
    (_, i) => shop.variantIds[(n * (lines + 1) + i) % shop.variantIds.length]
  )
  let items: NonNullable<CartAnswer["cart"]["items"]> = []
  for (const variant of variants) {
    const answer = await timed("add item", () =>
      call<CartAnswer>("POST", `/store/carts/${cart.id}/line-items`, {
        variant_id: variant,
        quantity: 1,
      })
    )
    items = answer.cart.items ?? []
  }
  const line = (variant: string) => {
    const found = items.find((i) => i.variant_id === variant)
    if (!found) throw new Error(`the cart has no line of variant ${variant}`)
    return found.id
  }
  await timed("update quantity", () =>
    call("POST", `/store/carts/${cart.id}/line-items/${line(variants[0])}`, { quantity: 2 })
  )
  await timed("remove item", () =>
    call("DELETE", `/store/carts/${cart.id}/line-items/${line(variants[lines])}`)
  )
  await timed("address", () =>
    call("POST", `/store/carts/${cart.id}`, { shipping_address: ADDRESS, billing_address: ADDRESS })
  )
  const { shipping_options } = await timed("list shipping options", () =>
    call<{ shipping_options: { id: string }[] }>(
      "GET",
      `/store/shipping-options?cart_id=${cart.id}`
    )
  )
  await timed("add shipping method", () =>
    call("POST", `/store/carts/${cart.id}/shipping-methods`, {
      option_id: shipping_options[0].id,
    })
  )
  await timed("payment session", async () => {
    const { payment_collection } = await call<{ payment_collection: { id: string } }>(
      "POST",
      "/store/payment-collections",
      { cart_id: cart.id }
    )
    await call("POST", `/store/payment-collections/${payment_collection.id}/payment-sessions`, {
      provider_id: "pp_system_default",
    })
  })
  await timed("get cart", () => call("GET", `/store/carts/${cart.id}`))
  await timed("complete", () => call("POST", `/store/carts/${cart.id}/complete`, {}))
}

export type CheckoutResult = {
  flows: number
  errors: number
  steps: Record<string, { p50: number; p95: number }>
  /** CPU ms per completed flow of the server's process tree. */
  cpuMsPerFlow?: number
  /** CPU ms per completed flow of PostgreSQL (every `postgres` process on the machine). */
  dbCpuMsPerFlow?: number
}

/** `connections` buyers checking out over and over for `durationS` seconds. */
export async function checkoutLoad(
  baseUrl: string,
  shop: Shop,
  opts: { connections: number; durationS: number; lines?: number }
): Promise<CheckoutResult> {
  const lines = opts.lines ?? DEFAULT_LINES
  const times = Object.fromEntries(CHECKOUT_STEPS.map((s) => [s, []])) as unknown as StepTimes
  const deadline = Date.now() + opts.durationS * 1000
  let flows = 0
  let errors = 0
  let n = 0
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (Date.now() < deadline) {
        try {
          await checkoutOnce(baseUrl, shop, n++, lines, times)
          flows++
        } catch {
          errors++
        }
      }
    })
  )
  const steps: CheckoutResult["steps"] = {}
  for (const step of CHECKOUT_STEPS) {
    const sorted = [...times[step]].sort((a, b) => a - b)
    steps[step] = { p50: round(quantile(sorted, 0.5)), p95: round(quantile(sorted, 0.95)) }
  }
  return { flows, errors, steps }
}

/** Logs an admin in; the bearer headers of its session. */
async function adminHeaders(baseUrl: string, admin: { email: string; password: string }) {
  const login = await fetch(`${baseUrl}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(admin),
  }).then((r) => json<{ token: string }>(r, "admin login"))
  return { authorization: `Bearer ${login.token}`, "content-type": "application/json" }
}

export type MemoryResult = {
  /** Distinct catalog requests made, each a key of its own. */
  keys: number
  /** Answers that were not a 200 served by Medusa (`x-cache: MISS`): each key is asked once. */
  errors: number
  seconds: number
  /** What the in-process cache held afterwards, from `GET /admin/store-cache`. */
  entries: number
  bytes: number
  maxBytes: number
  /** Peak resident memory of the server's process tree, in MB. */
  peakRssMb?: number
}

/**
 * `keys` distinct product-list requests (every limit from 1 to 20 at every offset), each answered
 * once, by `connections` clients taking the next one in turn; then the cache's own count of the
 * entries and bytes it holds against its bound.
 */
export async function memoryRun(
  baseUrl: string,
  shop: Shop,
  admin: { email: string; password: string },
  opts: { keys: number; connections: number }
): Promise<MemoryResult> {
  const paths = Array.from(
    { length: opts.keys },
    (_, i) =>
      `/store/products?limit=${1 + (i % 20)}&offset=${Math.floor(i / 20)}` +
      `&region_id=${shop.regionId}&fields=id,title,handle,thumbnail`
  )
  const headers = { "x-publishable-api-key": shop.publishableKey }
  const started = performance.now()
  let next = 0
  let errors = 0
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (next < paths.length) {
        const res = await fetch(`${baseUrl}${paths[next++]}`, { headers })
        await res.arrayBuffer()
        if (res.status !== 200 || res.headers.get("x-cache") !== "MISS") errors++
      }
    })
  )
  const seconds = round((performance.now() - started) / 1000)
  const { store_cache } = await fetch(`${baseUrl}/admin/store-cache`, {
    headers: await adminHeaders(baseUrl, admin),
  }).then((r) =>
    json<{ store_cache: { entries: number; bytes: number; max_bytes: number } }>(r, "cache status")
  )
  return {
    keys: opts.keys,
    errors,
    seconds,
    entries: store_cache.entries,
    bytes: store_cache.bytes,
    maxBytes: store_cache.max_bytes,
  }
}

export type StalenessResult = {
  updates: number
  /** Time from an admin update's response to the first store read showing it, in ms. */
  p50: number
  p99: number
  max: number
  /** Reads that still showed the old title after the update had answered. */
  staleReads: number
}

/**
 * `updates` admin title changes of one product, each followed by store reads of it until the new
 * title shows; measures how long a storefront can see the old one.
 */
export async function stalenessRun(
  baseUrl: string,
  shop: Shop,
  admin: { email: string; password: string },
  updates: number
): Promise<StalenessResult> {
  const asAdmin = await adminHeaders(baseUrl, admin)
  const storeHeaders = { "x-publishable-api-key": shop.publishableKey }
  const handle = shop.handles[0]
  const path = `/store/products?handle=${handle}&region_id=${shop.regionId}&fields=id,title`
  const read = () =>
    fetch(`${baseUrl}${path}`, { headers: storeHeaders }).then((r) =>
      json<{ products: { id: string; title: string }[] }>(r, path)
    )
  const productId = (await read()).products[0].id
  const lags: number[] = []
  let staleReads = 0
  for (let i = 0; i < updates; i++) {
    const title = `Staleness probe ${Date.now()}-${i}`
    await fetch(`${baseUrl}/admin/products/${productId}`, {
      method: "POST",
      headers: asAdmin,
      body: JSON.stringify({ title }),
    }).then((r) => json(r, "admin update"))
    const answered = performance.now()
    for (;;) {
      const { products } = await read()
      if (products[0].title === title) break
      staleReads++
      if (performance.now() - answered > 30_000) throw new Error("an update never showed")
    }
    lags.push(performance.now() - answered)
  }
  lags.sort((a, b) => a - b)
  return {
    updates,
    p50: round(quantile(lags, 0.5)),
    p99: round(quantile(lags, 0.99)),
    max: round(lags[lags.length - 1] ?? 0),
    staleReads,
  }
}

import { createHash } from "crypto"
import { LRUCache } from "lru-cache"

/**
 * What a cached response can contain, as namespaces whose generation is part of its key. A
 * change event bumps its namespaces; every response that read one of them is then a miss.
 */
export const NAMESPACES = [
  "product",
  "pricing",
  "inventory",
  "category",
  "collection",
  "sales-channel",
  "region",
  "store",
  "translation",
] as const
export type Namespace = (typeof NAMESPACES)[number]

type CachedRoute = { pattern: RegExp; reads: Namespace[] }

// Product responses embed prices, categories, collections, sales-channel availability and
// translations; stock only when asked for (see `namespacesFor`).
const PRODUCT_READS: Namespace[] = [
  "product",
  "pricing",
  "category",
  "collection",
  "sales-channel",
  "region",
  "translation",
]

/** The anonymous catalog reads of the Store API that are cached; nothing cart- or customer-bound. */
export const CACHED_ROUTES: CachedRoute[] = [
  { pattern: /^\/store\/products(\/[^/]+)?\/?$/, reads: PRODUCT_READS },
  { pattern: /^\/store\/product-categories(\/[^/]+)?\/?$/, reads: PRODUCT_READS },
  { pattern: /^\/store\/collections(\/[^/]+)?\/?$/, reads: PRODUCT_READS },
  { pattern: /^\/store\/regions(\/[^/]+)?\/?$/, reads: ["region", "store", "translation"] },
  { pattern: /^\/store\/currencies(\/[^/]+)?\/?$/, reads: ["store", "region"] },
]

const STOCK_FIELD = /inventory_quantity|\*variants\.inventory|inventory_items/

/** The namespaces a request to `path` reads, or undefined when the route is not cached. */
export function namespacesFor(path: string, fields: string | undefined): Namespace[] | undefined {
  const route = CACHED_ROUTES.find((r) => r.pattern.test(path))
  if (!route) return undefined
  return fields && STOCK_FIELD.test(fields) ? [...route.reads, "inventory"] : route.reads
}

/** The namespaces an event invalidates, by the entity its name starts with. */
export function namespacesOfEvent(name: string): Namespace[] {
  // Module events are "<module>.<entity>.<action>", workflow events "<entity>.<action>".
  const parts = name.split(".")
  const entity = parts.length > 2 ? parts[1] : parts[0]
  const module = parts.length > 2 ? parts[0] : undefined
  if (module === "pricing" || entity.startsWith("price")) return ["pricing"]
  if (module === "inventory" || /^(inventory|reservation)/.test(entity)) return ["inventory"]
  if (entity === "product-category") return ["category"]
  if (entity === "product-collection") return ["collection"]
  if (entity.startsWith("product")) return ["product"]
  if (entity === "sales-channel" || module === "sales_channel") return ["sales-channel"]
  if (entity === "region" || module === "region") return ["region"]
  if (entity === "store" || module === "store") return ["store"]
  if (entity === "translation" || module === "translation") return ["translation"]
  return []
}

/**
 * The query string in one canonical order, so `?a=1&b=2` and `?b=2&a=1` share an entry. Values
 * keep their order within a name (Medusa reads repeated names as a list).
 */
export function normalizeQuery(rawQuery: string): string {
  const params = [...new URLSearchParams(rawQuery)]
  const names = [...new Set(params.map(([name]) => name))].sort()
  return names
    .flatMap((name) =>
      params
        .filter(([n]) => n === name)
        .map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`)
    )
    .join("&")
}

/** Everything an anonymous catalog response depends on, besides the data's generations. */
export function requestKey(parts: {
  path: string
  query: string
  publishableKey: string | undefined
  locale: string | undefined
}): string {
  const material = [
    parts.path.replace(/\/$/, ""),
    normalizeQuery(parts.query),
    parts.publishableKey ?? "",
    parts.locale ?? "",
  ].join("\n")
  return createHash("sha256").update(material).digest("base64url")
}

/** What the cache needs to know of a request: its own key and what it reads. */
export type RequestDescription = { key: string; namespaces: Namespace[] }

/**
 * Descriptions of recent requests, bounded in bytes of their URLs: a storefront asks the same
 * URLs again, and a flood of long distinct query strings cannot grow it past the bound.
 */
const described = new LRUCache<string, RequestDescription | false>({
  maxSize: 4 * 1024 * 1024,
  sizeCalculation: (_value, key) => key.length + 200,
})

/**
 * The key and namespaces of a catalog GET, or undefined when its route is not cached. Parsing
 * and hashing the query is remembered per distinct request, as it showed in profiles of hits.
 */
export function describeRequest(parts: {
  path: string
  query: string
  publishableKey: string | undefined
  locale: string | undefined
}): RequestDescription | undefined {
  const memoKey = `${parts.path}\n${parts.query}\n${parts.publishableKey ?? ""}\n${parts.locale ?? ""}`
  const known = described.get(memoKey)
  if (known !== undefined) return known || undefined
  const fields = new URLSearchParams(parts.query).getAll("fields").join(",")
  const namespaces = namespacesFor(parts.path, fields)
  const description = namespaces ? { key: requestKey(parts), namespaces } : false
  described.set(memoKey, description)
  return description || undefined
}

/** A strong ETag of a response body. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`
}

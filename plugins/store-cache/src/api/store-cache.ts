import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { etagOf, namespacesFor, requestKey } from "../modules/store-cache/catalog"
import { STORE_CACHE_MODULE } from "../modules/store-cache"
import type StoreCacheService from "../modules/store-cache/service"
import type { CachedResponse } from "../modules/store-cache/storage"

/** Medusa's session cookie; a request carrying it may be a logged-in customer's. */
const SESSION_COOKIE = /(^|;\s*)connect\.sid=/

type LocaleRequest = MedusaRequest & { locale?: string }

/** A request whose answer may depend on who asks: never served from, nor stored in, the cache. */
export function isPersonal(req: MedusaRequest): boolean {
  return Boolean(
    req.headers.authorization ||
    SESSION_COOKIE.test(req.headers.cookie ?? "") ||
    (req as MedusaRequest & { auth_context?: { actor_id?: string } }).auth_context?.actor_id
  )
}

function resolveCache(req: MedusaRequest): StoreCacheService | undefined {
  try {
    return req.scope.resolve<StoreCacheService>(STORE_CACHE_MODULE)
  } catch {
    return undefined
  }
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return ifNoneMatch === "*" || ifNoneMatch.split(",").some((tag) => tag.trim() === etag)
}

function answer(
  req: MedusaRequest,
  res: MedusaResponse,
  cache: StoreCacheService,
  entry: CachedResponse,
  status: "HIT" | "MISS"
) {
  res.setHeader("x-cache", status)
  res.setHeader("etag", entry.etag)
  res.setHeader(
    "cache-control",
    `public, max-age=0, s-maxage=${cache.options.cdnMaxAgeSeconds}, must-revalidate`
  )
  res.setHeader("vary", "x-publishable-api-key, x-medusa-locale, authorization, cookie")
  if (matches(req.headers["if-none-match"], entry.etag)) {
    res.status(304).end()
    return
  }
  res.status(200).type(entry.contentType).send(entry.body)
}

/**
 * Serves anonymous catalog GETs of the Store API from the cache, and stores Medusa's answers to
 * them. Anything personal, any answer but a 200 and any answer that sets a cookie pass through.
 */
export async function storeCache(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const cache = resolveCache(req)
  // The raw query: Medusa's validators may already have rewritten req.query.
  const rawQuery = req.originalUrl.split("?")[1] ?? ""
  const fields = new URLSearchParams(rawQuery).getAll("fields").join(",")
  const namespaces = req.method === "GET" ? namespacesFor(req.path, fields) : undefined
  if (!cache || !namespaces) return next()
  if (!cache.options.enabled || isPersonal(req)) {
    res.setHeader("x-cache", "BYPASS")
    res.setHeader("cache-control", "private, no-store")
    return next()
  }

  const own = requestKey({
    path: req.path,
    query: rawQuery,
    publishableKey: req.get("x-publishable-api-key"),
    locale: (req as LocaleRequest).locale,
  })
  const key = await cache.keyFor(own, namespaces)
  if (!key) {
    // The cache cannot be read (Redis away): Medusa answers.
    res.setHeader("x-cache", "BYPASS")
    return next()
  }
  const stored = await cache.get(key)
  if (stored) return answer(req, res, cache, stored, "HIT")

  let settle: (value: CachedResponse | undefined) => void = () => undefined
  const flight = await cache.once(
    key,
    () => new Promise<CachedResponse | undefined>((resolve) => (settle = resolve))
  )
  if (!flight.leader) {
    const shared = await flight.value
    if (shared) return answer(req, res, cache, shared, "HIT")
    res.setHeader("x-cache", "MISS")
    return next()
  }

  // The leader asks Medusa and keeps its answer when it can be shared.
  res.once("close", () => settle(undefined))
  const json = res.json.bind(res)
  res.json = (body: unknown) => {
    const text = JSON.stringify(body)
    if (res.statusCode !== 200 || res.getHeader("set-cookie")) {
      settle(undefined)
      res.setHeader("x-cache", "BYPASS")
      return json(body)
    }
    const entry: CachedResponse = {
      body: text,
      etag: etagOf(text),
      contentType: "application/json; charset=utf-8",
      storedAt: Date.now(),
    }
    void cache.set(key, entry)
    settle(entry)
    answer(req, res, cache, entry, "MISS")
    return res
  }
  next()
}

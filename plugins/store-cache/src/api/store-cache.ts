import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { describeRequest, etagOf } from "../modules/store-cache/catalog"
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

/**
 * What a cached answer varies by. `Origin` because Medusa's CORS middleware answers each origin
 * with its own `Access-Control-Allow-Origin` (and says so in `Vary`, which this keeps): a shared
 * cache that ignored it would hand one storefront's CORS answer to another.
 */
const VARY = ["origin", "x-publishable-api-key", "x-medusa-locale", "authorization", "cookie"]

/** `Vary` with `fields` added to what the response already varies by, each once. */
export function mergeVary(current: unknown, fields: string[]): string {
  const given = (Array.isArray(current) ? current.join(",") : String(current ?? ""))
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean)
  if (given.includes("*")) return "*"
  const seen = new Set(given.map((f) => f.toLowerCase()))
  return [...given, ...fields.filter((f) => !seen.has(f.toLowerCase()))].join(", ")
}

function answer(
  req: MedusaRequest,
  res: MedusaResponse,
  cache: StoreCacheService,
  entry: CachedResponse,
  status: "HIT" | "MISS"
) {
  cache.served(status)
  res.setHeader("x-cache", status)
  res.setHeader("etag", entry.etag)
  res.setHeader(
    "cache-control",
    `public, max-age=0, s-maxage=${cache.options.cdnMaxAgeSeconds}, must-revalidate`
  )
  res.setHeader("vary", mergeVary(res.getHeader("vary"), VARY))
  if (matches(req.headers["if-none-match"], entry.etag)) {
    res.status(304).end()
    return
  }
  // The stored bytes as they are: Express's send would copy them and look for an ETag again.
  res.statusCode = 200
  res.setHeader("content-type", entry.contentType)
  res.setHeader("content-length", entry.body.length)
  res.end(entry.body)
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
  const url = req.originalUrl
  const mark = url.indexOf("?")
  const request =
    req.method === "GET"
      ? describeRequest({
          path: req.path,
          query: mark < 0 ? "" : url.slice(mark + 1),
          publishableKey: req.get("x-publishable-api-key"),
          locale: (req as LocaleRequest).locale,
        })
      : undefined
  if (!cache || !request) return next()
  if (!cache.options.enabled || isPersonal(req)) {
    res.setHeader("x-cache", "BYPASS")
    res.setHeader("cache-control", "private, no-store")
    return next()
  }

  const key = await cache.keyFor(request.key, request.namespaces)
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
    cache.served("MISS")
    res.setHeader("x-cache", "MISS")
    return next()
  }

  // The leader asks Medusa and keeps its answer when it can be shared.
  res.once("close", () => settle(undefined))
  const json = res.json.bind(res)
  res.json = (body: unknown) => {
    if (res.statusCode !== 200 || res.getHeader("set-cookie")) {
      settle(undefined)
      res.setHeader("x-cache", "BYPASS")
      return json(body)
    }
    const bytes = Buffer.from(JSON.stringify(body))
    const entry: CachedResponse = {
      body: bytes,
      etag: etagOf(bytes),
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

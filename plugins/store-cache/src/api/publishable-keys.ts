import type { MedusaRequest, MedusaStoreRequest } from "@medusajs/framework/http"
import { PUBLISHABLE_KEY_CHECK, runBeforeMedusa } from "@zoco/plugin-kit/http"
import { STORE_CACHE_MODULE } from "../modules/store-cache"
import type StoreCacheService from "../modules/store-cache/service"

type KeyContext = NonNullable<MedusaStoreRequest["publishable_key_context"]>

/** Keys remembered at most; a flood of distinct valid keys cannot grow memory past this. */
const MAX_KEYS = 1_000

/** Valid publishable keys this process has seen, with their sales channels and expiry. */
export class PublishableKeyMemo {
  readonly #keys = new Map<string, { context: KeyContext; expires: number }>()

  get(token: string, now = Date.now()): KeyContext | undefined {
    const found = this.#keys.get(token)
    if (!found) return undefined
    if (found.expires <= now) {
      this.#keys.delete(token)
      return undefined
    }
    return found.context
  }

  set(token: string, context: KeyContext, ttlMs: number, now = Date.now()) {
    if (this.#keys.size >= MAX_KEYS) {
      // Maps iterate in insertion order: the oldest goes first.
      this.#keys.delete(this.#keys.keys().next().value as string)
    }
    this.#keys.set(token, { context, expires: now + ttlMs })
  }

  clear() {
    this.#keys.clear()
  }
}

export const publishableKeys = new PublishableKeyMemo()

function ttlMs(req: MedusaRequest): number {
  try {
    const cache = req.scope.resolve<StoreCacheService>(STORE_CACHE_MODULE)
    return cache.options.publishableKeyTtlSeconds * 1000
  } catch {
    return 0
  }
}

/**
 * Medusa checks the publishable key of every Store API request against the database (two
 * queries through Query) before any plugin middleware runs: on a cache hit that check is most of
 * the work. Wrapped here, a key found valid is remembered for `publishableKeyTtlSeconds`. Only
 * what Medusa's own check accepted is remembered; unknown and revoked keys are asked about every
 * time.
 */
export function rememberPublishableKeys() {
  runBeforeMedusa({
    name: "zoco.store-cache.publishable-keys",
    order: 20,
    wraps: (_route, handler) => handler.name === PUBLISHABLE_KEY_CHECK,
    handle: (req, res, next, inner) => {
      const token = req.get("x-publishable-api-key")
      const ttl = token ? ttlMs(req) : 0
      if (!token || ttl <= 0) {
        return inner(req, res, next)
      }
      const known = publishableKeys.get(token)
      if (known) {
        ;(req as MedusaStoreRequest).publishable_key_context = known
        return next()
      }
      return inner(req, res, (error?: unknown) => {
        const context = (req as MedusaStoreRequest).publishable_key_context
        if (!error && context) {
          publishableKeys.set(token, context, ttl)
        }
        next(error)
      })
    },
  })
}

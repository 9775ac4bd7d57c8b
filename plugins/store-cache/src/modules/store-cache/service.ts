import type { Logger } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { NAMESPACES, namespacesOfEvent, type Namespace } from "./catalog"
import { MemoryStorage, RedisStorage, type CacheStorage, type CachedResponse } from "./storage"

/** Options of the store-cache module, passed in `medusa-config.ts`. */
export type StoreCacheOptions = {
  /**
   * Redis shared by every server instance: entries and invalidations reach all of them. Without
   * it each process keeps its own in-memory cache and sees only its own process's events, so run
   * a single instance then.
   * @example process.env.REDIS_URL
   */
  redisUrl?: string
  /**
   * Bytes the in-process cache may hold (bodies, keys and bookkeeping); the least recently used
   * entries go first. Not used with Redis, whose own `maxmemory` policy bounds it.
   * @default 67108864 (64 MB)
   */
  maxBytes?: number
  /**
   * Longest life of an entry in seconds, even if no change event arrives for it: the bound on
   * staleness should an event be missed.
   * @default 300
   */
  ttlSeconds?: number
  /**
   * `s-maxage` of public catalog responses: how long a CDN in front of the API may share one
   * without asking again. Browsers always revalidate (`max-age=0`), cheaply, with the ETag.
   * @default 5
   */
  cdnMaxAgeSeconds?: number
  /**
   * Prefix of every Redis key, to share a Redis between shops.
   * @default "zoco:store-cache:"
   */
  keyPrefix?: string
  /**
   * `false` turns the cache off: every request is answered by Medusa, with `x-cache: BYPASS`.
   * @default true
   */
  enabled?: boolean
  /**
   * How long, in seconds, each process remembers that a publishable key is valid and which sales
   * channels it opens, instead of asking the database on every Store API request. A revoked key,
   * or a change to its sales channels, takes effect within this time. `0` asks every time.
   * @default 5
   */
  publishableKeyTtlSeconds?: number
}

type InjectedDependencies = { logger?: Logger }

export type StoreCacheStats = {
  enabled: boolean
  storage: "memory" | "redis"
  /** Entries in this process's cache; null with Redis. */
  entries: number | null
  /** Bytes counted against `max_bytes`; null with Redis. */
  bytes: number | null
  max_bytes: number | null
  ttl_seconds: number
  /** Catalog reads this process answered from the cache, and those Medusa answered, since start. */
  hits: number
  misses: number
  since: string
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024

/**
 * Whole-response cache of anonymous Store API catalog reads. Entries are keyed by the request and
 * by the generation of each namespace the route reads; invalidation bumps a namespace, which
 * costs one counter per namespace, never a scan of keys.
 */
export default class StoreCacheService {
  readonly options: Required<Omit<StoreCacheOptions, "redisUrl">> & { redisUrl?: string }
  readonly storage: CacheStorage
  private readonly logger?: Logger
  private readonly inFlight = new Map<string, Promise<CachedResponse | undefined>>()
  private lastWarning = 0
  readonly #served = { hits: 0, misses: 0 }
  readonly #since = new Date().toISOString()

  static validateOptions(options: StoreCacheOptions = {}) {
    for (const name of [
      "maxBytes",
      "ttlSeconds",
      "cdnMaxAgeSeconds",
      "publishableKeyTtlSeconds",
    ] as const) {
      const value = options[name]
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `store-cache: option \`${name}\` must be a whole number from 0, got ${String(value)}`
        )
      }
    }
  }

  constructor({ logger }: InjectedDependencies, options: StoreCacheOptions = {}) {
    StoreCacheService.validateOptions(options)
    this.logger = logger
    this.options = {
      redisUrl: options.redisUrl,
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      ttlSeconds: options.ttlSeconds ?? 300,
      cdnMaxAgeSeconds: options.cdnMaxAgeSeconds ?? 5,
      keyPrefix: options.keyPrefix ?? "zoco:store-cache:",
      enabled: options.enabled ?? true,
      publishableKeyTtlSeconds: options.publishableKeyTtlSeconds ?? 5,
    }
    this.storage = options.redisUrl
      ? new RedisStorage(options.redisUrl, this.options.keyPrefix, () => {
          // Events that arrived while Redis was away could not bump anything: start afresh.
          void this.invalidate(NAMESPACES)
        })
      : new MemoryStorage(this.options.maxBytes)
  }

  /** Warns at most once a minute: a down Redis must not flood the log. */
  private warn(what: string, error: unknown) {
    if (Date.now() - this.lastWarning < 60_000) return
    this.lastWarning = Date.now()
    const reason = error instanceof Error ? error.message : String(error)
    this.logger?.warn(`store-cache: ${what} failed (${reason}); answering from Medusa meanwhile`)
  }

  /**
   * What the cache holds now, for operators. Entries and bytes are this process's in-process
   * cache; with Redis they are shared and bounded by Redis's own `maxmemory`, so not counted here.
   */
  /** Counts a cacheable read by how it was answered, for the hit rate in `stats()`. */
  served(result: "HIT" | "MISS") {
    if (result === "HIT") this.#served.hits++
    else this.#served.misses++
  }

  stats(): StoreCacheStats {
    const memory = this.storage instanceof MemoryStorage ? this.storage : undefined
    return {
      ...this.#served,
      since: this.#since,
      enabled: this.options.enabled,
      storage: this.storage.kind,
      entries: memory ? memory.count : null,
      bytes: memory ? memory.size : null,
      max_bytes: memory ? this.options.maxBytes : null,
      ttl_seconds: this.options.ttlSeconds,
    }
  }

  /** The full key of a request: its own key and the generations of what it reads. */
  async keyFor(requestKey: string, namespaces: readonly Namespace[]): Promise<string | undefined> {
    try {
      const gens = await this.storage.generations(namespaces)
      return `${requestKey}:${gens.join(".")}`
    } catch (error) {
      this.warn("reading generations", error)
      return undefined
    }
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    try {
      return await this.storage.get(key)
    } catch (error) {
      this.warn("reading an entry", error)
      return undefined
    }
  }

  async set(key: string, value: CachedResponse): Promise<void> {
    try {
      await this.storage.set(key, value, this.options.ttlSeconds)
    } catch (error) {
      this.warn("storing an entry", error)
    }
  }

  /**
   * Single flight: the first caller of a cold key runs `produce`; callers arriving meanwhile wait
   * for its result instead of asking Medusa again. `produce` resolves to undefined when the
   * answer was not cacheable, and the waiters then ask Medusa themselves.
   */
  async once(
    key: string,
    produce: () => Promise<CachedResponse | undefined>
  ): Promise<{ leader: boolean; value: Promise<CachedResponse | undefined> }> {
    const running = this.inFlight.get(key)
    if (running) return { leader: false, value: running }
    const value = produce().finally(() => this.inFlight.delete(key))
    this.inFlight.set(key, value)
    return { leader: true, value }
  }

  /** False when the storage could not be reached, and nothing was invalidated. */
  async invalidate(namespaces: readonly Namespace[]): Promise<boolean> {
    if (!namespaces.length) return true
    try {
      await this.storage.bump(namespaces)
      return true
    } catch (error) {
      this.warn("invalidating", error)
      return false
    }
  }

  /** Invalidates what a Medusa event changed; returns the namespaces it bumped. */
  async invalidateForEvent(eventName: string): Promise<Namespace[]> {
    const namespaces = namespacesOfEvent(eventName)
    await this.invalidate(namespaces)
    return namespaces
  }

  // Medusa calls these module hooks on start and shutdown.
  __hooks = {
    onApplicationShutdown: async () => {
      await this.storage.close()
    },
  }
}

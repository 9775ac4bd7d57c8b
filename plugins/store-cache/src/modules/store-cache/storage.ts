import Redis from "ioredis"
import { LRUCache } from "lru-cache"

/** A stored response: what is needed to answer again, byte for byte. */
export type CachedResponse = {
  /** The encoded body, sent as is: no re-encoding of a large string on every hit. */
  body: Buffer
  etag: string
  contentType: string
  /** When it was stored (ms since the epoch). */
  storedAt: number
}

export interface CacheStorage {
  readonly kind: "memory" | "redis"
  get(key: string): Promise<CachedResponse | undefined>
  set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void>
  /** The current generation of each namespace (0 when never bumped). */
  generations(namespaces: readonly string[]): Promise<number[]>
  /** Moves each namespace to a new generation: every key built with the old one is unreachable. */
  bump(namespaces: readonly string[]): Promise<void>
  close(): Promise<void>
}

// Fixed overhead per entry on top of its strings: the entry object, the LRU's bookkeeping.
const ENTRY_OVERHEAD_BYTES = 256

/** Byte size of an entry as the in-process cache counts it against its bound. */
export function entrySize(key: string, value: CachedResponse): number {
  return (
    value.body.length +
    Buffer.byteLength(key) +
    value.etag.length +
    value.contentType.length +
    ENTRY_OVERHEAD_BYTES
  )
}

/** One process's cache, bounded in bytes, least recently used evicted first. */
export class MemoryStorage implements CacheStorage {
  readonly kind = "memory" as const
  private readonly entries: LRUCache<string, CachedResponse>
  private readonly gens = new Map<string, number>()

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, CachedResponse>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => entrySize(key, value),
    })
  }

  /** Bytes held now, as counted against the bound. */
  get size(): number {
    return this.entries.calculatedSize
  }

  get count(): number {
    return this.entries.size
  }

  async get(key: string) {
    return this.entries.get(key)
  }

  async set(key: string, value: CachedResponse, ttlSeconds: number) {
    this.entries.set(key, value, { ttl: ttlSeconds * 1000 })
  }

  async generations(namespaces: readonly string[]) {
    return namespaces.map((ns) => this.gens.get(ns) ?? 0)
  }

  async bump(namespaces: readonly string[]) {
    for (const ns of namespaces) this.gens.set(ns, (this.gens.get(ns) ?? 0) + 1)
  }

  async close() {
    this.entries.clear()
  }
}

/**
 * Entries and generation counters in Redis, shared by every server instance. Commands fail fast
 * while Redis is unreachable (no offline queue), so a request never waits on a dead Redis.
 */
export class RedisStorage implements CacheStorage {
  readonly kind = "redis" as const
  readonly client: Redis

  constructor(
    url: string,
    private readonly prefix: string,
    onReconnect: () => void
  ) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 500,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    })
    let lost = false
    this.client.on("error", () => {
      lost = true
    })
    this.client.on("close", () => {
      lost = true
    })
    this.client.on("ready", () => {
      if (lost) {
        lost = false
        onReconnect()
      }
    })
  }

  private entryKey(key: string) {
    return `${this.prefix}r:${key}`
  }

  private genKey(ns: string) {
    return `${this.prefix}g:${ns}`
  }

  // An entry is one Redis string: a line of JSON with everything but the body, then the body's
  // bytes, so reading it back needs no JSON parse (nor escape) of the body.
  async get(key: string) {
    const raw = await this.client.getBuffer(this.entryKey(key))
    if (!raw) return undefined
    const newline = raw.indexOf(0x0a)
    if (newline < 0) return undefined
    const head = JSON.parse(raw.toString("utf8", 0, newline)) as Omit<CachedResponse, "body">
    return { ...head, body: raw.subarray(newline + 1) }
  }

  async set(key: string, value: CachedResponse, ttlSeconds: number) {
    const { body, ...head } = value
    const framed = Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`), body])
    await this.client.set(this.entryKey(key), framed, "EX", ttlSeconds)
  }

  async generations(namespaces: readonly string[]) {
    if (!namespaces.length) return []
    const values = await this.client.mget(...namespaces.map((ns) => this.genKey(ns)))
    return values.map((v) => Number(v ?? 0))
  }

  async bump(namespaces: readonly string[]) {
    const multi = this.client.multi()
    for (const ns of namespaces) multi.incr(this.genKey(ns))
    await multi.exec()
  }

  async close() {
    this.client.disconnect()
  }
}

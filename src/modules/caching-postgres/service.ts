import type { ICachingProviderService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { randomUUID } from "crypto"
import { LRUCache } from "lru-cache"
import { Client, type ClientConfig, type Notification } from "pg"
import { invalidatable } from "../../lib/caching"

/** Options of the provider (`options` of its entry in the caching module's `providers`). */
export type PostgresCachingOptions = {
  /** Bound of what one process holds, in bytes of the entries' JSON. Default 64 MB. */
  maxBytes?: number
  /** Lifetime of an entry, in seconds, when Medusa's caching module names none. Default 3600. */
  ttlSeconds?: number
  /**
   * The PostgreSQL channel invalidations travel on. Processes on one database share entries'
   * invalidations only when they share the channel. Default `zoco_caching`.
   */
  channel?: string
  /**
   * A read that finishes this soon after one of its tags was invalidated is not kept: it may
   * have started before the change was committed. Default 2000 ms.
   */
  settleMs?: number
  /** How often the listening connection is checked; a broken one stops the cache. Default 5000. */
  heartbeatMs?: number
}

type Knex = {
  raw(sql: string, bindings: unknown[]): Promise<unknown>
  client: { config: { connection?: unknown } }
}

type Cradle = {
  logger?: Pick<Logger, "info" | "warn">
  [ContainerRegistrationKeys.PG_CONNECTION]?: Knex
}

type Entry = { json: string; tags: string[]; autoInvalidate: boolean }

/** Which entries of the given tags a clear removes, as Medusa's own providers decide it. */
type ClearMode = "all" | "auto"

/** One invalidation as it travels between processes. */
type Message = { origin: string; key?: string; tags?: string[]; mode?: ClearMode }

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/
// PostgreSQL refuses a NOTIFY payload of 8000 bytes or more.
const MAX_PAYLOAD = 7_500
const FLUSH = "*"

/**
 * Medusa's caching module kept in each process's memory, with every invalidation shared through
 * PostgreSQL's LISTEN/NOTIFY, so several Zoco processes on one database without Redis cache
 * configuration reads (regions, shipping options, prices, promotions) without serving each
 * other's stale entries.
 *
 * What keeps it correct:
 * - Entries are stored as JSON and parsed on every read, as Medusa's Redis provider does, so a
 *   caller changing what it got cannot change what the next caller gets.
 * - An invalidation is applied locally, then sent to every other process on the channel.
 * - Nothing is read from or written to the cache unless this process is listening: while the
 *   connection is down, every read goes to the database, and what was held before it dropped is
 *   discarded when it is back (invalidations may have been missed meanwhile).
 * - A read whose tags were invalidated in the last `settleMs` is not kept (it may have started
 *   before the change was committed and finished after the invalidation arrived).
 * - An entry no change could invalidate is not kept (`invalidatable`).
 */
export class PostgresCachingProvider implements ICachingProviderService {
  static identifier = "caching-postgres"

  readonly #logger: Pick<Logger, "info" | "warn">
  readonly #knex: Knex
  readonly #channel: string
  readonly #ttlMs: number
  readonly #settleMs: number
  readonly #heartbeatMs: number
  readonly #origin = randomUUID()
  readonly #entries: LRUCache<string, Entry>
  /** Tag → keys of the entries carrying it. */
  readonly #byTag = new Map<string, Set<string>>()
  /** Tag or key → when it was last invalidated (ms). */
  readonly #invalidatedAt = new Map<string, number>()
  #flushedAt = 0
  #listening = false
  #started = false
  #stopped = false
  #client: Client | undefined
  #outageLogged = false
  #connections = 0
  #pending: Message[] = []
  #batch: Promise<void> | undefined

  constructor(cradle: Cradle, options: PostgresCachingOptions = {}) {
    const knex = registered(cradle, ContainerRegistrationKeys.PG_CONNECTION)
    if (!knex) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "The PostgreSQL caching provider needs Medusa's database connection"
      )
    }
    const channel = options.channel ?? "zoco_caching"
    if (!CHANNEL.test(channel)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `caching-postgres: channel must be a lower-case identifier, got "${channel}"`
      )
    }
    this.#knex = knex
    this.#channel = channel
    this.#logger = registered(cradle, "logger") ?? console
    this.#ttlMs = (options.ttlSeconds ?? 3600) * 1000
    this.#settleMs = options.settleMs ?? 2000
    this.#heartbeatMs = options.heartbeatMs ?? 5000
    this.#entries = new LRUCache<string, Entry>({
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (entry, key) => entry.json.length + key.length + 64 * entry.tags.length + 64,
      dispose: (entry, key) => this.#unindex(key, entry),
    })
  }

  /** True while invalidations from other processes reach this one (the cache is in use). */
  get listening(): boolean {
    return this.#listening
  }

  /** Entries and approximate bytes this process holds; connections it has listened on. */
  get stats(): { entries: number; bytes: number; connections: number } {
    return {
      entries: this.#entries.size,
      bytes: this.#entries.calculatedSize,
      connections: this.#connections,
    }
  }

  async get({ key, tags }: { key?: string; tags?: string[] }): Promise<unknown> {
    if (!this.#ready()) return null
    if (key) {
      const entry = this.#entries.get(key)
      return entry ? JSON.parse(entry.json) : null
    }
    if (!tags?.length) return null
    const keys = new Set<string>()
    for (const tag of tags) {
      for (const k of this.#byTag.get(tag) ?? []) keys.add(k)
    }
    const found: unknown[] = []
    for (const k of keys) {
      const entry = this.#entries.get(k)
      if (entry) found.push(JSON.parse(entry.json))
    }
    return found
  }

  async set({
    key,
    data,
    ttl,
    tags,
    options,
  }: {
    key: string
    data: object
    ttl?: number
    tags?: string[]
    options?: { autoInvalidate?: boolean }
  }): Promise<void> {
    if (!this.#ready() || !invalidatable({ tags, options })) return
    const entryTags = [...new Set(tags ?? [])]
    if (this.#settling([key, ...entryTags])) return
    const entry: Entry = {
      json: JSON.stringify(data),
      tags: entryTags,
      autoInvalidate: options?.autoInvalidate ?? true,
    }
    // Replacing an entry disposes of the old one first, which drops its tags from the index.
    this.#entries.set(key, entry, { ttl: ttl ? ttl * 1000 : this.#ttlMs })
    // An entry larger than the whole bound is not kept.
    if (!this.#entries.has(key)) return
    for (const tag of entryTags) {
      let keys = this.#byTag.get(tag)
      if (!keys) this.#byTag.set(tag, (keys = new Set()))
      keys.add(key)
    }
  }

  async clear({
    key,
    tags,
    options,
  }: {
    key?: string
    tags?: string[]
    options?: { autoInvalidate?: boolean }
  }): Promise<void> {
    let message: Message
    if (key) {
      message = { origin: this.#origin, key }
    } else if (tags?.length) {
      // Medusa's providers: a clear with options removes only what may be removed automatically,
      // and one with options but without `autoInvalidate: true` removes nothing.
      if (options && options.autoInvalidate !== true) return
      const mode: ClearMode = options ? "auto" : "all"
      message = tags.includes(FLUSH)
        ? { origin: this.#origin, tags: [FLUSH], mode: "all" }
        : { origin: this.#origin, tags: [...new Set(tags)], mode }
    } else {
      return
    }
    this.#apply(message)
    await this.#publish(message)
  }

  /** Stops listening; the cache is then out of use in this process. */
  async stop(): Promise<void> {
    this.#stopped = true
    this.#listening = false
    this.#entries.clear()
    await this.#client?.end().catch(() => undefined)
  }

  #ready(): boolean {
    if (!this.#started) {
      this.#started = true
      void this.#listen()
    }
    return this.#listening
  }

  #settling(names: string[]): boolean {
    const since = Date.now() - this.#settleMs
    if (this.#flushedAt > since) return true
    return names.some((name) => (this.#invalidatedAt.get(name) ?? 0) > since)
  }

  #apply(message: Message): void {
    const now = Date.now()
    this.#forgetOldInvalidations(now)
    if (message.key) {
      this.#invalidatedAt.set(message.key, now)
      this.#entries.delete(message.key)
      return
    }
    const tags = message.tags ?? []
    if (tags.includes(FLUSH)) {
      this.#flush()
      return
    }
    for (const tag of tags) {
      this.#invalidatedAt.set(tag, now)
      for (const k of [...(this.#byTag.get(tag) ?? [])]) {
        const entry = this.#entries.peek(k)
        if (message.mode === "all" || entry?.autoInvalidate !== false) this.#entries.delete(k)
      }
    }
  }

  #flush(): void {
    this.#flushedAt = Date.now()
    this.#entries.clear()
    this.#byTag.clear()
  }

  #forgetOldInvalidations(now: number): void {
    if (this.#invalidatedAt.size < 10_000) return
    for (const [name, at] of this.#invalidatedAt) {
      if (at <= now - this.#settleMs) this.#invalidatedAt.delete(name)
    }
  }

  #unindex(key: string, entry: Entry): void {
    for (const tag of entry.tags) {
      const keys = this.#byTag.get(tag)
      if (!keys) continue
      keys.delete(key)
      if (keys.size === 0) this.#byTag.delete(tag)
    }
  }

  /**
   * Sends the message to the other processes. Medusa clears once per event, and a workflow's
   * events come out together: the messages of one turn of the event loop go in one statement.
   */
  #publish(message: Message): Promise<void> {
    this.#pending.push(message)
    this.#batch ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const batch = this.#pending.splice(0)
      this.#batch = undefined
      return this.#send(batch)
    })
    return this.#batch
  }

  async #send(batch: Message[]): Promise<void> {
    try {
      await this.#knex.raw("SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload", [
        this.#channel,
        batch.flatMap(payloads),
      ])
    } catch (error) {
      // The other processes keep their entries until these expire; the change itself was
      // committed before this, so the database is reachable again soon or checkout fails anyway.
      this.#logger.warn(
        `caching-postgres: could not share an invalidation with other processes: ${errorMessage(error)}`
      )
    }
  }

  #onNotification(notification: Notification): void {
    if (notification.channel !== this.#channel || !notification.payload) return
    let message: Message
    try {
      message = JSON.parse(notification.payload) as Message
    } catch {
      this.#flush()
      return
    }
    if (message.origin === this.#origin) return
    this.#apply(message)
  }

  /** Keeps one connection listening for as long as the process runs, reconnecting when it drops. */
  async #listen(): Promise<void> {
    let backoffMs = 250
    while (!this.#stopped) {
      const client = new Client(listenerConfig(this.#knex))
      this.#client = client
      const ended = new Promise<void>((resolve) => {
        client.once("end", resolve)
        client.on("error", () => resolve())
      })
      client.on("notification", (n) => this.#onNotification(n))
      try {
        await client.connect()
        unref(client)
        await client.query(`LISTEN "${this.#channel}"`)
        // Whatever was held before this connection may have missed invalidations.
        this.#flush()
        this.#connections++
        this.#listening = true
        backoffMs = 250
        if (this.#outageLogged) {
          this.#logger.info("caching-postgres: listening again; the cache is back in use")
          this.#outageLogged = false
        }
        await this.#watch(client, ended)
      } catch (error) {
        if (!this.#outageLogged && !this.#stopped) {
          this.#logger.warn(
            `caching-postgres: not listening for invalidations (${errorMessage(error)}); reads go to the database until it is back`
          )
          this.#outageLogged = true
        }
      } finally {
        this.#listening = false
        await client.end().catch(() => undefined)
      }
      if (this.#stopped) return
      if (!this.#outageLogged) {
        this.#logger.warn(
          "caching-postgres: the listening connection closed; reads go to the database until it is back"
        )
        this.#outageLogged = true
      }
      await delay(backoffMs)
      backoffMs = Math.min(backoffMs * 2, 30_000)
    }
  }

  /** Resolves when the connection ends or stops answering within a heartbeat. */
  async #watch(client: Client, ended: Promise<void>): Promise<void> {
    while (!this.#stopped) {
      const beat = await Promise.race([
        ended.then(() => "ended" as const),
        delay(this.#heartbeatMs).then(() => "beat" as const),
      ])
      if (beat === "ended") return
      const answered = await Promise.race([
        client.query("SELECT 1").then(
          () => true,
          () => false
        ),
        delay(this.#heartbeatMs).then(() => false),
      ])
      if (!answered) return
    }
  }
}

/** What the container holds under `name`; Medusa's container throws for what it does not hold. */
function registered<K extends keyof Cradle>(cradle: Cradle, name: K): Cradle[K] | undefined {
  try {
    return cradle[name]
  } catch {
    return undefined
  }
}

/** The message as NOTIFY payloads under PostgreSQL's limit, splitting its tags if need be. */
export function payloads(message: Message): string[] {
  const whole = JSON.stringify(message)
  if (whole.length <= MAX_PAYLOAD) return [whole]
  const tags = message.tags ?? []
  if (tags.length <= 1) return [JSON.stringify({ origin: message.origin, tags: [FLUSH] })]
  const half = Math.ceil(tags.length / 2)
  return [
    ...payloads({ ...message, tags: tags.slice(0, half) }),
    ...payloads({ ...message, tags: tags.slice(half) }),
  ]
}

/** The connection settings of Medusa's own pool, for one connection of our own. */
function listenerConfig(knex: Knex): ClientConfig {
  const connection = knex.client.config.connection
  const base: ClientConfig =
    typeof connection === "string"
      ? { connectionString: connection }
      : { ...(connection as ClientConfig | undefined) }
  return { ...base, keepAlive: true, application_name: "zoco-caching-listener" }
}

/** The listening connection must not keep a finished command (a migration, a seed) running. */
function unref(client: Client): void {
  const stream = (client as unknown as { connection?: { stream?: { unref?: () => void } } })
    .connection?.stream
  stream?.unref?.()
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

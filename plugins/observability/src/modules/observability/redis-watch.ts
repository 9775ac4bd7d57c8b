import type { Logger } from "@medusajs/framework/types"
import type Redis from "ioredis"
import type { Counter, Gauge } from "prom-client"

/**
 * Set in Redis once this app's scheduled jobs are registered there. Redis keeps no other record
 * that it was emptied: when the key is gone, Redis was flushed or restarted without its data,
 * and the schedules (BullMQ repeatable jobs) went with it.
 */
export const SCHEDULES_KEY = "zoco:observability:schedules-registered"

/** Medusa's scheduled workflows in this process: none outside workers. */
export type ScheduledWorkflows = {
  ids(): string[]
  /** Registers one again with Medusa's scheduler, exactly as the job loader did. */
  reschedule(id: string): Promise<void>
}

export type RedisWatchMetrics = {
  up: Gauge<string>
  outages: Counter<string>
  dataLosses: Counter<string>
  clientErrors: Counter<string>
}

/** What `/ready` shows of Redis beyond its ping. */
export type RedisWatchState = {
  /** Outages seen by this process since it started. */
  outages: number
  /** Times Redis came back (or was found) without the data Medusa keeps there. */
  data_losses: number
  /** When the schedules were last registered again, if ever. */
  schedules_restored_at?: string
}

const IOREDIS_UNHANDLED = "[ioredis] Unhandled error event:"

/**
 * Medusa's Redis modules (event bus, workflow engine, locking, cache) open connections without an
 * error listener, so while Redis is down ioredis prints a stack for every reconnection attempt of
 * each of them: dozens of lines a second. Those prints are counted instead; the watch logs one
 * warning per outage. Installed once per process, for as long as any watch runs.
 */
let quieting: { count: number; restore: () => void; onError: Set<() => void> } | undefined

function quietUnhandledRedisErrors(onError: () => void): () => void {
  if (!quieting) {
    const original = console.error
    const listeners = new Set<() => void>()
    console.error = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].startsWith(IOREDIS_UNHANDLED)) {
        for (const listener of listeners) listener()
        return
      }
      original.apply(console, args)
    }
    quieting = {
      count: 0,
      onError: listeners,
      restore: () => {
        console.error = original
      },
    }
  }
  const current = quieting
  current.count++
  current.onError.add(onError)
  return () => {
    current.onError.delete(onError)
    if (--current.count === 0) {
      current.restore()
      quieting = undefined
    }
  }
}

/**
 * Watches the Redis Medusa shares its events, workflows, locks and schedules through: logs one
 * warning when it stops answering and one line when it is back, and, in a process that runs
 * scheduled jobs, registers them again when Redis has lost them (flushed, or restarted empty),
 * which Medusa would otherwise do only when the worker restarts.
 */
export class RedisWatch {
  #timer?: NodeJS.Timeout
  #down?: number
  #checking?: Promise<void>
  #unquiet?: () => void
  readonly state: RedisWatchState = { outages: 0, data_losses: 0 }

  constructor(
    private readonly redis: Redis,
    private readonly logger: Pick<Logger, "warn" | "info">,
    private readonly schedules: ScheduledWorkflows,
    private readonly metrics: RedisWatchMetrics,
    private readonly intervalMs: number
  ) {}

  start() {
    this.#unquiet ??= quietUnhandledRedisErrors(() => this.metrics.clientErrors.inc())
    this.#timer ??= setInterval(() => void this.check(), this.intervalMs)
    this.#timer.unref()
    return this.check()
  }

  stop() {
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#unquiet?.()
    this.#unquiet = undefined
  }

  /** One look at Redis; overlapping calls share the one in progress. */
  check(): Promise<void> {
    this.#checking ??= this.#check().finally(() => {
      this.#checking = undefined
    })
    return this.#checking
  }

  async #check() {
    let registered: boolean
    try {
      registered = (await this.redis.exists(SCHEDULES_KEY)) === 1
    } catch (error) {
      this.markDown((error as Error).message)
      return
    }
    this.markUp()
    const ids = this.schedules.ids()
    if (ids.length === 0) return
    if (registered) {
      this.#known = true
      return
    }
    // Missing on the first look after start is a new Redis: Medusa has just registered the
    // schedules, and registering them again changes nothing. Missing after that, Redis lost them.
    const lost = this.#known
    try {
      for (const id of ids) await this.schedules.reschedule(id)
      await this.redis.set(SCHEDULES_KEY, new Date().toISOString())
    } catch {
      return // Redis went away again; the next look retries.
    }
    this.#known = true
    if (lost) {
      this.state.data_losses++
      this.state.schedules_restored_at = new Date().toISOString()
      this.metrics.dataLosses.inc()
      this.logger.warn(
        `Redis lost its data (flushed, or restarted empty): registered the ${ids.length} ` +
          `scheduled job(s) of this process again (${ids.join(", ")})`
      )
    }
  }

  /** Redis did not answer (this watch's look, or `/ready`'s ping): one warning per outage. */
  markDown(reason: string) {
    if (this.#down !== undefined) return
    this.#down = Date.now()
    this.state.outages++
    this.metrics.outages.inc()
    this.metrics.up.set(0)
    this.logger.warn(
      `Redis is not answering (${reason}): events, workflows, locks and scheduled jobs wait ` +
        "until it is back. One line per outage; /ready shows it."
    )
  }

  /** Redis answered: ends the outage, if one was under way. */
  markUp() {
    if (this.#down !== undefined) {
      const seconds = Math.round((Date.now() - this.#down) / 1000)
      this.#down = undefined
      this.logger.info(`Redis answers again after about ${seconds} s`)
    }
    this.metrics.up.set(1)
  }

  /** Whether this process has seen its schedules registered in Redis. */
  #known = false
}

import { timingSafeEqual } from "node:crypto"
import type { IEventBusModuleService, IPaymentModuleService } from "@medusajs/framework/types"
import type { Logger } from "@medusajs/framework/types"
import { WorkflowManager, type WorkflowDefinition } from "@medusajs/framework/orchestration"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import Redis from "ioredis"
import { createServer, type Server } from "node:http"
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client"
import { countEventHandlers, countPaymentFailures, countWorkflowFailures } from "./instrument"
import { RedisWatch, type RedisWatchState, type ScheduledWorkflows } from "./redis-watch"
import { RouteLabeler } from "./route-label"

/** Options of the observability module, passed in `medusa-config.ts`. */
export type ObservabilityOptions = {
  /**
   * Bearer token Prometheus must send to read `/metrics`. Without it `/metrics`
   * answers `404`: counts of routes, orders and errors are not for the public.
   * At least 16 characters.
   * @example process.env.METRICS_TOKEN
   */
  metricsToken?: string
  /**
   * A port of its own on which `/metrics` is served without a token, for
   * scrapers on a private network. The only way to read a worker's metrics:
   * workers serve no API routes.
   */
  metricsPort?: number
  /**
   * Address the metrics port listens on; `0.0.0.0` to reach it from other hosts.
   * @default "127.0.0.1"
   */
  metricsHost?: string
  /**
   * Redis that `/ready` checks, normally the one Medusa uses. Unset: only
   * PostgreSQL is checked.
   * @example process.env.REDIS_URL
   */
  redisUrl?: string
  /**
   * How long `/ready` waits for each dependency before calling it down.
   * @default 1000
   */
  readyTimeoutMs?: number
  /**
   * How often each process looks at Redis (with `redisUrl`): it logs one warning per outage, and
   * a process that runs scheduled jobs registers them again when Redis lost them (flushed, or
   * restarted empty) instead of waiting for its restart.
   * @default 5000
   */
  redisWatchIntervalMs?: number
  /**
   * Version of the API the app serves: in `x-zoco-api-version` on every
   * response and in the OpenAPI document.
   * @default "1"
   */
  apiVersion?: string
  /**
   * One log line per request (method, route template, status, duration, request id).
   * @default true
   */
  accessLog?: boolean
}

/**
 * The event bus is given to every module. The payment module is given only when
 * the module's declaration in `medusa-config.ts` lists it in `dependencies`;
 * without it payment failures are not counted.
 */
type InjectedDependencies = {
  [Modules.EVENT_BUS]?: IEventBusModuleService
  [Modules.PAYMENT]?: IPaymentModuleService
  logger?: Logger
}

export type CheckResult = { ok: true; ms: number } | { ok: false; ms: number; error: string }
export type Readiness = {
  ready: boolean
  checks: Record<string, CheckResult>
  /** With Redis: the outages and losses of data this process has seen. */
  redis?: RedisWatchState
}

/** Medusa's registry of workflows; its type in the orchestration package is `any`. */
const workflows = WorkflowManager as {
  getWorkflows(): Map<string, WorkflowDefinition>
  scheduler: { scheduleWorkflow(workflow: WorkflowDefinition): Promise<void> }
}

/** The scheduled workflows Medusa's job loader registered in this process. */
const medusaSchedules: ScheduledWorkflows = {
  ids: () =>
    [...workflows.getWorkflows().values()].filter((w) => w.options?.schedule).map((w) => w.id),
  reschedule: async (id) => {
    const workflow = workflows.getWorkflows().get(id)
    if (workflow) await workflows.scheduler.scheduleWorkflow(workflow)
  },
}

/** Where processes share the time jobs last ran, and how long it outlives a silent worker. */
const HEARTBEAT_KEY = "zoco:observability:heartbeat"
const HEARTBEAT_TTL_S = 3_600

/** Upper bounds (seconds) of the request duration histogram: 5 ms to 10 s. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/**
 * Holds the process's metrics (its own registry, so two apps in one process do
 * not collide) and the readiness checks. One per process: each server and
 * worker exposes its own numbers for Prometheus to sum.
 */
export default class ObservabilityService {
  readonly options: Required<
    Omit<ObservabilityOptions, "metricsToken" | "redisUrl" | "metricsPort">
  > &
    Pick<ObservabilityOptions, "metricsToken" | "redisUrl" | "metricsPort">
  readonly registry = new Registry()
  readonly routes = new RouteLabeler()
  readonly httpDuration: Histogram<"method" | "route" | "status_code">
  readonly cacheRequests: Counter<"result">
  readonly ordersPlaced: Counter<string>
  readonly jobRuns: Counter<"job">
  readonly lastHeartbeat: Gauge<string>
  readonly eventHandlerRuns: Counter<"event" | "result">
  readonly workflowFailures: Counter<"workflow">
  readonly paymentFailures: Counter<"provider" | "operation">
  readonly #deps: InjectedDependencies
  #stopCountingWorkflows?: () => void
  #metricsServer?: Server
  #redis?: Redis
  #redisWatch?: RedisWatch
  #redisConnected = false
  #lastBeat?: Date

  static validateOptions(options: ObservabilityOptions = {}) {
    if (options.metricsToken !== undefined && options.metricsToken.length < 16) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "observability: metricsToken must be at least 16 characters"
      )
    }
    const port = options.metricsPort
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `observability: metricsPort must be a port number, got ${port}`
      )
    }
    const timeout = options.readyTimeoutMs
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `observability: readyTimeoutMs must be a positive integer, got ${timeout}`
      )
    }
    const interval = options.redisWatchIntervalMs
    if (interval !== undefined && !(Number.isInteger(interval) && interval >= 100)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `observability: redisWatchIntervalMs must be a whole number of milliseconds from 100, got ${interval}`
      )
    }
  }

  constructor(deps: InjectedDependencies, options: ObservabilityOptions = {}) {
    ObservabilityService.validateOptions(options)
    this.#deps = deps
    this.options = {
      metricsToken: options.metricsToken,
      metricsPort: options.metricsPort,
      metricsHost: options.metricsHost ?? "127.0.0.1",
      redisUrl: options.redisUrl,
      readyTimeoutMs: options.readyTimeoutMs ?? 1_000,
      redisWatchIntervalMs: options.redisWatchIntervalMs ?? 5_000,
      accessLog: options.accessLog ?? true,
      apiVersion: options.apiVersion ?? "1",
    }
    collectDefaultMetrics({ register: this.registry })
    this.httpDuration = new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP requests by method, route template and status, with their duration",
      labelNames: ["method", "route", "status_code"],
      buckets: DURATION_BUCKETS,
      registers: [this.registry],
    })
    this.cacheRequests = new Counter({
      name: "zoco_store_cache_requests_total",
      help: "Store API catalog reads by cache result (HIT, MISS, BYPASS)",
      labelNames: ["result"],
      registers: [this.registry],
    })
    this.jobRuns = new Counter({
      name: "zoco_scheduled_job_runs_total",
      help: "Runs of this plugin's heartbeat job: they happen only where scheduled jobs run",
      labelNames: ["job"],
      registers: [this.registry],
    })
    this.lastHeartbeat = new Gauge({
      name: "zoco_worker_heartbeat_timestamp_seconds",
      help: "When the heartbeat job last ran here; alert when it falls behind",
      registers: [this.registry],
    })
    this.ordersPlaced = new Counter({
      name: "zoco_orders_placed_total",
      help: "Orders placed, counted by the process that handled order.placed",
      registers: [this.registry],
    })
    this.eventHandlerRuns = new Counter({
      name: "zoco_event_handler_runs_total",
      help: "Subscriber runs by event and result (ok, failed), counted where subscribers run",
      labelNames: ["event", "result"],
      registers: [this.registry],
    })
    this.workflowFailures = new Counter({
      name: "zoco_workflow_runs_failed_total",
      help: "Workflow runs that failed (compensated or stopped on a failed step), by workflow id",
      labelNames: ["workflow"],
      registers: [this.registry],
    })
    this.paymentFailures = new Counter({
      name: "zoco_payment_failures_total",
      help: "Payment failures by provider and operation (authorize, capture, refund, webhook)",
      labelNames: ["provider", "operation"],
      registers: [this.registry],
    })
    if (this.options.redisUrl) {
      this.#redis = this.#connectRedis(this.options.redisUrl)
      this.#redisWatch = new RedisWatch(
        this.#redis,
        deps.logger ?? console,
        medusaSchedules,
        {
          up: new Gauge({
            name: "zoco_redis_up",
            help: "1 while Redis answers this process, 0 during an outage",
            registers: [this.registry],
          }),
          outages: new Counter({
            name: "zoco_redis_outages_total",
            help: "Redis outages this process has seen",
            registers: [this.registry],
          }),
          dataLosses: new Counter({
            name: "zoco_redis_data_losses_total",
            help: "Times Redis lost this app's schedules (flushed, restarted empty) and this process registered them again",
            registers: [this.registry],
          }),
          clientErrors: new Counter({
            name: "zoco_redis_client_errors_total",
            help: "Connection errors of Medusa's Redis clients, counted instead of printed",
            registers: [this.registry],
          }),
        },
        this.options.redisWatchIntervalMs
      )
    }
    // Medusa builds module services once every module is loaded and before it
    // registers subscribers, so every subscriber is wrapped.
    const eventBus = this.#optional(Modules.EVENT_BUS)
    if (eventBus) {
      countEventHandlers(eventBus, this.eventHandlerRuns)
    }
    this.#stopCountingWorkflows = countWorkflowFailures(this.workflowFailures)
  }

  /** A dependency, or undefined when the module was not given it. */
  #optional<K extends keyof InjectedDependencies>(key: K): InjectedDependencies[K] {
    try {
      return this.#deps[key]
    } catch {
      return undefined
    }
  }

  /** Whether an `Authorization` header carries the metrics token; compared in constant time. */
  /**
   * A gauge of the host app's own on this process's `/metrics`, created on first use: the app
   * need not depend on prom-client to publish a number.
   */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    const existing = this.registry.getSingleMetric(name)
    if (existing) return existing as Gauge<L>
    return new Gauge({ name, help, labelNames, registers: [this.registry] })
  }

  acceptsMetricsToken(authorization: string | undefined) {
    const token = this.options.metricsToken
    const sent = authorization?.match(/^Bearer (.+)$/i)?.[1]
    if (!token || !sent) {
      return false
    }
    const a = Buffer.from(sent)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /**
   * Records a run of the heartbeat job: in this process's metrics and, with Redis, where every
   * process can read it, so a server that runs no jobs can tell whether a worker does.
   */
  async beat(now = new Date()) {
    this.jobRuns.inc({ job: "observability-heartbeat" })
    this.lastHeartbeat.set(now.getTime() / 1000)
    this.#lastBeat = now
    await this.#redis
      ?.set(HEARTBEAT_KEY, now.toISOString(), "EX", HEARTBEAT_TTL_S)
      .catch(() => undefined)
  }

  /**
   * When scheduled jobs last ran: in any process sharing this Redis, or in this process without
   * Redis. Null when none has run (a server of a split setup whose worker is down, or a process
   * that has not run the job yet).
   */
  async lastBeat(): Promise<{ at: string; source: "redis" | "this process" } | null> {
    if (this.#redis) {
      const at = await this.#redis.get(HEARTBEAT_KEY).catch(() => null)
      if (at) return { at, source: "redis" }
    }
    return this.#lastBeat ? { at: this.#lastBeat.toISOString(), source: "this process" } : null
  }

  /** Records one finished request. `cache` is the `x-cache` header the store cache set, if any. */
  observeRequest(method: string, route: string, status: number, seconds: number, cache?: string) {
    this.httpDuration.observe({ method, route, status_code: String(status) }, seconds)
    if (cache) {
      this.cacheRequests.inc({ result: cache })
    }
  }

  /**
   * Checks PostgreSQL with `pingPostgres` and Redis when configured, each
   * within the deadline, in parallel.
   */
  async readiness(pingPostgres: () => Promise<unknown>): Promise<Readiness> {
    const checks: Record<string, Promise<CheckResult>> = {
      postgres: this.#timed(pingPostgres),
    }
    if (this.options.redisUrl) {
      const redis = this.#redis!
      checks.redis = this.#timed(() => redis.ping())
    }
    const results = Object.fromEntries(
      await Promise.all(Object.entries(checks).map(async ([name, p]) => [name, await p] as const))
    )
    // An outage shorter than the watch's interval is still one: /ready saw it.
    const redis = results.redis
    // Not before this connection first opened: a ping while it is still connecting is no outage.
    if (redis && this.#redisWatch && this.#redisConnected) {
      if (redis.ok) this.#redisWatch.markUp()
      else this.#redisWatch.markDown(redis.error)
    }
    return {
      ready: Object.values(results).every((r) => r.ok),
      checks: results,
      ...(this.#redisWatch ? { redis: { ...this.#redisWatch.state } } : {}),
    }
  }

  async #timed(check: () => Promise<unknown>): Promise<CheckResult> {
    const started = performance.now()
    const ms = () => Math.round(performance.now() - started)
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.options.readyTimeoutMs} ms`)),
        this.options.readyTimeoutMs
      )
    })
    try {
      await Promise.race([check(), deadline])
      return { ok: true, ms: ms() }
    } catch (error) {
      return { ok: false, ms: ms(), error: (error as Error).message }
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * A connection of its own, opened at start, so a down Redis fails the check
   * at once (no offline queue) and a Redis that comes back is found again by
   * reconnecting.
   */
  #connectRedis(url: string) {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: this.options.readyTimeoutMs,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    })
    // Failures are reported by /ready; without a listener ioredis would print each one.
    redis.on("error", () => undefined)
    redis.once("ready", () => {
      this.#redisConnected = true
    })
    return redis
  }

  /** Serves `/metrics` on the metrics port; resolves once listening. */
  async listenForMetrics(): Promise<Server | undefined> {
    const port = this.options.metricsPort
    if (port === undefined || this.#metricsServer) {
      return this.#metricsServer
    }
    const server = createServer((req, res) => {
      if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
        res.writeHead(404, { "content-type": "text/plain" }).end("Not found: GET /metrics")
        return
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": this.registry.contentType }).end(text),
        () => res.writeHead(500, { "content-type": "text/plain" }).end("metrics unavailable")
      )
    })
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject)
      server.listen(port, this.options.metricsHost, () => resolve())
    })
    this.#metricsServer = server
    return server
  }

  // Medusa calls these module hooks on start and shutdown.
  __hooks = {
    onApplicationStart: async () => {
      const payment = this.#optional(Modules.PAYMENT)
      if (payment) {
        countPaymentFailures(payment, this.paymentFailures)
      }
      // Medusa drops what a module's start hook throws without a word: a metrics port that
      // cannot be bound is said here, and the Redis watch starts regardless.
      await this.listenForMetrics().catch((error: Error) =>
        (this.#deps.logger ?? console).error(
          `observability: not serving /metrics on ${this.options.metricsHost}:${this.options.metricsPort}: ${error.message}. Choose a free port for metricsPort.`
        )
      )
      await this.#redisWatch?.start()
    },
    onApplicationShutdown: async () => {
      this.#stopCountingWorkflows?.()
      this.#redisWatch?.stop()
      this.#redis?.disconnect()
      await new Promise((resolve) =>
        this.#metricsServer ? this.#metricsServer.close(resolve) : resolve(undefined)
      )
      this.#metricsServer = undefined
    },
  }
}

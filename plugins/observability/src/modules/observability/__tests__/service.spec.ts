import { freePort, hasRedisServer as hasRedis, startRedis } from "@zoco/plugin-kit/testing"
import type { Logger } from "@medusajs/framework/types"
import { createServer } from "http"
import ObservabilityService from "../service"

const TOKEN = "0123456789abcdef0123"

describe("ObservabilityService", () => {
  it("refuses a short metrics token and a bad deadline at start", () => {
    expect(() => new ObservabilityService({}, { metricsToken: "short" })).toThrow(
      "metricsToken must be at least 16 characters"
    )
    expect(() => new ObservabilityService({}, { readyTimeoutMs: 0 })).toThrow("readyTimeoutMs")
  })

  it("accepts only the exact bearer token", () => {
    const service = new ObservabilityService({}, { metricsToken: TOKEN })
    expect(service.acceptsMetricsToken(`Bearer ${TOKEN}`)).toBe(true)
    expect(service.acceptsMetricsToken(`bearer ${TOKEN}`)).toBe(true)
    expect(service.acceptsMetricsToken(`Bearer ${TOKEN}x`)).toBe(false)
    expect(service.acceptsMetricsToken(TOKEN)).toBe(false)
    expect(service.acceptsMetricsToken(undefined)).toBe(false)
    expect(new ObservabilityService({}, {}).acceptsMetricsToken("Bearer ")).toBe(false)
  })

  it("exposes request durations by route template, cache results and process metrics", async () => {
    const service = new ObservabilityService({}, {})
    service.observeRequest("GET", "/store/products/:id", 200, 0.012, "HIT")
    service.observeRequest("GET", "/store/products/:id", 200, 0.3, "MISS")
    service.ordersPlaced.inc()
    const text = await service.registry.metrics()
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/store/products/:id",status_code="200"} 2'
    )
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.025",method="GET",route="/store/products/:id",status_code="200"} 1'
    )
    expect(text).toContain('zoco_store_cache_requests_total{result="HIT"} 1')
    expect(text).toContain("zoco_orders_placed_total 1")
    expect(text).toContain("process_cpu_seconds_total")
  })

  it("serves /metrics without a token on a port of its own, and closes it on shutdown", async () => {
    const port = await freePort()
    const service = new ObservabilityService({}, { metricsPort: port })
    await service.__hooks.onApplicationStart()
    try {
      service.ordersPlaced.inc()
      const res = await fetch(`http://127.0.0.1:${port}/metrics`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain("zoco_orders_placed_total 1")
      expect((await fetch(`http://127.0.0.1:${port}/admin`)).status).toBe(404)
    } finally {
      await service.__hooks.onApplicationShutdown()
    }
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow()
    expect(() => new ObservabilityService({}, { metricsPort: 70_000 })).toThrow("metricsPort")
  })

  it("says so when its metrics port is taken, and still starts", async () => {
    const port = await freePort()
    const taken = createServer().listen(port, "127.0.0.1")
    await new Promise((resolve) => taken.once("listening", resolve))
    const errors: string[] = []
    const logger = { error: (m: string) => errors.push(m), warn: () => undefined }
    const service = new ObservabilityService(
      { logger: logger as unknown as Logger },
      {
        metricsPort: port,
      }
    )
    try {
      await service.__hooks.onApplicationStart()
      expect(errors).toEqual([
        expect.stringMatching(
          new RegExp(`not serving /metrics on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*metricsPort`)
        ),
      ])
    } finally {
      await service.__hooks.onApplicationShutdown()
      await new Promise((resolve) => taken.close(resolve))
    }
  })

  it("knows when its own jobs last ran, and says so when none has", async () => {
    const service = new ObservabilityService({}, {})
    expect(await service.lastBeat()).toBeNull()
    const at = new Date("2026-12-05T10:00:00Z")
    await service.beat(at)
    expect(await service.lastBeat()).toEqual({ at: at.toISOString(), source: "this process" })
    expect(await service.registry.metrics()).toContain(
      `zoco_worker_heartbeat_timestamp_seconds ${at.getTime() / 1000}`
    )
  })

  it("is ready when PostgreSQL answers, and names it when it fails or hangs", async () => {
    const service = new ObservabilityService({}, { readyTimeoutMs: 100 })
    expect(await service.readiness(async () => 1)).toMatchObject({
      ready: true,
      checks: { postgres: { ok: true } },
    })
    expect(
      await service.readiness(async () => {
        throw new Error("connection refused")
      })
    ).toMatchObject({
      ready: false,
      checks: { postgres: { ok: false, error: "connection refused" } },
    })
    expect(await service.readiness(() => new Promise(() => undefined))).toMatchObject({
      ready: false,
      checks: { postgres: { ok: false, error: "no answer within 100 ms" } },
    })
  })
})

// A Redis server of this test's own, so it can be stopped and started again.
if (!hasRedis) {
  console.warn("SKIPPED: observability readiness with Redis (no redis-server on PATH)")
}

;(hasRedis ? describe : describe.skip)("ObservabilityService with Redis", () => {
  it("turns unready when Redis stops and ready again when it is back", async () => {
    const port = await freePort()
    let redis = await startRedis(port)
    const service = new ObservabilityService(
      {},
      { redisUrl: `redis://127.0.0.1:${port}`, readyTimeoutMs: 500 }
    )
    const ping = async () => 1
    try {
      await waitFor(async () => (await service.readiness(ping)).ready)

      await new Promise((resolve) => {
        redis.once("close", resolve)
        redis.kill("SIGKILL")
      })
      const down = await service.readiness(ping)
      expect(down.ready).toBe(false)
      expect(down.checks.postgres.ok).toBe(true)
      expect(down.checks.redis.ok).toBe(false)
      // However short, an outage /ready saw is counted, once.
      expect(down.redis).toMatchObject({ outages: 1, data_losses: 0 })
      expect((await service.readiness(ping)).redis).toMatchObject({ outages: 1 })

      redis = await startRedis(port)
      await waitFor(async () => (await service.readiness(ping)).ready)
    } finally {
      await service.__hooks.onApplicationShutdown()
      redis.kill("SIGKILL")
    }
  }, 30_000)
})

;(hasRedis ? describe : describe.skip)("ObservabilityService heartbeat through Redis", () => {
  it("lets a server that runs no jobs read when a worker last ran them", async () => {
    const port = await freePort()
    const redis = await startRedis(port)
    const options = { redisUrl: `redis://127.0.0.1:${port}` }
    const worker = new ObservabilityService({}, options)
    const server = new ObservabilityService({}, options)
    try {
      for (const s of [worker, server])
        await waitFor(async () => (await s.readiness(async () => 1)).ready)
      expect(await server.lastBeat()).toBeNull()
      const at = new Date()
      await worker.beat(at)
      expect(await server.lastBeat()).toEqual({ at: at.toISOString(), source: "redis" })
    } finally {
      await worker.__hooks.onApplicationShutdown()
      await server.__hooks.onApplicationShutdown()
      redis.kill("SIGKILL")
    }
  }, 30_000)
})

async function waitFor(check: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for readiness")
    await new Promise((r) => setTimeout(r, 100))
  }
}

import { spawnSync } from "child_process"
import Redis from "ioredis"
import path from "path"
import { Counter, Gauge, Registry } from "prom-client"
import { freePort, hasRedisServer, startRedis, stopRedis } from "@zoco/plugin-kit/testing"
import { RedisWatch, SCHEDULES_KEY } from "../redis-watch"

const FIXTURE = path.join(__dirname, "../../../__fixtures__/medusa-like-redis-client.ts")

if (!hasRedisServer) {
  console.warn("SKIPPED: the Redis watch (no redis-server on PATH)")
}

function metrics() {
  const registers = [new Registry()]
  return {
    up: new Gauge({ name: "up", help: "-", registers }),
    outages: new Counter({ name: "outages", help: "-", registers }),
    dataLosses: new Counter({ name: "losses", help: "-", registers }),
    clientErrors: new Counter({ name: "client_errors", help: "-", registers }),
  }
}

/** Stands in for Medusa's scheduler: what was registered, and when. */
function schedules(ids: string[]) {
  const registered: string[] = []
  return {
    registered,
    ids: () => ids,
    reschedule: async (id: string) => {
      registered.push(id)
    },
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

;(hasRedisServer ? describe : describe.skip)("RedisWatch", () => {
  let port: number
  let server: Awaited<ReturnType<typeof startRedis>>
  let client: Redis
  const logger = { warn: jest.fn(), info: jest.fn() }

  beforeEach(async () => {
    port = await freePort()
    server = await startRedis(port)
    client = new Redis(port, { enableOfflineQueue: false, maxRetriesPerRequest: 0 })
    client.on("error", () => undefined)
    logger.warn.mockReset()
    logger.info.mockReset()
  })

  afterEach(async () => {
    client.disconnect()
    await stopRedis(server)
  })

  it("registers the schedules again when Redis is flushed under it, with one warning", async () => {
    const jobs = schedules(["reconcile-payments", "observability-heartbeat"])
    const m = metrics()
    const watch = new RedisWatch(client, logger, jobs, m, 60_000)
    try {
      await until("a connection", () => client.status === "ready")
      // A new Redis: the schedules Medusa registered at start are marked, not registered twice.
      await watch.start()
      expect(await client.get(SCHEDULES_KEY)).not.toBeNull()
      expect(jobs.registered).toEqual(["reconcile-payments", "observability-heartbeat"])
      jobs.registered.length = 0
      await watch.check()
      expect(jobs.registered).toEqual([])
      expect(logger.warn).not.toHaveBeenCalled()

      const admin = new Redis(port)
      await admin.flushall()
      admin.disconnect()
      await watch.check()
      expect(jobs.registered).toEqual(["reconcile-payments", "observability-heartbeat"])
      expect(await client.get(SCHEDULES_KEY)).not.toBeNull()
      expect(logger.warn).toHaveBeenCalledTimes(1)
      expect(logger.warn.mock.calls[0][0]).toMatch(/^Redis lost its data/)
      expect(watch.state).toMatchObject({ data_losses: 1, outages: 0 })
      expect(watch.state.schedules_restored_at).toEqual(expect.any(String))
      expect((await m.dataLosses.get()).values[0].value).toBe(1)

      // Once is enough: the key is back.
      await watch.check()
      expect(jobs.registered).toHaveLength(2)
    } finally {
      watch.stop()
    }
  })

  it("a process without scheduled jobs (a server) registers nothing and marks nothing", async () => {
    const jobs = schedules([])
    const watch = new RedisWatch(client, logger, jobs, metrics(), 60_000)
    try {
      await until("a connection", () => client.status === "ready")
      await watch.start()
      expect(await client.get(SCHEDULES_KEY)).toBeNull()
      expect(logger.warn).not.toHaveBeenCalled()
    } finally {
      watch.stop()
    }
  })

  it("a Redis outage is one warning and one line when it is back, however many clients fail; a restart without data restores the schedules", async () => {
    const jobs = schedules(["observability-heartbeat"])
    const m = metrics()
    const watch = new RedisWatch(client, logger, jobs, m, 100)
    try {
      await until("a connection", () => client.status === "ready")
      await watch.start()
      await stopRedis(server)
      await until("the outage warning", () => logger.warn.mock.calls.length > 0)
      // Many looks at a Redis that is down, one warning.
      await new Promise((r) => setTimeout(r, 500))
      expect(logger.warn).toHaveBeenCalledTimes(1)
      expect(logger.warn.mock.calls[0][0]).toMatch(/^Redis is not answering/)
      expect((await m.up.get()).values[0].value).toBe(0)
      expect(watch.state.outages).toBe(1)

      server = await startRedis(port)
      await until("Redis to be back", () => logger.info.mock.calls.length > 0)
      await until("the schedules to be registered again", () => jobs.registered.length === 2)
      // The warning follows the registration once the mark is written back to Redis.
      await until("the data-loss warning", () => logger.warn.mock.calls.length >= 2)
      expect(logger.info.mock.calls[0][0]).toMatch(/^Redis answers again after about \d+ s$/)
      expect(logger.warn).toHaveBeenCalledTimes(2)
      expect(logger.warn.mock.calls[1][0]).toMatch(/^Redis lost its data/)
      expect((await m.up.get()).values[0].value).toBe(1)
      expect((await m.outages.get()).values[0].value).toBe(1)
    } finally {
      watch.stop()
    }
  }, 30_000)

  it("Medusa's listener-less clients print nothing while Redis is down: their errors are counted", async () => {
    const nobody = await freePort()
    const run = (mode: string) =>
      spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", FIXTURE, String(nobody), mode],
        {
          encoding: "utf8",
          timeout: 30_000,
        }
      )
    // Without the watch, ioredis prints a stack for every failed reconnection.
    const unwatched = run("unwatched")
    expect(unwatched.stderr).toContain("[ioredis] Unhandled error event")

    const watched = run("watched")
    expect(watched.stderr).not.toContain("[ioredis] Unhandled error event")
    const warnings = watched.stdout.split("\n").filter((l) => l.startsWith("WARN "))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^WARN Redis is not answering/)
    expect(Number(watched.stdout.match(/COUNTED (\d+)/)?.[1])).toBeGreaterThan(5)
  }, 60_000)

  it("gives console.error back once it stops", () => {
    const before = console.error
    const watch = new RedisWatch(client, logger, schedules([]), metrics(), 60_000)
    void watch.start()
    expect(console.error).not.toBe(before)
    watch.stop()
    expect(console.error).toBe(before)
  })
})

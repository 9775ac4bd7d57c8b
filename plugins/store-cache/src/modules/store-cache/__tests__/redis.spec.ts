import type { ChildProcess } from "child_process"
import { freePort, hasRedisServer, startRedis, stopRedis } from "@zoco/plugin-kit/testing"
import StoreCacheService from "../service"
import type { CachedResponse } from "../storage"

// A Redis server of this test's own, so it can be stopped and started again mid-test.
if (!hasRedisServer) {
  console.warn("SKIPPED: store-cache Redis tests (no redis-server on PATH)")
}
const suite = hasRedisServer ? describe : describe.skip

const until = async (check: () => Promise<boolean>) => {
  const deadline = Date.now() + 10_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out")
    await new Promise((r) => setTimeout(r, 50))
  }
}

const entry: CachedResponse = {
  body: Buffer.from('{"products":[],"note":"a line\\nand ü"}'),
  etag: '"e"',
  contentType: "application/json; charset=utf-8",
  storedAt: 0,
}

suite("store-cache on Redis", () => {
  let port: number
  let redis: ChildProcess
  let cache: StoreCacheService
  const warn = jest.fn()

  beforeAll(async () => {
    port = await freePort()
    redis = await startRedis(port)
    cache = new StoreCacheService(
      { logger: { warn } as never },
      { redisUrl: `redis://127.0.0.1:${port}` }
    )
    await until(async () => (await cache.keyFor("probe", ["product"])) !== undefined)
  })

  afterAll(async () => {
    await cache.__hooks.onApplicationShutdown()
    if (redis.exitCode === null) await stopRedis(redis)
  })

  it("shares entries and generations through Redis with another instance", async () => {
    const other = new StoreCacheService({}, { redisUrl: `redis://127.0.0.1:${port}` })
    await until(async () => (await other.keyFor("probe", ["product"])) !== undefined)
    const key = (await cache.keyFor("req", ["product"]))!
    await cache.set(key, entry)
    expect(await other.get((await other.keyFor("req", ["product"]))!)).toEqual(entry)
    await other.invalidateForEvent("product.updated")
    const bumped = await cache.keyFor("req", ["product"])
    expect(bumped).not.toBe(key)
    // An admin's invalidation from either instance reaches the other.
    await expect(other.invalidate(["product"])).resolves.toBe(true)
    expect(await cache.keyFor("req", ["product"])).not.toBe(bumped)
    await other.__hooks.onApplicationShutdown()
  })

  it("passes through while Redis is down, and starts afresh when it is back", async () => {
    const key = (await cache.keyFor("req2", ["region"]))!
    await cache.set(key, entry)
    expect(await cache.get(key)).toEqual(entry)

    await stopRedis(redis)
    // Nothing throws and nothing is served: the middleware asks Medusa instead.
    await until(async () => (await cache.keyFor("req2", ["region"])) === undefined)
    expect(await cache.get(key)).toBeUndefined()
    await expect(cache.set(key, entry)).resolves.toBeUndefined()
    // It says it could not invalidate (the admin route answers 503), and does not throw.
    await expect(cache.invalidate(["region"])).resolves.toBe(false)
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/answering from Medusa meanwhile/))

    // Changes made while Redis was away were never recorded: everything is a miss again.
    redis = await startRedis(port)
    await until(async () => {
      const now = await cache.keyFor("req2", ["region"])
      return now !== undefined && now !== key
    })
  })
})

import { entrySize, MemoryStorage, type CachedResponse } from "../storage"
import StoreCacheService from "../service"

const entry = (body: string): CachedResponse => ({
  body: Buffer.from(body),
  etag: '"x"',
  contentType: "application/json; charset=utf-8",
  storedAt: Date.now(),
})

describe("in-process storage", () => {
  it("keeps 10,000 distinct keys within its byte bound", async () => {
    const maxBytes = 1024 * 1024
    const storage = new MemoryStorage(maxBytes)
    const body = (i: number) => `{"products":[${"1,".repeat(50 + (i % 200))}1]}`
    for (let i = 0; i < 10_000; i++) {
      await storage.set(`key-${i}`, entry(body(i)), 60)
    }
    expect(storage.size).toBeLessThanOrEqual(maxBytes * 1.1)
    expect(storage.count).toBeGreaterThan(100)
    expect(storage.count).toBeLessThan(10_000)
    // The newest entries stay; the least recently used went first.
    expect((await storage.get("key-9999"))?.body.toString()).toBe(body(9999))
    expect(await storage.get("key-0")).toBeUndefined()
  })

  it("counts bodies in bytes, not characters", () => {
    expect(entrySize("k", entry("ü")) - entrySize("k", entry("u"))).toBe(1)
  })

  it("moves each namespace to a new generation", async () => {
    const storage = new MemoryStorage(1024)
    expect(await storage.generations(["product", "pricing"])).toEqual([0, 0])
    await storage.bump(["product"])
    expect(await storage.generations(["product", "pricing"])).toEqual([1, 0])
  })
})

describe("StoreCacheService", () => {
  it("refuses options that make no sense", () => {
    expect(() => StoreCacheService.validateOptions({ maxBytes: -1 })).toThrow(
      /`maxBytes` must be a whole number from 0/
    )
    expect(() => StoreCacheService.validateOptions({ ttlSeconds: 1.5 })).toThrow(/ttlSeconds/)
  })

  it("runs one producer for concurrent callers of a cold key", async () => {
    const cache = new StoreCacheService({}, {})
    let produced = 0
    let release: (v: CachedResponse) => void = () => undefined
    const produce = () => {
      produced++
      return new Promise<CachedResponse | undefined>((resolve) => (release = resolve))
    }
    const flights = await Promise.all(Array.from({ length: 100 }, () => cache.once("k", produce)))
    expect(produced).toBe(1)
    expect(flights.filter((f) => f.leader)).toHaveLength(1)
    release(entry("{}"))
    const values = await Promise.all(flights.map((f) => f.value))
    expect(new Set(values).size).toBe(1)
    // Once settled, the next caller starts a new flight.
    expect((await cache.once("k", produce)).leader).toBe(true)
  })

  it("changes a request's full key when an event invalidates what it reads", async () => {
    const cache = new StoreCacheService({}, {})
    const before = await cache.keyFor("req", ["product", "pricing"])
    expect(await cache.invalidateForEvent("order.placed")).toEqual([])
    expect(await cache.keyFor("req", ["product", "pricing"])).toBe(before)
    expect(await cache.invalidateForEvent("pricing.price.updated")).toEqual(["pricing"])
    expect(await cache.keyFor("req", ["product", "pricing"])).not.toBe(before)
    expect(await cache.keyFor("req", ["region"])).toBe("req:0")
  })
})

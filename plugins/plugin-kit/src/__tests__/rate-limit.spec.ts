import type { MedusaResponse } from "@medusajs/framework/http"
import { randomUUID } from "node:crypto"
import { consumeOrRefuse, createRateLimiter, limiterRedis } from "../rate-limit"

/** Just what `consumeOrRefuse` writes: status, headers and body. */
function response() {
  const sent = { status: 200, headers: {} as Record<string, string>, body: undefined as unknown }
  const res = {
    setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
    status: (code: number) => {
      sent.status = code
      return res
    },
    json: (body: unknown) => (sent.body = body),
  }
  return { res: res as unknown as MedusaResponse, sent }
}

const message = (seconds: number) => `Slow down for ${seconds} s.`

it("lets `points` requests through, then answers 429 with Retry-After and the message", async () => {
  const limiter = createRateLimiter(`test:${randomUUID()}`, { points: 2, seconds: 60 })
  for (let i = 0; i < 2; i++) {
    expect(await consumeOrRefuse(limiter, "ann", response().res, message)).toBe(true)
  }
  const { res, sent } = response()
  expect(await consumeOrRefuse(limiter, "ann", res, message)).toBe(false)
  expect(sent.status).toBe(429)
  expect(Number(sent.headers["retry-after"])).toBeGreaterThanOrEqual(59)
  expect(sent.body).toEqual({
    type: "too_many_requests",
    message: expect.stringMatching(/^Slow down for \d+ s\.$/),
  })
  // Another key has its own count.
  expect(await consumeOrRefuse(limiter, "bob", response().res, message)).toBe(true)
})

it("still limits, in the process's memory, when Redis cannot be reached", async () => {
  const redis = limiterRedis("redis://127.0.0.1:1")
  try {
    const limiter = createRateLimiter(`test:${randomUUID()}`, { points: 1, seconds: 60 }, redis)
    expect(await consumeOrRefuse(limiter, "ann", response().res, message)).toBe(true)
    expect(await consumeOrRefuse(limiter, "ann", response().res, message)).toBe(false)
  } finally {
    redis.disconnect()
  }
})

const redisUrl = process.env.ZOCO_TEST_REDIS_URL
if (!redisUrl) console.warn("SKIPPED: shared rate limits (ZOCO_TEST_REDIS_URL is not set)")
;(redisUrl ? it : it.skip)("two processes share one count through Redis", async () => {
  const name = `test:${randomUUID()}`
  const [a, b] = [limiterRedis(redisUrl!), limiterRedis(redisUrl!)]
  try {
    const first = createRateLimiter(name, { points: 2, seconds: 60 }, a)
    const second = createRateLimiter(name, { points: 2, seconds: 60 }, b)
    expect(await consumeOrRefuse(first, "ann", response().res, message)).toBe(true)
    expect(await consumeOrRefuse(second, "ann", response().res, message)).toBe(true)
    expect(await consumeOrRefuse(first, "ann", response().res, message)).toBe(false)
  } finally {
    a.disconnect()
    b.disconnect()
  }
})

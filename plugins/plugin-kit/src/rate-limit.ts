import type { MedusaResponse } from "@medusajs/framework/http"
import Redis from "ioredis"
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible"

/** A limiter, as `createRateLimiter` makes it. */
export type RateLimiter = RateLimiterAbstract

/** At most `points` requests per `seconds`. */
export type Limit = { points: number; seconds: number }

/**
 * A connection for limiters. Commands queue while it opens; a Redis that is down answers within
 * a second, and the limiters' memory fallback takes over.
 */
export function limiterRedis(url: string) {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1_000 })
  redis.on("error", () => undefined)
  return redis
}

/**
 * A limiter named `name` (its keys start `zoco:<name>:`). With `redis`, every process shares the
 * count, and a process that cannot reach Redis counts in its own memory rather than letting
 * requests through unlimited; without it, each process counts alone.
 */
export function createRateLimiter(name: string, limit: Limit, redis?: Redis): RateLimiterAbstract {
  const options = { keyPrefix: `zoco:${name}`, points: limit.points, duration: limit.seconds }
  return redis
    ? new RateLimiterRedis({
        ...options,
        storeClient: redis,
        insuranceLimiter: new RateLimiterMemory(options),
      })
    : new RateLimiterMemory(options)
}

/**
 * Counts one request for `key`. Over the limit, answers `429` with `Retry-After` and
 * `message(seconds)`, and returns false; an error of the limiter itself is thrown.
 */
export async function consumeOrRefuse(
  limiter: RateLimiterAbstract,
  key: string,
  res: MedusaResponse,
  message: (seconds: number) => string
): Promise<boolean> {
  try {
    await limiter.consume(key)
    return true
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
    res.setHeader("Retry-After", String(seconds))
    res.status(429).json({ type: "too_many_requests", message: message(seconds) })
    return false
  }
}

import type {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import Redis from "ioredis"
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible"
import { reviews } from "./helpers"

let limiter: RateLimiterAbstract | undefined

/** Shared through Redis when the module has it; each process counts alone otherwise. */
function getLimiter(options: { points: number; seconds: number }, redisUrl: string) {
  if (!limiter) {
    const base = {
      keyPrefix: "zoco:reviews:post",
      points: options.points,
      duration: options.seconds,
    }
    if (redisUrl) {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1_000 })
      redis.on("error", () => undefined)
      // A Redis that is down must not stop reviews: each process falls back to its own count.
      limiter = new RateLimiterRedis({
        ...base,
        storeClient: redis,
        insuranceLimiter: new RateLimiterMemory(base),
      })
    } else {
      limiter = new RateLimiterMemory(base)
    }
  }
  return limiter
}

/** Refuses a customer's post beyond the module's `rateLimit` with a 429 and `Retry-After`. */
export async function limitReviewPosts(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const { rateLimit, redisUrl } = reviews(req).options
  if (rateLimit === false) return next()
  // Runs after `authenticate`, which set the customer.
  const customerId = (req as AuthenticatedMedusaRequest).auth_context.actor_id
  try {
    await getLimiter(rateLimit, redisUrl).consume(`customer:${customerId}`)
    next()
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) {
      return next(rejection)
    }
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
    res.setHeader("Retry-After", String(seconds))
    res.status(429).json({
      type: "too_many_requests",
      message: `You have posted ${rateLimit.points} reviews recently. Try again in ${seconds} seconds.`,
    })
  }
}

import type {
  AuthenticatedMedusaRequest,
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import {
  consumeOrRefuse,
  createRateLimiter,
  limiterRedis,
  type RateLimiter,
} from "@zoco/plugin-kit/rate-limit"
import { reviews } from "./helpers"

/** One limiter per limit in use (Settings › Zoco can change it); in Redis they count in the same keys. */
const limiters = new Map<string, RateLimiter>()
let redis: ReturnType<typeof limiterRedis> | undefined

/**
 * Refuses a customer's post beyond the limit in force (Settings › Zoco, else the module's
 * `rateLimit`) with a 429 and `Retry-After`.
 */
export async function limitReviewPosts(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const service = reviews(req)
  const { redisUrl } = service.options
  // Runs after `authenticate`, which set the customer.
  const customerId = (req as AuthenticatedMedusaRequest).auth_context.actor_id
  try {
    const { rate_limit: rateLimit } = await service.rules()
    if (rateLimit === false) return next()
    const key = `${rateLimit.points}/${rateLimit.seconds}`
    let limiter = limiters.get(key)
    if (!limiter) {
      // Shared through Redis when the module has it; a Redis that is down must not stop reviews.
      if (redisUrl) redis ??= limiterRedis(redisUrl)
      limiter = createRateLimiter("reviews:post", rateLimit, redis)
      limiters.set(key, limiter)
    }
    const allowed = await consumeOrRefuse(
      limiter,
      `customer:${customerId}`,
      res,
      (seconds) =>
        `You have posted ${rateLimit.points} review${rateLimit.points === 1 ? "" : "s"} recently. Try again in ${seconds} seconds.`
    )
    if (allowed) next()
  } catch (error) {
    next(error)
  }
}

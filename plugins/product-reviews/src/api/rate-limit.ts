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

let limiter: RateLimiter | undefined

/** Refuses a customer's post beyond the module's `rateLimit` with a 429 and `Retry-After`. */
export async function limitReviewPosts(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const { rateLimit, redisUrl } = reviews(req).options
  if (rateLimit === false) return next()
  // Shared through Redis when the module has it; a Redis that is down must not stop reviews.
  limiter ??= createRateLimiter(
    "reviews:post",
    rateLimit,
    redisUrl ? limiterRedis(redisUrl) : undefined
  )
  // Runs after `authenticate`, which set the customer.
  const customerId = (req as AuthenticatedMedusaRequest).auth_context.actor_id
  try {
    const allowed = await consumeOrRefuse(
      limiter,
      `customer:${customerId}`,
      res,
      (seconds) =>
        `You have posted ${rateLimit.points} reviews recently. Try again in ${seconds} seconds.`
    )
    if (allowed) next()
  } catch (error) {
    next(error)
  }
}

import { MedusaError } from "@medusajs/framework/utils"

/** Options of the product-review module, passed in `medusa-config.ts`. */
export type ProductReviewOptions = {
  /**
   * Publish reviews by customers who bought the product without moderation. Others always wait
   * for a merchant.
   * @default false
   */
  autoApproveVerified?: boolean
  /**
   * How many reviews (new or edited) one customer may post per period; `false` for no limit.
   * @default { points: 5, seconds: 3600 }
   */
  rateLimit?: { points: number; seconds: number } | false
  /**
   * Redis for the rate limit, so every server counts the same posts. Unset: each process counts
   * on its own.
   * @example process.env.REDIS_URL
   */
  redisUrl?: string
}

const positiveInt = (n: unknown) => Number.isInteger(n) && (n as number) > 0

export function validateOptions(options: ProductReviewOptions) {
  const fail = (message: string) => {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `product-review: ${message}`)
  }
  const limit = options.rateLimit
  if (
    limit !== undefined &&
    limit !== false &&
    !(positiveInt(limit.points) && positiveInt(limit.seconds))
  ) {
    fail("rateLimit needs positive integer points and seconds")
  }
}

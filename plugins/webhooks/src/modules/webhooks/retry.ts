/** When and how often a failed delivery is tried again. */
export type RetryPolicy = {
  /** Attempts in all, the first included; then the delivery is dead. */
  maxAttempts: number
  /** Wait before the second attempt; each later wait doubles. */
  baseDelayMs: number
  /** No wait is longer than this. */
  maxDelayMs: number
}

/** 14 attempts over about a day: 30 s, 1 min, 2 min … then every 6 hours. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 14,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
}

/**
 * The wait after `attempts` failed attempts, with ±20% jitter so endpoints that failed together
 * are not retried together.
 */
export function retryDelayMs(attempts: number, policy: RetryPolicy, random = Math.random) {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempts - 1)
  const capped = Math.min(exponential, policy.maxDelayMs)
  return Math.round(capped * (0.8 + 0.4 * random()))
}

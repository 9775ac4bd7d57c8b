import { asValue } from "@medusajs/framework/awilix"
import type { LoaderOptions } from "@medusajs/framework/types"

/** Options of Zoco's locking providers (their `options` in `medusa-config.ts`). */
export type LockLimits = {
  /**
   * Longest, in seconds, that any lock lives before it lapses, whatever its caller asked for; a
   * lock asked for without an expiry lapses then too. It bounds how long the keys a crashed
   * process held stay taken (Medusa's cart completion asks for 120 s). A live holder that keeps
   * a lock longer than this can lose it, so keep it above the slowest cart completion.
   * @default undefined (each caller's own expiry)
   */
  maxTtlSeconds?: number
  /**
   * How long, in seconds, `execute` waits for a lock its caller names no wait for. Medusa's
   * stock reservation names none; with 5 s, buyers queued for the last units of an item were
   * turned away with a 409 saying nothing of stock, each failure undoing a completion half-way.
   * Waiting longer gives each the real answer: an order, or "not enough stock".
   * @default 5 (Medusa's)
   */
  waitSeconds?: number
}

const REGISTRATION = "zocoLockLimits"

/**
 * Medusa hands a locking provider's own options to its loaders only (its constructor gets the
 * Locking module's), so the provider's limits reach its service through the container.
 */
export async function lockLimitsLoader({ container, options }: LoaderOptions<LockLimits>) {
  container.register(
    REGISTRATION,
    asValue({ maxTtlSeconds: options?.maxTtlSeconds, waitSeconds: options?.waitSeconds })
  )
}

/** The limits `lockLimitsLoader` registered; none when the provider was built without it. */
export function lockLimitsOf(cradle: Record<string, unknown>): LockLimits {
  try {
    return (cradle[REGISTRATION] as LockLimits | undefined) ?? {}
  } catch {
    // Awilix throws for a registration that does not exist.
    return {}
  }
}

/** How long `execute` waits: the caller's wait, else the provider's `waitSeconds`, else Medusa's 5 s. */
export function executeWait(timeout: number | undefined, limits: LockLimits | undefined): number {
  const asked = Number(timeout ?? limits?.waitSeconds ?? 5)
  return Number.isFinite(asked) && asked >= 1 ? asked : 1
}

/** The expiry to ask the lock store for: the caller's, bounded by `maxTtlSeconds`. */
export function boundedExpire(
  expire: number | undefined,
  limits: LockLimits | undefined
): number | undefined {
  const max = limits?.maxTtlSeconds
  if (!max) return expire
  const asked = Number(expire)
  return asked > 0 ? Math.min(asked, max) : max
}

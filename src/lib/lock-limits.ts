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
}

const REGISTRATION = "zocoLockLimits"

/**
 * Medusa hands a locking provider's own options to its loaders only (its constructor gets the
 * Locking module's), so the provider's limits reach its service through the container.
 */
export async function lockLimitsLoader({ container, options }: LoaderOptions<LockLimits>) {
  container.register(REGISTRATION, asValue({ maxTtlSeconds: options?.maxTtlSeconds }))
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

/** Options of Zoco's locking providers (module options in `medusa-config.ts`). */
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

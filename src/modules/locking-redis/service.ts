import type { ILockingProvider } from "@medusajs/framework/types"
import RedisLocking from "@medusajs/medusa/locking-redis"
import { boundedExpire, executeWait, lockLimitsOf, type LockLimits } from "../../lib/lock-limits"

type AcquireArgs = { ownerId?: string; expire?: number; awaitQueue?: boolean }
type ExecuteArgs = { timeout?: number; expire?: number }

const MedusaRedisLock = RedisLocking.services[0] as unknown as new (
  cradle: Record<string, unknown>,
  options: Record<string, unknown>
) => ILockingProvider

/**
 * Medusa's Redis locking, with every lock's lifetime bounded by `maxTtlSeconds`: the carts a
 * crashed process was completing are locked for that long instead of the two minutes Medusa's
 * cart completion asks for; and `execute` waits `waitSeconds` when its caller names no wait.
 * Without the options it is Medusa's provider unchanged.
 */
export class BoundedRedisLockingProvider extends MedusaRedisLock {
  static identifier = "locking-redis"
  readonly #limits: LockLimits

  constructor(cradle: Record<string, unknown>, options: Record<string, unknown>) {
    super(cradle, options)
    this.#limits = lockLimitsOf(cradle)
  }

  override acquire(keys: string | string[], args?: AcquireArgs): Promise<void> {
    return super.acquire(keys, { ...args, expire: boundedExpire(args?.expire, this.#limits) })
  }

  override execute<T>(
    keys: string | string[],
    job: (signal?: AbortSignal) => Promise<T>,
    args?: ExecuteArgs
  ): Promise<T> {
    // Medusa renews the lease every third of `expire` (60 s unless asked), so a bounded lease
    // stays alive as long as the job runs.
    const expire = boundedExpire(args?.expire ?? 60, this.#limits)
    return super.execute(keys, job, {
      ...args,
      expire,
      timeout: executeWait(args?.timeout, this.#limits),
    })
  }
}

import type { ILockingProvider } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import PostgresLocking from "@medusajs/medusa/locking-postgres"
import { randomUUID } from "crypto"
import { setTimeout as sleep } from "timers/promises"
import { boundedExpire, executeWait, lockLimitsOf, type LockLimits } from "../../lib/lock-limits"

type AcquireArgs = { ownerId?: string | null; expire?: number }
type Manager = { execute(sql: string, params?: unknown[]): Promise<unknown> }

/** The shape of Medusa's PostgreSQL locking provider that this class builds on. */
type MedusaPostgresLock = ILockingProvider & { getManager(): Manager }

const MedusaPostgresLock = PostgresLocking.services[0] as unknown as new (
  cradle: Record<string, unknown>,
  options?: Record<string, unknown>
) => MedusaPostgresLock

/**
 * Medusa's PostgreSQL locking, without its failure modes:
 *
 * - `execute` waited for a lock inside an open transaction, holding a pooled
 *   connection while blocked. About as many concurrent checkouts as the pool
 *   has connections filled the pool with waiters, and the holder's own job
 *   could then never get a connection: the server stopped answering.
 *   Here waiting polls the `locking` table and holds no connection.
 * - A lock whose holder died stayed taken forever, because an expired row was
 *   never taken over. Here an expired lock is taken over.
 * - Two callers without an owner id could both acquire one key (see acquire).
 *
 * With `maxTtlSeconds`, no lock lives longer than that (see LockLimits).
 */
export class NonBlockingPostgresLockingProvider extends MedusaPostgresLock {
  static identifier = "locking-postgres-nonblocking"
  readonly #limits: LockLimits

  constructor(cradle: Record<string, unknown>, options?: Record<string, unknown>) {
    super(cradle, options)
    this.#limits = lockLimitsOf(cradle)
  }

  /**
   * One atomic statement for all keys: take each key that is free, expired, or already ours (then
   * refresh it). Medusa's version reads, then inserts, key by key, and on a duplicate key compared
   * owners loosely, so two callers without an owner id (as cart completion locks) both believed
   * they held the lock. If any key is held by someone else, the keys this call took are given back.
   */
  override async acquire(keys: string | string[], args?: AcquireArgs): Promise<void> {
    const all = distinctSorted(keys)
    if (all.length === 0) return
    const ownerId = args?.ownerId ?? null
    const expire =
      boundedExpire(args?.expire ? Number(args.expire) : undefined, this.#limits) ?? null
    const rows = (await this.getManager().execute(
      `INSERT INTO locking (id, owner_id, expiration)
       SELECT key, ?, NOW() + (?::float * INTERVAL '1 second')
         FROM unnest(ARRAY[?]::text[]) AS key
       ON CONFLICT (id) DO UPDATE SET
         owner_id = EXCLUDED.owner_id,
         expiration = CASE
           WHEN EXCLUDED.expiration IS NOT NULL THEN EXCLUDED.expiration
           WHEN locking.owner_id = EXCLUDED.owner_id THEN locking.expiration
           ELSE NULL
         END
       WHERE (locking.expiration IS NOT NULL AND locking.expiration <= NOW())
          OR (locking.owner_id IS NOT NULL AND locking.owner_id = EXCLUDED.owner_id)
       RETURNING id`,
      [ownerId, expire, all]
    )) as { id: string }[]
    if (rows.length === all.length) return
    const taken = new Set(rows.map((r) => r.id))
    if (taken.size > 0) {
      await this.release([...taken], { ownerId }).catch(() => undefined)
    }
    const busy = all.find((key) => !taken.has(key))
    throw new MedusaError(MedusaError.Types.CONFLICT, `Failed to acquire lock for key "${busy}"`)
  }

  /**
   * Gives back the keys this owner holds, in one statement. True when every key was held by the
   * owner and none had expired, as Medusa's provider answers.
   */
  override async release(keys: string | string[], args?: { ownerId?: string | null }) {
    const all = distinctSorted(keys)
    if (all.length === 0) return true
    const rows = (await this.getManager().execute(
      `DELETE FROM locking
        WHERE id = ANY(ARRAY[?]::text[]) AND owner_id IS NOT DISTINCT FROM ?
        RETURNING (expiration IS NULL OR expiration > NOW()) AS live`,
      [all, args?.ownerId ?? null]
    )) as { live: boolean }[]
    return rows.length === all.length && rows.every((r) => r.live)
  }

  override async execute<T>(
    keys: string | string[],
    job: (signal?: AbortSignal) => Promise<T>,
    args?: { timeout?: number; expire?: number }
  ): Promise<T> {
    const all = distinctSorted(keys)
    const timeoutSeconds = executeWait(args?.timeout, this.#limits)
    // Bounded before the renewal interval is derived from it, so the lease never lapses between.
    const expireSeconds = boundedExpire(
      Math.max(Number(args?.expire ?? 60) || 60, 1),
      this.#limits
    ) as number
    const ownerId = `execute:${randomUUID()}`
    const deadline = Date.now() + timeoutSeconds * 1000

    let backoff = 10
    while (!(await this.tryAcquire(all, ownerId, expireSeconds))) {
      if (Date.now() >= deadline) {
        // A conflict the caller may retry (409), not a server fault.
        throw new MedusaError(
          MedusaError.Types.CONFLICT,
          `Timed out after ${timeoutSeconds}s waiting for a lock held by another request.`
        )
      }
      await sleep(backoff + Math.random() * backoff)
      backoff = Math.min(backoff * 2, 200)
    }

    // Keep the lease alive while the job runs; tell the job if it was lost.
    const lost = new AbortController()
    const renewal = setInterval(
      () => {
        this.acquire(all, { ownerId, expire: expireSeconds }).catch((error: Error) =>
          lost.abort(error)
        )
      },
      Math.max((expireSeconds * 1000) / 3, 1000)
    )
    try {
      const result = await job(lost.signal)
      if (lost.signal.aborted) {
        throw lost.signal.reason
      }
      return result
    } finally {
      clearInterval(renewal)
      await this.release(all, { ownerId }).catch(() => undefined)
    }
  }

  private async tryAcquire(keys: string[], ownerId: string, expire: number): Promise<boolean> {
    try {
      // All or nothing: a busy key makes acquire give back the others.
      await this.acquire(keys, { ownerId, expire })
      return true
    } catch {
      return false
    }
  }
}

/** Each key once, sorted, so two callers locking overlapping sets cannot each hold half. */
function distinctSorted(keys: string | string[]): string[] {
  return [...new Set(Array.isArray(keys) ? keys : [keys])].sort()
}

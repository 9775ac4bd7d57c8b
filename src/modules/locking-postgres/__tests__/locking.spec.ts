import { MedusaError } from "@medusajs/framework/utils"
import { setTimeout as sleep } from "timers/promises"
import { lockingTestRunner } from "./runner"

jest.setTimeout(60_000)

/** The error a caller gets for a key someone else holds: a conflict (409), not a server fault. */
async function conflict(promise: Promise<unknown>): Promise<MedusaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(MedusaError)
  expect((error as MedusaError).type).toBe(MedusaError.Types.CONFLICT)
  return error as MedusaError
}

lockingTestRunner(undefined, ({ service: locks }) => {
  describe("PostgreSQL locks that do not block a connection while waiting", () => {
    it("gives a key to one owner at a time, and back only by that owner", async () => {
      await locks.acquire("cart_1", { ownerId: "a" })
      await locks.acquire("cart_1", { ownerId: "a" }) // the holder refreshes its own lock
      const refused = await conflict(locks.acquire("cart_1", { ownerId: "b" }))
      expect(refused.message).toContain('"cart_1"')
      expect(await locks.release("cart_1", { ownerId: "b" })).toBe(false)
      await conflict(locks.acquire("cart_1", { ownerId: "b" }))
      expect(await locks.release("cart_1", { ownerId: "a" })).toBe(true)
      await expect(locks.acquire("cart_1", { ownerId: "b" })).resolves.toBeUndefined()
    })

    it("lets only one of two callers without an owner hold a key, as cart completion locks", async () => {
      const results = await Promise.allSettled([locks.acquire("cart_2"), locks.acquire("cart_2")])
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"])
      expect(await locks.release("cart_2")).toBe(true)
      await expect(locks.acquire("cart_2")).resolves.toBeUndefined()
    })

    it("takes a set of keys all or nothing: one busy key leaves the others free", async () => {
      await locks.acquire("item_b", { ownerId: "a" })
      await conflict(locks.acquire(["item_a", "item_b", "item_c"], { ownerId: "b" }))
      // What the refused call had taken is given back.
      await expect(locks.acquire(["item_a", "item_c"], { ownerId: "c" })).resolves.toBeUndefined()
    })

    it("lets another owner take over a lock whose holder let it expire", async () => {
      await locks.acquire("cart_3", { ownerId: "crashed", expire: 1 })
      await conflict(locks.acquire("cart_3", { ownerId: "next" }))
      await sleep(1_200)
      await expect(locks.acquire("cart_3", { ownerId: "next" })).resolves.toBeUndefined()
      // The lapsed holder no longer holds it: its release says so and frees nothing.
      expect(await locks.release("cart_3", { ownerId: "crashed" })).toBe(false)
      await conflict(locks.acquire("cart_3", { ownerId: "third" }))
    })

    it("runs jobs on one key one at a time", async () => {
      let balance = 0
      let inside = 0
      let most = 0
      const deposit = () =>
        locks.execute(
          "account_1",
          async () => {
            inside++
            most = Math.max(most, inside)
            const read = balance
            await sleep(20)
            balance = read + 10
            inside--
          },
          { timeout: 20 }
        )
      await Promise.all(Array.from({ length: 8 }, deposit))
      expect(most).toBe(1)
      expect(balance).toBe(80)
    })

    it("gives up with a conflict when the key stays busy past the timeout, without running the job", async () => {
      await locks.acquire("cart_4", { ownerId: "holder" })
      const job = jest.fn(async () => "ran")
      const started = Date.now()
      const error = await conflict(locks.execute("cart_4", job, { timeout: 1 }))
      expect(error.message).toMatch(/Timed out after 1s/)
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000)
      expect(job).not.toHaveBeenCalled()
    })

    it("gives the key back when the job fails", async () => {
      await expect(
        locks.execute("cart_5", async () => {
          throw new Error("payment gateway down")
        })
      ).rejects.toThrow("payment gateway down")
      await expect(locks.acquire("cart_5", { ownerId: "next" })).resolves.toBeUndefined()
    })

    it("keeps a job's lease alive while the job outlasts it", async () => {
      let release: () => void = () => undefined
      const running = locks.execute("cart_6", () => new Promise<void>((r) => (release = r)), {
        expire: 1,
      })
      await sleep(2_500)
      // Two and a half leases later the job still holds the key.
      await conflict(locks.acquire("cart_6", { ownerId: "other" }))
      release()
      await running
      await expect(locks.acquire("cart_6", { ownerId: "other" })).resolves.toBeUndefined()
    })
  })
})

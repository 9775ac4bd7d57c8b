import { setTimeout as sleep } from "timers/promises"
import { lockingTestRunner } from "./runner"

jest.setTimeout(60_000)

// LOCK_MAX_TTL_SECONDS in production is 5 or more; the provider takes any bound, and a short one
// keeps this test short.
const MAX_TTL_SECONDS = 1

lockingTestRunner({ maxTtlSeconds: MAX_TTL_SECONDS }, ({ service: locks }) => {
  describe("locks bounded by LOCK_MAX_TTL_SECONDS", () => {
    it("frees a key held by a crashed caller after the bound, not after the two minutes it asked for", async () => {
      // Medusa's cart completion asks for 120 s.
      await locks.acquire("cart_1", { ownerId: "crashed", expire: 120 })
      await expect(locks.acquire("cart_1", { ownerId: "next" })).rejects.toThrow()
      await sleep(MAX_TTL_SECONDS * 1_000 + 300)
      await expect(locks.acquire("cart_1", { ownerId: "next" })).resolves.toBeUndefined()
    })

    it("bounds a lock asked for without any expiry too", async () => {
      await locks.acquire("cart_2", { ownerId: "crashed" })
      await sleep(MAX_TTL_SECONDS * 1_000 + 300)
      await expect(locks.acquire("cart_2", { ownerId: "next" })).resolves.toBeUndefined()
    })

    it("still keeps a running job's key, renewing its lease at a third of the bound", async () => {
      let release: () => void = () => undefined
      const running = locks.execute("cart_3", () => new Promise<void>((r) => (release = r)), {
        expire: 60,
      })
      await sleep(MAX_TTL_SECONDS * 2_500)
      await expect(locks.acquire("cart_3", { ownerId: "other" })).rejects.toThrow()
      release()
      await running
      await expect(locks.acquire("cart_3", { ownerId: "other" })).resolves.toBeUndefined()
    })
  })
})

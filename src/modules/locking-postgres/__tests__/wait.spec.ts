import { setTimeout as sleep } from "timers/promises"
import { lockingTestRunner } from "./runner"

jest.setTimeout(60_000)

// LOCK_WAIT_SECONDS is 30 unless set; a one-second wait keeps this test short and tells it apart
// from Medusa's 5 s.
const WAIT_SECONDS = 1

lockingTestRunner({ waitSeconds: WAIT_SECONDS }, ({ service: locks }) => {
  describe("the wait set by LOCK_WAIT_SECONDS", () => {
    /** Takes `key`, and gives it back after `ms`. */
    const hold = async (key: string, ms: number) => {
      await locks.acquire(key, { ownerId: "holder", expire: 30 })
      return { released: sleep(ms).then(() => locks.release(key, { ownerId: "holder" })) }
    }

    it("is how long a job whose caller names no wait waits for a busy key", async () => {
      const holding = await hold("inv_1", 2_500)
      const started = Date.now()
      const job = jest.fn(async () => "ran")
      await expect(locks.execute("inv_1", job)).rejects.toThrow(
        `Timed out after ${WAIT_SECONDS}s waiting for a lock held by another request.`
      )
      expect(job).not.toHaveBeenCalled()
      expect(Date.now() - started).toBeLessThan(2_000)
      await holding.released
    })

    it("gives way to the wait a caller names", async () => {
      const holding = await hold("inv_2", 2_000)
      await expect(locks.execute("inv_2", async () => "ran", { timeout: 10 })).resolves.toBe("ran")
      await holding.released
    })
  })
})

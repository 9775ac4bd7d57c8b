import { Modules } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import { spawn } from "child_process"
import path from "path"

jest.setTimeout(240_000)

// Without Redis, locks must still hold across server processes that share the
// database: Medusa's default in-memory lock would let two processes complete
// one cart at the same time.
delete process.env.REDIS_URL
const dbName = `zoco_locking_${process.pid}`
const ROOT = path.join(__dirname, "..", "..")

function databaseUrl() {
  const user = process.env.DB_USERNAME ?? "postgres"
  const password = process.env.DB_PASSWORD ?? ""
  const host = process.env.DB_HOST ?? "localhost"
  const port = process.env.DB_PORT ?? "5432"
  return `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/${dbName}`
}

/** Starts a second Medusa process on the same database; resolves each line it prints. */
function probe(key: string) {
  const child = spawn(
    path.join(ROOT, "node_modules", ".bin", "medusa"),
    ["exec", "./integration-tests/utils/lock-probe.ts", key],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl(), NODE_OPTIONS: "", LOG_LEVEL: "error" },
      stdio: ["ignore", "pipe", "pipe"],
    }
  )
  const lines: string[] = []
  let stderr = ""
  child.stdout.on("data", (chunk: Buffer) => lines.push(...chunk.toString().split("\n")))
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)))
  const saw = async (line: string) => {
    const deadline = Date.now() + 120_000
    while (!lines.includes(line)) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`lock probe never printed "${line}": ${lines.join("|")} ${stderr}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return { saw, exited, lines }
}

zocoIntegrationTestRunner({
  dbName,
  testSuite: ({ getContainer }) => {
    it("a lock held by this server blocks a second process until it is released", async () => {
      const locking = getContainer().resolve(Modules.LOCKING)
      const key = `cart_lock_test_${Date.now()}`
      await locking.acquire(key, { ownerId: "server-a", expire: 60 })

      const other = probe(key)
      await other.saw("busy")
      // Still held: the other process has been refused, not let through.
      expect(other.lines).not.toContain("acquired")

      await locking.release(key, { ownerId: "server-a" })
      await other.saw("acquired")
      expect(await other.exited).toBe(0)
    })

    it("of many callers without an owner id racing for one key, exactly one gets it", async () => {
      // Cart completion and payment webhooks lock the cart this way; two
      // winners meant two orders for one cart.
      const locking = getContainer().resolve(Modules.LOCKING)
      const key = `cart_race_${Date.now()}`
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => locking.acquire(key, { expire: 30 }))
      )
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
      await locking.release(key)
    })

    it("a lock whose holder died is taken over once it expires", async () => {
      const locking = getContainer().resolve(Modules.LOCKING)
      const key = `cart_abandoned_${Date.now()}`
      await locking.acquire(key, { ownerId: "crashed-server", expire: 1 })
      await expect(locking.acquire(key, { ownerId: "server-b", expire: 30 })).rejects.toThrow()
      await new Promise((resolve) => setTimeout(resolve, 1500))
      await locking.acquire(key, { ownerId: "server-b", expire: 30 })
      expect(await locking.release(key, { ownerId: "server-b" })).toBe(true)
    })

    it("a set of keys is taken whole or not at all, and only its owner gives it back", async () => {
      // Reserving a cart's stock locks every inventory item of the cart at once.
      const locking = getContainer().resolve(Modules.LOCKING)
      const [a, b, c] = ["a", "b", "c"].map((k) => `items_${k}_${Date.now()}`)
      await locking.acquire(b, { ownerId: "other-checkout", expire: 60 })
      await expect(locking.acquire([a, b, c], { ownerId: "checkout", expire: 60 })).rejects.toThrow(
        b
      )
      // Nothing of the refused set stayed taken.
      await locking.acquire([a, c], { ownerId: "third", expire: 60 })
      expect(await locking.release([a, c, b], { ownerId: "third" })).toBe(false)
      expect(await locking.release(b, { ownerId: "other-checkout" })).toBe(true)
      await locking.acquire([c, a, b, a], { ownerId: "checkout", expire: 60 })
      expect(await locking.release([a, b, c], { ownerId: "checkout" })).toBe(true)
    })

    it("execute waits its turn, then gives up with a 409 the caller can retry", async () => {
      const locking = getContainer().resolve(Modules.LOCKING)
      const key = `inventory_busy_${Date.now()}`
      await locking.acquire(key, { ownerId: "long-job", expire: 60 })
      const waited = locking
        .execute(key, async () => "ran", { timeout: 1 })
        .catch((error: { type?: string }) => error)
      expect(await waited).toMatchObject({ type: "conflict" })
      await locking.release(key, { ownerId: "long-job" })
      expect(await locking.execute(key, async () => "ran")).toBe("ran")
    })
  },
})

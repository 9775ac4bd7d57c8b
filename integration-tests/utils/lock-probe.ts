import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/**
 * A second Medusa process for lock tests (`medusa exec` this file with the
 * key as argument): reports `busy` while another process holds the key, then
 * `acquired` once it gets it, then releases it.
 */
export default async function lockProbe({ container, args }: ExecArgs) {
  const [key] = args
  const locking = container.resolve(Modules.LOCKING)
  const deadline = Date.now() + 60_000
  let reportedBusy = false
  while (Date.now() < deadline) {
    try {
      await locking.acquire(key, { ownerId: "lock-probe", expire: 30 })
      process.stdout.write("acquired\n")
      await locking.release(key, { ownerId: "lock-probe" })
      return
    } catch {
      if (!reportedBusy) {
        process.stdout.write("busy\n")
        reportedBusy = true
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  throw new Error(`never acquired ${key}`)
}

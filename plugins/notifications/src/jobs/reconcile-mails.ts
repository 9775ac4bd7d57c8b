import type { MedusaContainer } from "@medusajs/framework/types"
import { reconcileMails } from "../lib/reconcile"

/** Queues and sends the mails whose events were lost (see `reconcileMails`). */
export default async function reconcileMailsJob(container: MedusaContainer) {
  await reconcileMails(container)
}

export const config = { name: "zoco-reconcile-mails", schedule: "*/5 * * * *" }

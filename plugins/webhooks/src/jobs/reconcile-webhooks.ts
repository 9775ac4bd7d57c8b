import type { MedusaContainer } from "@medusajs/framework/types"
import { deliverAndReport } from "../lib/notify"
import { reconcile } from "../lib/reconcile"

/**
 * Every hour, orders placed and payments captured in the last day that a subscribed endpoint has
 * no delivery for are enqueued and sent (a worker also does this once when it starts).
 */
export default async function reconcileWebhooks(container: MedusaContainer) {
  await reconcile(container)
  await deliverAndReport(container)
}

export const config = { name: "zoco-reconcile-webhooks", schedule: "17 * * * *" }

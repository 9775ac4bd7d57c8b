import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { eventIdFor, payloadData } from "../lib/events"
import { deliverAndReport } from "../lib/notify"
import { WEBHOOKS_MODULE } from "../modules/webhooks"
import type WebhooksService from "../modules/webhooks/service"

/**
 * An event the bus dropped (a crash between the order and its event, a Redis outage) must still
 * reach the merchant: every hour, orders placed in the last day that some subscribed endpoint
 * has no delivery for get one. Enqueueing is idempotent, so a delivered order is never sent twice.
 */
export default async function reconcileWebhooks(container: MedusaContainer) {
  const webhooks = container.resolve<WebhooksService>(WEBHOOKS_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: orders } = await query.graph({
    entity: "order",
    fields: ["id"],
    filters: { created_at: { $gte: new Date(Date.now() - 86_400_000) } },
  })
  const ids = orders.map((o) => eventIdFor("order.placed", { id: o.id }, () => ""))
  const missing = new Set(await webhooks.missingEvents("order.placed", ids))
  for (const order of orders) {
    const id = eventIdFor("order.placed", { id: order.id }, () => "")
    if (!missing.has(id)) continue
    await webhooks.enqueue({
      id,
      type: "order.placed",
      created_at: new Date().toISOString(),
      data: await payloadData(container, "order.placed", { id: order.id }),
    })
  }
  await deliverAndReport(container)
}

export const config = { name: "zoco-reconcile-webhooks", schedule: "17 * * * *" }

import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateEntityId } from "@medusajs/framework/utils"
import { eventIdFor, payloadData, WEBHOOK_EVENTS } from "../lib/events"
import { deliverAndReport } from "../lib/notify"
import { WEBHOOKS_MODULE } from "../modules/webhooks"
import type WebhooksService from "../modules/webhooks/service"

/**
 * Turns each subscribed Medusa event into delivery rows, then sends what is due at once; the
 * scheduled job retries whatever failed. Rows are written before any request is made.
 */
export default async function enqueueWebhooks({
  event,
  container,
}: SubscriberArgs<Record<string, unknown>>) {
  const webhooks = container.resolve<WebhooksService>(WEBHOOKS_MODULE)
  // Most shops have few endpoints and many events: read the record only when someone listens.
  const listening = await webhooks.listWebhookEndpoints(
    { status: "active", events: { $contains: [event.name] } },
    { select: ["id"], take: 1 }
  )
  if (!listening.length) return
  const data = event.data ?? {}
  const id = eventIdFor(event.name, data, () => generateEntityId(undefined, "evt"))
  const written = await webhooks.enqueue({
    id,
    type: event.name,
    created_at: new Date().toISOString(),
    data: await payloadData(container, event.name, data),
  })
  if (written.length) {
    await deliverAndReport(container).catch((error: Error) =>
      container
        .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
        .warn(`webhooks: sending failed, the scheduled job will retry: ${error.message}`)
    )
  }
}

export const config: SubscriberConfig = {
  event: Object.keys(WEBHOOK_EVENTS),
  context: { subscriberId: "zoco-webhooks-enqueue" },
}

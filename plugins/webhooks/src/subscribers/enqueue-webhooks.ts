import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { IPaymentModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, generateEntityId, Modules } from "@medusajs/framework/utils"
import { captureEventId, orderPlacedEventId, payloadData, WEBHOOK_EVENTS } from "../lib/events"
import { deliverAndReport } from "../lib/notify"
import { WEBHOOKS_MODULE } from "../modules/webhooks"
import type WebhooksService from "../modules/webhooks/service"

/**
 * The ids this event is delivered under. Medusa's `payment.captured` names the payment, not the
 * capture: each of the payment's captures is its own event, and those already enqueued are
 * skipped by the idempotent enqueue.
 */
async function eventIds(container: MedusaContainer, name: string, data: Record<string, unknown>) {
  if (name === "order.placed" && typeof data.id === "string") return [orderPlacedEventId(data.id)]
  if (name === "payment.captured" && typeof data.id === "string") {
    const captures = await container
      .resolve<IPaymentModuleService>(Modules.PAYMENT)
      .listCaptures({ payment_id: data.id }, { select: ["id"] })
    if (captures.length) return captures.map((c) => captureEventId(c.id))
  }
  return [generateEntityId(undefined, "evt")]
}

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
  const payload = await payloadData(container, event.name, data)
  const written: string[] = []
  for (const id of await eventIds(container, event.name, data)) {
    written.push(
      ...(await webhooks.enqueue({
        id,
        type: event.name,
        created_at: new Date().toISOString(),
        data: payload,
      }))
    )
  }
  if (written.length) {
    // What this event queued; a backlog (an endpoint down) is the delivery job's.
    await deliverAndReport(container, { only: written }).catch((error: Error) =>
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

import type { IPaymentModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { WEBHOOKS_MODULE } from "../modules/webhooks"
import type WebhooksService from "../modules/webhooks/service"
import { captureEventId, orderPlacedEventId, payloadData } from "./events"

const DAY_MS = 86_400_000

/**
 * Finds orders placed, and payments captured, since `since` that a subscribed endpoint has no
 * delivery for, and enqueues them: an event the bus dropped (a crash between the order and its
 * event, a Redis outage) still reaches the merchant. Enqueueing is idempotent, so nothing already
 * delivered is sent twice. An endpoint gets only what happened after it was added: a new endpoint
 * is not sent the day's past orders. Returns how many events were missing.
 */
export async function reconcile(container: MedusaContainer, since = new Date(Date.now() - DAY_MS)) {
  const webhooks = container.resolve<WebhooksService>(WEBHOOKS_MODULE)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  let missingOrders = 0
  let missingCaptures = 0

  // A day of orders is a large read: skip each kind of event no active endpoint listens to.
  const listening = async (event: string) =>
    (
      await webhooks.listWebhookEndpoints(
        { status: "active", events: { $contains: [event] } },
        { select: ["id"], take: 1 }
      )
    ).length > 0
  const [ordersWanted, capturesWanted] = await Promise.all([
    listening("order.placed"),
    listening("payment.captured"),
  ])

  const { data: orders } = ordersWanted
    ? await query.graph({
        entity: "order",
        fields: ["id", "created_at"],
        filters: { created_at: { $gte: since } },
      })
    : { data: [] as { id: string; created_at: Date | string }[] }
  const orderEvents = new Map(
    orders.map((o) => [
      orderPlacedEventId(o.id),
      { id: o.id, occurredAt: new Date(o.created_at as Date | string) },
    ])
  )
  const missing = await webhooks.missingEvents(
    "order.placed",
    [...orderEvents].map(([id, o]) => ({ id, occurredAt: o.occurredAt }))
  )
  for (const eventId of missing) {
    const order = orderEvents.get(eventId)!
    await webhooks.enqueue(
      {
        id: eventId,
        type: "order.placed",
        created_at: new Date().toISOString(),
        data: await payloadData(container, "order.placed", { id: order.id }),
      },
      { occurredAt: order.occurredAt }
    )
    missingOrders++
  }

  const payments = container.resolve<IPaymentModuleService>(Modules.PAYMENT)
  const captures = capturesWanted
    ? await payments.listCaptures(
        { created_at: { $gte: since.toISOString() } },
        { select: ["id", "created_at", "payment.id"], relations: ["payment"] }
      )
    : []
  const captureEvents = new Map(
    captures.map((c) => [
      captureEventId(c.id),
      { paymentId: c.payment?.id, occurredAt: new Date(c.created_at) },
    ])
  )
  for (const eventId of await webhooks.missingEvents(
    "payment.captured",
    [...captureEvents].map(([id, c]) => ({ id, occurredAt: c.occurredAt }))
  )) {
    const { paymentId, occurredAt } = captureEvents.get(eventId)!
    if (!paymentId) continue
    await webhooks.enqueue(
      {
        id: eventId,
        type: "payment.captured",
        created_at: new Date().toISOString(),
        data: await payloadData(container, "payment.captured", { id: paymentId }),
      },
      { occurredAt }
    )
    missingCaptures++
  }

  if (missingOrders || missingCaptures) {
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .warn(
        `webhooks: enqueued ${missingOrders} order.placed and ${missingCaptures} payment.captured ` +
          `events that never reached the subscriber`
      )
  }
  return { orders: missingOrders, captures: missingCaptures }
}

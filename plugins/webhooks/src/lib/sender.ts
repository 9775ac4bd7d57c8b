import type { ClaimedDelivery } from "../modules/webhooks"
import { send } from "../modules/webhooks/send"
import type WebhooksService from "../modules/webhooks/service"

/** Sends one claimed delivery over HTTP and records the outcome in the queue. */
export async function deliverOne(service: WebhooksService, delivery: ClaimedDelivery) {
  const rotating =
    delivery.previous_secret &&
    delivery.previous_secret_expires_at &&
    new Date(delivery.previous_secret_expires_at).getTime() > Date.now()
  const outcome = await send(
    delivery.url,
    {
      deliveryId: delivery.id,
      eventType: delivery.event_type,
      body: JSON.stringify(delivery.payload),
      secrets: rotating ? [delivery.secret, delivery.previous_secret!] : [delivery.secret],
    },
    { ...service.settings, timeoutMs: delivery.timeout_ms }
  )
  return { outcome, ...(await service.recordAttempt(delivery, outcome)) }
}

/**
 * Claims and sends due deliveries (of `only`, when given) until none is left or `max` were sent.
 * Returns how many were sent, and the endpoints paused meanwhile, for the merchant to be told.
 */
export async function deliverDue(
  service: WebhooksService,
  { batch = 20, max = 1_000, only }: { batch?: number; max?: number; only?: string[] } = {}
) {
  let sent = 0
  const paused = new Set<string>()
  while (sent < max) {
    const claimed = await service.claimDue(Math.min(batch, max - sent), only)
    if (!claimed.length) break
    const results = await Promise.all(claimed.map((d) => deliverOne(service, d)))
    results.forEach((r, i) => r.endpointPaused && paused.add(claimed[i].endpoint_id))
    sent += claimed.length
  }
  return { sent, paused: [...paused] }
}

import { sdk } from "@zoco/plugin-kit/admin/sdk"

export { sdk }

export type Webhook = {
  id: string
  url: string
  description: string | null
  events: string[]
  status: "active" | "paused"
  paused_reason: string | null
  timeout_ms: number
  max_concurrency: number
  secret?: string
}

/** What the merchant sets on an endpoint. */
export type WebhookInput = Pick<Webhook, "url" | "events" | "timeout_ms" | "max_concurrency">

export type Delivery = {
  id: string
  event_type: string
  status: "pending" | "succeeded" | "dead"
  attempts: number
  next_attempt_at: string | null
  last_status_code: number | null
  last_error: string | null
  last_duration_ms: number | null
  delivered_at: string | null
  created_at: string
}

/** A delivery with the JSON body it sends. */
export type DeliveryDetail = Delivery & {
  payload: { id: string; type: string; created_at: string; data: unknown }
}

/** Rows per page of a delivery log. */
export const LOG_PAGE = 10

export const EVENTS = [
  "order.placed",
  "order.updated",
  "order.canceled",
  "order.fulfillment_created",
  "payment.captured",
  "payment.refunded",
  "product.created",
  "product.updated",
  "product.deleted",
  "inventory-level.updated",
  "customer.created",
]

export const webhooksApi = {
  list: () => sdk.client.fetch<{ webhooks: Webhook[] }>("/admin/webhooks"),
  create: (body: WebhookInput) =>
    sdk.client.fetch<{ webhook: Webhook }>("/admin/webhooks", { method: "POST", body }),
  update: (id: string, body: Partial<WebhookInput & Pick<Webhook, "status">>) =>
    sdk.client.fetch<{ webhook: Webhook }>(`/admin/webhooks/${id}`, { method: "POST", body }),
  remove: (id: string) => sdk.client.fetch(`/admin/webhooks/${id}`, { method: "DELETE" }),
  rotate: (id: string) =>
    sdk.client.fetch<{ webhook: Webhook }>(`/admin/webhooks/${id}/rotate-secret`, {
      method: "POST",
      body: {},
    }),
  ping: (id: string) =>
    sdk.client.fetch<{ delivery: Delivery }>(`/admin/webhooks/${id}/ping`, { method: "POST" }),
  deliveries: (id: string, offset = 0) =>
    sdk.client.fetch<{ deliveries: Delivery[]; count: number; offset: number }>(
      `/admin/webhooks/${id}/deliveries`,
      { query: { limit: LOG_PAGE, offset } }
    ),
  delivery: (id: string, deliveryId: string) =>
    sdk.client.fetch<{ delivery: DeliveryDetail }>(
      `/admin/webhooks/${id}/deliveries/${deliveryId}`
    ),
  redeliver: (id: string, deliveryId: string) =>
    sdk.client.fetch<{ delivery: Delivery }>(
      `/admin/webhooks/${id}/deliveries/${deliveryId}/redeliver`,
      { method: "POST" }
    ),
}

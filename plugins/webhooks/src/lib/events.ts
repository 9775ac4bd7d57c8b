import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

type Source = {
  /** The Query entity the event is about; its record is the payload's `data`. */
  entity: "order" | "payment" | "product" | "customer" | "inventory_level"
  /** Where the record's id is in Medusa's event data. */
  idKey: string
  fields: string[]
}

const ORDER: Source = {
  entity: "order",
  idKey: "id",
  fields: [
    "*",
    "items.*",
    "shipping_address.*",
    "billing_address.*",
    "shipping_methods.*",
    "summary.*",
    "total",
    "subtotal",
    "tax_total",
    "shipping_total",
    "discount_total",
  ],
}
const PAYMENT: Source = { entity: "payment", idKey: "id", fields: ["*", "captures.*", "refunds.*"] }
const PRODUCT: Source = {
  entity: "product",
  idKey: "id",
  fields: ["*", "variants.*", "options.*", "images.*", "tags.*"],
}

/** The events an endpoint may subscribe to, and the record each one carries. */
export const WEBHOOK_EVENTS: Record<string, Source | null> = {
  "order.placed": ORDER,
  "order.updated": ORDER,
  "order.canceled": ORDER,
  "order.fulfillment_created": { ...ORDER, idKey: "order_id" },
  "payment.captured": PAYMENT,
  "payment.refunded": PAYMENT,
  "product.created": PRODUCT,
  "product.updated": PRODUCT,
  // A deleted product cannot be read back: the payload carries Medusa's event data.
  "product.deleted": null,
  "inventory-level.updated": { entity: "inventory_level", idKey: "id", fields: ["*"] },
  "customer.created": { entity: "customer", idKey: "id", fields: ["*", "addresses.*"] },
}

export const PING = "ping"

/**
 * Ids that are the same however often the event is handled, for the events reconciliation looks
 * for: an order is placed once, and each capture of a payment is its own event. Other events get
 * a new id each time they are handled.
 */
export const orderPlacedEventId = (orderId: string) => `evt_order_placed_${orderId}`
export const captureEventId = (captureId: string) => `evt_payment_captured_${captureId}`

/** The record an event is about, as the Admin API would return it, or the event's own data. */
export async function payloadData(
  container: MedusaContainer,
  type: string,
  data: Record<string, unknown>
): Promise<unknown> {
  const source = WEBHOOK_EVENTS[type]
  const id = source ? data[source.idKey] : undefined
  if (!source || typeof id !== "string") return data
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [record],
  } = await query.graph({ entity: source.entity, fields: source.fields, filters: { id } })
  return record ?? data
}

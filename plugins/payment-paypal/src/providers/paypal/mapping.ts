import { PaymentSessionStatus } from "@medusajs/framework/utils"
import type { LedgerEntry, PayPalOrder, PayPalSessionData } from "./types"

/**
 * Medusa's view of a PayPal order. An APPROVED order is not paid yet: the buyer only agreed, and
 * the authorization or capture can still be declined, so it stays `requires_more` until
 * `authorizePayment` has authorized or captured it.
 */
export function mapOrderStatus(order: PayPalOrder): PaymentSessionStatus {
  const payments = order.purchase_units[0]?.payments
  const captures = payments?.captures ?? []
  const authorizations = payments?.authorizations ?? []

  switch (order.status) {
    case "CREATED":
    case "SAVED":
    case "PAYER_ACTION_REQUIRED":
    case "APPROVED":
      return PaymentSessionStatus.REQUIRES_MORE
    case "VOIDED":
      return PaymentSessionStatus.CANCELED
    case "COMPLETED":
      break
    default:
      return PaymentSessionStatus.PENDING
  }

  if (captures.some((c) => ["COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED"].includes(c.status))) {
    return PaymentSessionStatus.CAPTURED
  }
  if (captures.some((c) => c.status === "PENDING")) {
    return PaymentSessionStatus.PENDING
  }
  if (captures.some((c) => c.status === "DECLINED" || c.status === "FAILED")) {
    return PaymentSessionStatus.ERROR
  }
  const authorization = authorizations[0]
  switch (authorization?.status) {
    case "CREATED":
    case "PARTIALLY_CAPTURED":
      return PaymentSessionStatus.AUTHORIZED
    case "CAPTURED":
      return PaymentSessionStatus.CAPTURED
    case "VOIDED":
    case "EXPIRED":
      return PaymentSessionStatus.CANCELED
    case "DENIED":
      return PaymentSessionStatus.ERROR
    case "PENDING":
      return PaymentSessionStatus.PENDING
    default:
      return PaymentSessionStatus.ERROR
  }
}

/** The approval link the storefront redirects the buyer to. */
export function approvalUrl(order: PayPalOrder): string | undefined {
  // "payer-action" when the order was created with payment_source.paypal, "approve" otherwise.
  return order.links?.find((l) => l.rel === "payer-action" || l.rel === "approve")?.href
}

/**
 * Session data from a PayPal order, keeping what the previous data knew. Captures and refunds
 * made through this provider are kept as a ledger, so a refund can be checked against what is
 * left without trusting PayPal to have listed every refund in the order.
 */
export function toSessionData(
  order: PayPalOrder,
  previous?: Partial<PayPalSessionData>
): PayPalSessionData {
  const unit = order.purchase_units[0]
  const payments = unit?.payments
  const captures: LedgerEntry[] = [...(previous?.captures ?? [])]
  for (const c of payments?.captures ?? []) {
    if (!captures.some((known) => known.id === c.id) && c.amount) {
      // The capture of the whole order at checkout books the exact amount Medusa charged.
      const exact =
        previous?.medusa_amount && c.amount.value === unit?.amount.value
          ? { amount: previous.medusa_amount }
          : {}
      captures.push({ id: c.id, status: c.status, value: c.amount.value, ...exact })
    }
  }
  return {
    id: order.id,
    session_id: unit?.custom_id ?? previous?.session_id,
    status: order.status,
    intent: order.intent,
    currency_code: unit?.amount.currency_code ?? previous?.currency_code ?? "",
    value: unit?.amount.value ?? previous?.value ?? "",
    ...(previous?.medusa_amount ? { medusa_amount: previous.medusa_amount } : {}),
    approval_url: approvalUrl(order) ?? previous?.approval_url,
    authorization_id: payments?.authorizations?.[0]?.id ?? previous?.authorization_id,
    captures,
    refunds: previous?.refunds ?? [],
  }
}

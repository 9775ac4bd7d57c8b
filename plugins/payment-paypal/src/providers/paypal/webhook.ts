import { PaymentActions } from "@medusajs/framework/utils"
import type { Logger, ProviderWebhookPayload, WebhookActionResult } from "@medusajs/framework/types"
import type { PayPalClient } from "./client"
import { fromPayPalValue } from "./money"
import type { PayPalMoney, PayPalPurchaseUnit } from "./types"

type WebhookPayload = ProviderWebhookPayload["payload"]

// What PayPal's event resources carry that this mapping needs. An order (CHECKOUT.ORDER.*) has
// purchase_units; an authorization, capture or refund (PAYMENT.*) has custom_id and amount itself.
type EventResource = {
  custom_id?: string
  invoice_id?: string
  amount?: PayPalMoney
  purchase_units?: PayPalPurchaseUnit[]
}

type PayPalEvent = { id?: string; event_type?: string; resource?: EventResource }

const SIGNATURE_HEADERS = {
  transmission_id: "paypal-transmission-id",
  transmission_time: "paypal-transmission-time",
  transmission_sig: "paypal-transmission-sig",
  cert_url: "paypal-cert-url",
  auth_algo: "paypal-auth-algo",
} as const

// CHECKOUT.ORDER.APPROVED maps to `authorized` because Medusa answers that action by calling
// authorizePayment, which authorizes (or captures) the approved order at PayPal and only then
// reports it paid: a buyer who closes the tab after approving still gets an order.
// PAYMENT.CAPTURE.REFUNDED has no Medusa action: Medusa has no way to book a refund made
// elsewhere without asking the provider to refund; the provider refuses further refunds until
// such a refund is recorded (see ledger.ts `unbooked`).
const ACTIONS: Record<string, PaymentActions> = {
  "CHECKOUT.ORDER.APPROVED": PaymentActions.AUTHORIZED,
  "PAYMENT.AUTHORIZATION.CREATED": PaymentActions.AUTHORIZED,
  "PAYMENT.AUTHORIZATION.VOIDED": PaymentActions.CANCELED,
  "PAYMENT.CAPTURE.COMPLETED": PaymentActions.SUCCESSFUL,
  "PAYMENT.CAPTURE.PENDING": PaymentActions.PENDING,
  "PAYMENT.CAPTURE.DENIED": PaymentActions.FAILED,
  "PAYMENT.CAPTURE.REFUNDED": PaymentActions.NOT_SUPPORTED,
}

const ZOCO_CAPTURE = "-zoco-capture-"

/**
 * The invoice id of a capture Zoco makes: unique per capture (PayPal may refuse a repeated one)
 * and recognisable in PAYMENT.CAPTURE.COMPLETED, whose resource carries it back.
 */
export function zocoCaptureInvoiceId(sessionId: string, index: number): string {
  return `${sessionId}${ZOCO_CAPTURE}${index}`
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()]
  return typeof value === "string" ? value : Array.isArray(value) ? String(value[0]) : undefined
}

/**
 * Asks PayPal whether the event really comes from PayPal for our webhook. The raw body is spliced
 * into the request untouched: a re-serialized event can differ byte-wise and fail verification.
 */
async function verify(
  client: PayPalClient,
  webhookId: string,
  payload: WebhookPayload
): Promise<boolean> {
  const fields: Record<string, string> = { webhook_id: webhookId }
  for (const [field, name] of Object.entries(SIGNATURE_HEADERS)) {
    const value = header(payload.headers, name)
    if (!value) {
      return false
    }
    fields[field] = value
  }
  const raw = Buffer.isBuffer(payload.rawData)
    ? payload.rawData.toString("utf8")
    : String(payload.rawData ?? "")
  if (!raw.trim().startsWith("{")) {
    return false
  }
  const body = `${JSON.stringify(fields).slice(0, -1)},"webhook_event":${raw}}`
  const answer = await client.postRaw<{ verification_status?: string }>(
    "/v1/notifications/verify-webhook-signature",
    body
  )
  return answer.verification_status === "SUCCESS"
}

export async function webhookActionAndData(
  client: PayPalClient,
  webhookId: string | undefined,
  payload: WebhookPayload,
  logger?: Pick<Logger, "warn">
): Promise<WebhookActionResult> {
  if (!webhookId) {
    logger?.warn("PayPal webhook ignored: the provider has no `webhookId` option to verify it")
    return { action: PaymentActions.NOT_SUPPORTED }
  }
  let verified = false
  try {
    verified = await verify(client, webhookId, payload)
  } catch (e) {
    logger?.warn(`PayPal webhook verification failed: ${e instanceof Error ? e.message : e}`)
  }
  if (!verified) {
    // A forged or unverifiable event must not move a payment, in either direction.
    logger?.warn("PayPal webhook ignored: its signature could not be verified")
    return { action: PaymentActions.NOT_SUPPORTED }
  }

  const event = JSON.parse(String(payload.rawData)) as PayPalEvent
  const action = ACTIONS[event.event_type ?? ""] ?? PaymentActions.NOT_SUPPORTED
  const resource = event.resource ?? {}
  const unit = resource.purchase_units?.[0]
  // custom_id is the Medusa session id set at order creation; without it the event belongs to
  // another integration on the same PayPal account.
  const sessionId = resource.custom_id ?? unit?.custom_id
  const amount = resource.amount ?? unit?.amount
  if (action === PaymentActions.NOT_SUPPORTED || !sessionId || !amount) {
    return { action: PaymentActions.NOT_SUPPORTED }
  }
  if (
    event.event_type === "PAYMENT.CAPTURE.COMPLETED" &&
    resource.invoice_id?.startsWith(`${sessionId}${ZOCO_CAPTURE}`)
  ) {
    // Zoco made this capture and booked it when PayPal answered. A capture made anywhere else
    // (PayPal's dashboard) goes on to Medusa, whose capture the provider then records from PayPal
    // instead of capturing again.
    return { action: PaymentActions.NOT_SUPPORTED }
  }
  return {
    action,
    data: { session_id: sessionId, amount: fromPayPalValue(amount.value, amount.currency_code) },
  }
}

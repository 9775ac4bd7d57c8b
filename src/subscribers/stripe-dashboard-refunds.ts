import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, PaymentWebhookEvents } from "@medusajs/framework/utils"
import Stripe from "stripe"
import { ephemeralSecrets, parseEnv, type StripeEnv } from "../lib/env"
import { stripeConfig } from "../modules/payment-stripe/client"
import { ZOCO_REFUND } from "../modules/payment-stripe/service"
import { reconcilePaymentsWorkflow } from "../workflows/payments/reconcile-payments"

/** A raw body as Medusa's webhook route hands it on: a Buffer, or one that went through Redis. */
type RawBody = Buffer | { type: "Buffer"; data: number[] } | string

type WebhookReceived = {
  provider: string
  payload: { rawData?: RawBody; headers?: Record<string, string | string[] | undefined> }
}

// What Stripe sends when money goes back to the buyer, whoever refunded it.
const REFUND_EVENTS = new Set([
  "charge.refunded",
  "charge.refund.updated",
  "refund.created",
  "refund.updated",
])

let stripeEnv: StripeEnv | undefined | null = null
let client: Stripe | undefined

function stripeOfEnvironment(): { env: StripeEnv; stripe: Stripe } | undefined {
  if (stripeEnv === null) stripeEnv = parseEnv(process.env, ephemeralSecrets).stripe
  if (!stripeEnv?.webhookSecret) return undefined
  client ??= new Stripe(stripeEnv.apiKey, stripeConfig(stripeEnv))
  return { env: stripeEnv, stripe: client }
}

function rawBody(raw: RawBody | undefined): Buffer | string | undefined {
  if (raw && typeof raw === "object" && !Buffer.isBuffer(raw) && raw.type === "Buffer") {
    return Buffer.from(raw.data)
  }
  return raw as Buffer | string | undefined
}

/**
 * Medusa's Stripe provider acts on payment intents only, so a refund made in Stripe's dashboard
 * never reached the books by webhook. On a verified refund event this runs payment
 * reconciliation for the order the intent paid, which books the refund Stripe made without
 * refunding again (see src/workflows/payments/reconcile-payments.ts). Zoco's own refunds, marked
 * in their metadata, are left to Zoco: in the books already, or recorded by the merchant's retry.
 */
export default async function bookStripeDashboardRefunds({
  event,
  container,
}: SubscriberArgs<WebhookReceived>) {
  if (event.data.provider !== "stripe_stripe") return
  const configured = stripeOfEnvironment()
  if (!configured) return
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const signature = event.data.payload.headers?.["stripe-signature"]
  const raw = rawBody(event.data.payload.rawData)
  let stripeEvent: Stripe.Event
  try {
    stripeEvent = configured.stripe.webhooks.constructEvent(
      raw ?? "",
      typeof signature === "string" ? signature : "",
      configured.env.webhookSecret!
    )
  } catch {
    // Medusa's own subscriber reports a forged or garbled event.
    return
  }
  if (!REFUND_EVENTS.has(stripeEvent.type)) return
  const object = stripeEvent.data.object as { payment_intent?: string | { id: string } | null }
  const intentId =
    typeof object.payment_intent === "string" ? object.payment_intent : object.payment_intent?.id
  if (!intentId) return

  // Medusa's provider names the payment session in the intent's metadata.
  const intent = await configured.stripe.paymentIntents.retrieve(intentId)
  const sessionId = intent.metadata?.session_id
  if (!sessionId) return
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: payments } = await query.graph({
    entity: "payment",
    fields: ["id", "payment_collection_id", "data"],
    filters: { payment_session_id: sessionId },
  })
  if (!payments.length) return
  // A refund of Zoco's own whose answer was lost is the merchant's to retry, which records it
  // without refunding again; booking it here first would make that retry a second refund.
  const booked = new Set(
    ((payments[0].data ?? {}) as { zoco_refunds?: { id: string }[] }).zoco_refunds?.map(
      (r) => r.id
    ) ?? []
  )
  const refunds = await configured.stripe.refunds.list({ payment_intent: intentId, limit: 100 })
  const fromDashboard = refunds.data.filter(
    (r) =>
      !booked.has(r.id) &&
      r.status !== "failed" &&
      r.status !== "canceled" &&
      !r.metadata?.[ZOCO_REFUND]
  )
  if (!fromDashboard.length) return
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: payments[0].payment_collection_id },
  })
  const orderId = (links[0] as { order_id?: string } | undefined)?.order_id
  if (!orderId) return

  const { result } = await reconcilePaymentsWorkflow(container).run({
    input: { order_id: orderId, repair: true },
  })
  const repaired = result.flatMap((p) => p.repaired)
  if (repaired.length) {
    logger.info(
      `stripe: booked ${repaired.map((r) => `${r.kind} ${r.movement.id}`).join(", ")} ` +
        `of order ${orderId} from ${stripeEvent.type} ${stripeEvent.id}`
    )
  }
  for (const p of result.filter((r) => r.problems.length)) {
    logger.warn(`stripe: payment ${p.payment_id} diverges: ${p.problems.join("; ")}`)
  }
}

export const config: SubscriberConfig = {
  event: PaymentWebhookEvents.WebhookReceived,
  context: { subscriberId: "zoco-stripe-dashboard-refunds" },
}

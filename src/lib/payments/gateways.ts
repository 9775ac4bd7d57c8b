import {
  gatewayMovements,
  PayPalClient,
  type PayPalOrder,
  type PayPalSessionData,
} from "@zoco/payment-paypal/providers/paypal"
import Stripe from "stripe"
import { stripeConfig } from "../../modules/payment-stripe/client"
import { fromMinor, stepDecimalsOf } from "../../modules/payment-stripe/ledger"
import { ephemeralSecrets, parseEnv, type ZocoEnv } from "../env"
import type { GatewayAuthorization, GatewayState } from "./reconcile"

/** A payment as the reconciliation reads it from Medusa. */
export type ReconciledPayment = {
  id: string
  provider_id: string
  currency_code: string
  amount: number | string
  canceled_at?: string | Date | null
  data: Record<string, unknown> | null
  captures?: { amount: number | string }[] | null
  refunds?: { amount: number | string }[] | null
}

export type Gateway = {
  /** The gateway's captures, refunds and authorization of the payment. */
  read(payment: ReconciledPayment): Promise<GatewayState>
  /** Gateway ids of the movements the provider recorded in the payment data. */
  known(payment: ReconciledPayment): string[]
  /** Decimals of the steps the gateway moves `currency` in, when not the currency's own. */
  decimals?(currency: string): number
}

/**
 * The gateways configured in the environment, by Medusa provider id. They are asked directly
 * (PayPal's REST API, Stripe's SDK) with the credentials the providers use, read-only.
 */
export function configuredGateways(env: Pick<ZocoEnv, "paypal" | "stripe">): Map<string, Gateway> {
  const gateways = new Map<string, Gateway>()
  if (env.paypal) {
    const client = new PayPalClient(env.paypal)
    gateways.set("pp_paypal_paypal", {
      async read(payment) {
        const data = payment.data as PayPalSessionData | null
        if (!data?.id) return { captures: [], refunds: [] }
        const order = await client.get<PayPalOrder>(`/v2/checkout/orders/${data.id}`)
        const { captures, refunds } = gatewayMovements(order)
        const held = order.purchase_units[0]?.payments?.authorizations?.[0]
        return {
          captures: captures.map((c) => ({ id: c.id, amount: c.value })),
          refunds: refunds.map((r) => ({ id: r.id, amount: r.value })),
          ...(held ? { authorization: { id: held.id, state: payPalHold(held.status) } } : {}),
        }
      },
      known(payment) {
        const data = (payment.data ?? {}) as Partial<PayPalSessionData>
        return [...(data.captures ?? []), ...(data.refunds ?? [])].map((e) => e.id)
      },
    })
  }
  if (env.stripe) {
    const stripe = new Stripe(env.stripe.apiKey, stripeConfig(env.stripe))
    gateways.set("pp_stripe_stripe", {
      async read(payment) {
        const id = (payment.data as { id?: string } | null)?.id
        if (!id?.startsWith("pi_")) return { captures: [], refunds: [] }
        const intent = await stripe.paymentIntents.retrieve(id)
        const refunds = await stripe.refunds.list({ payment_intent: id, limit: 100 })
        return {
          authorization: { id, state: stripeHold(intent.status) },
          // Stripe captures a card payment once: the intent is the capture.
          captures:
            intent.amount_received > 0
              ? [{ id, amount: fromMinor(intent.amount_received, intent.currency) }]
              : [],
          refunds: refunds.data
            .filter((r) => r.status !== "failed" && r.status !== "canceled")
            .map((r) => ({ id: r.id, amount: fromMinor(r.amount, intent.currency) })),
        }
      },
      known(payment) {
        const data = (payment.data ?? {}) as { id?: string; zoco_refunds?: { id: string }[] }
        const captured = (payment.captures ?? []).length > 0 && data.id ? [data.id] : []
        return [...captured, ...(data.zoco_refunds ?? []).map((r) => r.id)]
      },
      decimals: stepDecimalsOf,
    })
  }
  return gateways
}

/** PayPal's authorization statuses: capturable while created, pending or partly captured. */
function payPalHold(status: string): GatewayAuthorization["state"] {
  if (status === "VOIDED") return "voided"
  return ["CREATED", "PENDING", "PARTIALLY_CAPTURED"].includes(status) ? "open" : "closed"
}

/** A payment intent holds the card while it requires capture; a canceled one released it. */
function stripeHold(status: string): GatewayAuthorization["state"] {
  if (status === "canceled") return "voided"
  return status === "requires_capture" ? "open" : "closed"
}

let fromEnvironment: Map<string, Gateway> | undefined

/**
 * The gateways of this process's environment, read once. Secrets play no part here, so
 * throwaway ones stand in for whatever the server was given.
 */
export function environmentGateways(): Map<string, Gateway> {
  fromEnvironment ??= configuredGateways(parseEnv(process.env, ephemeralSecrets))
  return fromEnvironment
}

import {
  gatewayMovements,
  PayPalClient,
  type PayPalOrder,
  type PayPalSessionData,
} from "@zoco/payment-paypal/providers/paypal"
import Stripe from "stripe"
import { fromMinor, stepDecimalsOf } from "../../modules/payment-stripe/ledger"
import { ephemeralSecrets, parseEnv, type ZocoEnv } from "../env"
import type { GatewayState } from "./reconcile"

/** A payment as the reconciliation reads it from Medusa. */
export type ReconciledPayment = {
  id: string
  provider_id: string
  currency_code: string
  amount: number | string
  data: Record<string, unknown> | null
  captures?: { amount: number | string }[] | null
  refunds?: { amount: number | string }[] | null
}

export type Gateway = {
  /** The gateway's captures and refunds of the payment. */
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
        return {
          captures: captures.map((c) => ({ id: c.id, amount: c.value })),
          refunds: refunds.map((r) => ({ id: r.id, amount: r.value })),
        }
      },
      known(payment) {
        const data = (payment.data ?? {}) as Partial<PayPalSessionData>
        return [...(data.captures ?? []), ...(data.refunds ?? [])].map((e) => e.id)
      },
    })
  }
  if (env.stripe) {
    const stripe = new Stripe(env.stripe.apiKey)
    gateways.set("pp_stripe_stripe", {
      async read(payment) {
        const id = (payment.data as { id?: string } | null)?.id
        if (!id?.startsWith("pi_")) return { captures: [], refunds: [] }
        const intent = await stripe.paymentIntents.retrieve(id)
        const refunds = await stripe.refunds.list({ payment_intent: id, limit: 100 })
        return {
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

let fromEnvironment: Map<string, Gateway> | undefined

/**
 * The gateways of this process's environment, read once. Secrets play no part here, so
 * throwaway ones stand in for whatever the server was given.
 */
export function environmentGateways(): Map<string, Gateway> {
  fromEnvironment ??= configuredGateways(parseEnv(process.env, ephemeralSecrets))
  return fromEnvironment
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { ephemeralSecrets, parseEnv } from "../lib/env"
import { publishDivergences } from "../lib/payments/divergence-metric"
import { reconcilePaymentsWorkflow } from "../workflows/payments/reconcile-payments"

// Secrets play no part here: throwaway ones stand in for whatever the server was given.
const { paymentReconcileSchedule } = parseEnv(process.env, ephemeralSecrets)

/**
 * On PAYMENT_RECONCILE_SCHEDULE (every 15 minutes by default), the last 30 days of PayPal and
 * Stripe payments are compared with the gateways: what a gateway did that the books lack is
 * booked, the rest is logged and counted in `zoco_payment_divergences`.
 */
export default async function reconcilePayments(container: MedusaContainer) {
  // Medusa requires a schedule of every job; "off" keeps one that does nothing.
  if (!paymentReconcileSchedule) return
  const { result } = await reconcilePaymentsWorkflow(container).run({
    input: { days: 30, repair: true },
  })
  publishDivergences(container, result)
}

export const config = {
  name: "zoco-reconcile-payments",
  schedule: paymentReconcileSchedule ?? "*/15 * * * *",
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { publishDivergences } from "../lib/payments/divergence-metric"
import { reconcilePaymentsWorkflow } from "../workflows/payments/reconcile-payments"

/**
 * Every 15 minutes, the last 30 days of PayPal and Stripe payments are compared with the
 * gateways: what a gateway did that the books lack is booked, the rest is logged and counted in
 * `zoco_payment_divergences`.
 */
export default async function reconcilePayments(container: MedusaContainer) {
  const { result } = await reconcilePaymentsWorkflow(container).run({
    input: { days: 30, repair: true },
  })
  publishDivergences(container, result)
}

export const config = {
  name: "zoco-reconcile-payments",
  schedule: "*/15 * * * *",
}

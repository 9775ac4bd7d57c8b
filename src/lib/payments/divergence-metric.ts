import type { MedusaContainer } from "@medusajs/framework/types"
import type ObservabilityService from "@zoco/observability/modules/observability/service"
import type { PaymentReport } from "../../workflows/payments/reconcile-payments"

/**
 * Publishes, per provider, how many payments the last reconciliation left diverging from their
 * gateway (`zoco_payment_divergences`), on the observability plugin's `/metrics`.
 */
export function publishDivergences(container: MedusaContainer, reports: PaymentReport[]) {
  const observability = container.resolve<ObservabilityService | undefined>("observability", {
    allowUnregistered: true,
  })
  if (!observability) return
  const gauge = observability.gauge(
    "zoco_payment_divergences",
    "Payments whose books and gateway disagree after the last reconciliation, by provider",
    ["provider"]
  )
  const counts = new Map<string, number>()
  for (const report of reports) {
    const diverging = report.problems.length > 0 ? 1 : 0
    counts.set(report.provider_id, (counts.get(report.provider_id) ?? 0) + diverging)
  }
  for (const [provider, count] of counts) gauge.set({ provider }, count)
}

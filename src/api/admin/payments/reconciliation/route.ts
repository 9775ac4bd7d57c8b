import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { publishDivergences } from "../../../../lib/payments/divergence-metric"
import { reconcilePaymentsWorkflow } from "../../../../workflows/payments/reconcile-payments"
import type { ReconcileBody, ReconcileQuery } from "./validators"

/** How an order's payments (or recent ones) compare with their gateways, without changing anything. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.validatedQuery as ReconcileQuery
  const { result } = await reconcilePaymentsWorkflow(req.scope).run({
    input: { order_id: query.order_id, days: query.days, repair: false },
  })
  res.json({ payments: result })
}

/** The same, booking what the gateways did that the books lack. */
export async function POST(req: AuthenticatedMedusaRequest<ReconcileBody>, res: MedusaResponse) {
  const { result } = await reconcilePaymentsWorkflow(req.scope).run({
    input: { order_id: req.body.order_id, days: req.body.days, repair: true },
  })
  if (!req.body.order_id) publishDivergences(req.scope, result)
  res.json({ payments: result })
}

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { publishDivergences } from "../../../../lib/payments/divergence-metric"
import { reconcilePaymentsWorkflow } from "../../../../workflows/payments/reconcile-payments"
import { z } from "@medusajs/framework/zod"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { PaymentReconciliation, ReconcileBody, ReconcileQuery } from "./validators"

const answer = z.object({ payments: z.array(PaymentReconciliation) })

export const openapi: RouteDocs = {
  GET: {
    summary: "Compare payments with their gateways",
    description:
      "An order's PayPal and Stripe payments (order_id), or those of the last days (default 30), next to what the gateway holds. Changes nothing.",
    tags: ["Payments"],
    security: "admin",
    query: ReconcileQuery,
    responses: { 200: { description: "One entry per payment", body: answer } },
  },
  POST: {
    summary: "Reconcile payments with their gateways",
    description:
      "The same comparison, booking the captures and refunds the gateway made that the books lack, without moving money again. The rest is reported and counted in zoco_payment_divergences.",
    tags: ["Payments"],
    security: "admin",
    body: ReconcileBody,
    responses: { 200: { description: "One entry per payment", body: answer } },
  },
}

/** How an order's payments (or recent ones) compare with their gateways, without changing anything. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const query = req.validatedQuery as z.infer<typeof ReconcileQuery>
  const { result } = await reconcilePaymentsWorkflow(req.scope).run({
    input: { order_id: query.order_id, days: query.days, repair: false },
  })
  res.json({ payments: result })
}

/** The same, booking what the gateways did that the books lack. */
export async function POST(
  req: AuthenticatedMedusaRequest<z.infer<typeof ReconcileBody>>,
  res: MedusaResponse
) {
  const { result } = await reconcilePaymentsWorkflow(req.scope).run({
    input: { order_id: req.body.order_id, days: req.body.days, repair: true },
  })
  if (!req.body.order_id) publishDivergences(req.scope, result)
  res.json({ payments: result })
}

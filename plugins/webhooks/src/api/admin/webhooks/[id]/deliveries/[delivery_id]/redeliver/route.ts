import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { redeliverWebhookWorkflow } from "../../../../../../../workflows"
import { webhooks } from "../../../../../../helpers"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { AdminDelivery } from "../../../../../../validators"
import { deliverAndReport } from "../../../../../../../lib/notify"

export const openapi: RouteDocs = {
  POST: {
    summary: "Send a delivery again",
    description: "One more attempt now, for a dead or delivered one alike.",
    tags: ["Webhooks"],
    security: "admin",
    responses: {
      200: {
        description: "The delivery after the attempt",
        body: z.object({ delivery: AdminDelivery }),
      },
      404: { description: "No such delivery for this endpoint" },
    },
  },
}

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result: id } = await redeliverWebhookWorkflow(req.scope).run({
    input: { endpoint_id: req.params.id, delivery_id: req.params.delivery_id },
  })
  // This delivery only: the endpoints' backlog is the delivery job's, not an admin request's.
  await deliverAndReport(req.scope, { only: [id] })
  const [delivery] = await webhooks(req).listWebhookDeliveries({ id })
  res.json({ delivery })
}

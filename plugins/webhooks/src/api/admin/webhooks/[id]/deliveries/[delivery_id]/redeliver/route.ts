import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { webhooks } from "../../../../../../helpers"
import type { RouteDocs } from "../../../../../../openapi"
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
  const service = webhooks(req)
  const [owned] = await service.listWebhookDeliveries({
    id: req.params.delivery_id,
    endpoint_id: req.params.id,
  })
  if (!owned) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Delivery ${req.params.delivery_id} of webhook ${req.params.id} was not found`
    )
  }
  await service.redeliver(owned.id)
  await deliverAndReport(req.scope, { only: [owned.id] })
  const [delivery] = await service.listWebhookDeliveries({ id: owned.id })
  res.json({ delivery })
}

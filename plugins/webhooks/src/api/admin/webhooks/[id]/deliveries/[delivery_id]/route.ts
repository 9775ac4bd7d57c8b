import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { webhooks } from "../../../../../helpers"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import {
  AdminDeliveryQuery,
  AdminDeliveryWithPayload,
  DELIVERY_FIELDS,
} from "../../../../../validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "One delivery, with its payload",
    description:
      "The delivery as in the log, and the exact JSON body sent (or to be sent) to the endpoint.",
    tags: ["Webhooks"],
    security: "admin",
    query: AdminDeliveryQuery,
    responses: {
      200: { description: "The delivery", body: z.object({ delivery: AdminDeliveryWithPayload }) },
      404: { description: "No such delivery for this endpoint" },
    },
  },
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const [delivery] = await webhooks(req).listWebhookDeliveries(
    { id: req.params.delivery_id, endpoint_id: req.params.id },
    {
      select: [...DELIVERY_FIELDS, "payload"],
    }
  )
  if (!delivery) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Delivery ${req.params.delivery_id} of webhook ${req.params.id} was not found`
    )
  }
  res.json({ delivery })
}

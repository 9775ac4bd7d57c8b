import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { generateEntityId } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { PING } from "../../../../../lib/events"
import { webhooks } from "../../../../helpers"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { AdminDelivery } from "../../../../validators"
import { deliverAndReport } from "../../../../../lib/notify"

export const openapi: RouteDocs = {
  POST: {
    summary: "Send a test event",
    description:
      "Sends a signed `ping` event to the endpoint now and answers with the delivery: what the endpoint answered, or why it failed.",
    tags: ["Webhooks"],
    security: "admin",
    responses: {
      200: { description: "The delivery", body: z.object({ delivery: AdminDelivery }) },
      404: { description: "No such endpoint" },
    },
  },
}

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = webhooks(req)
  const endpoint = await service.retrieveWebhookEndpoint(req.params.id)
  const eventId = generateEntityId(undefined, "evt")
  const written = await service.enqueue(
    {
      id: eventId,
      type: PING,
      created_at: new Date().toISOString(),
      data: { webhook_id: endpoint.id },
    },
    { only: endpoint.id }
  )
  // This ping only: the endpoints' backlog is the delivery job's, not an admin request's.
  await deliverAndReport(req.scope, { only: written })
  const [delivery] = await service.listWebhookDeliveries({
    endpoint_id: endpoint.id,
    event_id: eventId,
  })
  res.json({ delivery })
}

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { webhooks } from "../../../../helpers"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { AdminDelivery, AdminListDeliveriesQuery, DELIVERY_FIELDS } from "../../../../validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "An endpoint's delivery log",
    description: "Newest first: status, attempts, the last answer and error, the next retry.",
    tags: ["Webhooks"],
    security: "admin",
    query: AdminListDeliveriesQuery,
    responses: {
      200: {
        description: "A page of deliveries",
        body: z.object({
          deliveries: z.array(AdminDelivery),
          count: z.number().int(),
          limit: z.number().int(),
          offset: z.number().int(),
        }),
      },
      404: { description: "No such endpoint" },
    },
  },
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = webhooks(req)
  await service.retrieveWebhookEndpoint(req.params.id)
  const { status, limit, offset } = req.validatedQuery as AdminListDeliveriesQuery
  const [deliveries, count] = await service.listAndCountWebhookDeliveries(
    { endpoint_id: req.params.id, ...(status ? { status } : {}) },
    {
      skip: offset,
      take: limit,
      order: { created_at: "DESC" },
      select: [...DELIVERY_FIELDS],
    }
  )
  res.json({ deliveries, count, limit, offset })
}

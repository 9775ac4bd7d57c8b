import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { deleteWebhookEndpointWorkflow, updateWebhookEndpointWorkflow } from "../../../../workflows"
import { toAdminWebhook, webhooks } from "../../../helpers"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { AdminUpdateWebhook, AdminWebhook } from "../../../validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "Get a webhook endpoint",
    tags: ["Webhooks"],
    security: "admin",
    responses: {
      200: { description: "The endpoint", body: z.object({ webhook: AdminWebhook }) },
      404: { description: "No such endpoint" },
    },
  },
  POST: {
    summary: "Update a webhook endpoint",
    description:
      "Change its URL, events or description, pause it, or resume it (`status: active`).",
    tags: ["Webhooks"],
    security: "admin",
    body: AdminUpdateWebhook,
    responses: {
      200: { description: "The endpoint", body: z.object({ webhook: AdminWebhook }) },
      400: { description: "Bad URL, private address or unknown event" },
      404: { description: "No such endpoint" },
    },
  },
  DELETE: {
    summary: "Delete a webhook endpoint",
    description: "Its pending deliveries are dropped with it.",
    tags: ["Webhooks"],
    security: "admin",
    responses: {
      200: {
        description: "Deleted",
        body: z.object({ id: z.string(), object: z.literal("webhook"), deleted: z.boolean() }),
      },
      404: { description: "No such endpoint" },
    },
  },
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const endpoint = await webhooks(req).retrieveWebhookEndpoint(req.params.id)
  res.json({ webhook: toAdminWebhook(endpoint) })
}

export async function POST(
  req: AuthenticatedMedusaRequest<AdminUpdateWebhook>,
  res: MedusaResponse
) {
  const { result } = await updateWebhookEndpointWorkflow(req.scope).run({
    input: { id: req.params.id, ...req.validatedBody },
  })
  res.json({ webhook: toAdminWebhook(result) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await deleteWebhookEndpointWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "webhook", deleted: true })
}

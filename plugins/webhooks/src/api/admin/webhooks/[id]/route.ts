import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { assertSafeUrl, toAdminWebhook, webhooks } from "../../../helpers"
import type { RouteDocs } from "../../../openapi"
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
  const service = webhooks(req)
  await service.retrieveWebhookEndpoint(req.params.id)
  const { status, ...changes } = req.validatedBody
  if (changes.url) await assertSafeUrl(service, changes.url)
  const [updated] = await service.updateWebhookEndpoints([
    {
      id: req.params.id,
      ...changes,
      ...(status === "active" ? { status, paused_reason: null, failing_since: null } : {}),
      ...(status === "paused" ? { status, paused_reason: "Paused by the merchant" } : {}),
    },
  ])
  res.json({ webhook: toAdminWebhook(updated) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const service = webhooks(req)
  await service.retrieveWebhookEndpoint(req.params.id)
  await service.deleteWebhookEndpoints([req.params.id])
  res.json({ id: req.params.id, object: "webhook", deleted: true })
}

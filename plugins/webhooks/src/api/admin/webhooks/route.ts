import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { createWebhookEndpointWorkflow } from "../../../workflows"
import { toAdminWebhook, webhooks } from "../../helpers"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { AdminCreateWebhook, AdminWebhook, AdminWebhookWithSecret } from "../../validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "List webhook endpoints",
    tags: ["Webhooks"],
    security: "admin",
    responses: {
      200: { description: "Every endpoint", body: z.object({ webhooks: z.array(AdminWebhook) }) },
    },
  },
  POST: {
    summary: "Create a webhook endpoint",
    description:
      "The answer carries the endpoint's signing secret, the only time it is shown. URLs that resolve to loopback, private or link-local addresses are refused.",
    tags: ["Webhooks"],
    security: "admin",
    body: AdminCreateWebhook,
    responses: {
      201: { description: "Created", body: z.object({ webhook: AdminWebhookWithSecret }) },
      400: { description: "Bad URL, private address or unknown event" },
    },
  },
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const endpoints = await webhooks(req).listWebhookEndpoints({}, { order: { created_at: "ASC" } })
  res.json({ webhooks: endpoints.map((e) => toAdminWebhook(e)) })
}

export async function POST(
  req: AuthenticatedMedusaRequest<AdminCreateWebhook>,
  res: MedusaResponse
) {
  const { result } = await createWebhookEndpointWorkflow(req.scope).run({
    input: req.validatedBody,
  })
  res.status(201).json({ webhook: toAdminWebhook(result, true) })
}

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { rotateWebhookSecretWorkflow } from "../../../../../workflows"
import { toAdminWebhook } from "../../../../helpers"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { AdminRotateSecret, AdminWebhookWithSecret } from "../../../../validators"

export const openapi: RouteDocs = {
  POST: {
    summary: "Rotate a webhook endpoint's secret",
    description:
      "A new secret (generated, or `secret` when given), shown once. The old one keeps signing next to it for `overlap_hours`, so the receiver can switch without missing events.",
    tags: ["Webhooks"],
    security: "admin",
    body: AdminRotateSecret,
    responses: {
      200: { description: "The new secret", body: z.object({ webhook: AdminWebhookWithSecret }) },
      404: { description: "No such endpoint" },
    },
  },
}

export async function POST(
  req: AuthenticatedMedusaRequest<AdminRotateSecret>,
  res: MedusaResponse
) {
  const { result } = await rotateWebhookSecretWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      overlap_ms: req.validatedBody.overlap_hours * 3_600_000,
      secret: req.validatedBody.secret,
    },
  })
  res.json({ webhook: toAdminWebhook(result, true) })
}

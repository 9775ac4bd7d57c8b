import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { rulesAnswer } from "@zoco/plugin-kit/rules"
import { changeWebhookRulesWorkflow } from "../../../workflows"
import { webhooks } from "../../helpers"
import { AdminChangeWebhookRules, AdminWebhookRulesResponse } from "../../validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "Delivery rules",
    description:
      "The webhook delivery rules in force, what the server's configuration sets, and what the merchant changed.",
    tags: ["Webhooks"],
    security: "admin",
    responses: { 200: { description: "The rules", body: AdminWebhookRulesResponse } },
  },
  POST: {
    summary: "Change the delivery rules",
    description:
      "Sets how many attempts a delivery gets and after how many hours of failures an endpoint is paused. They apply from the next attempt on, on every server, and outlive restarts; `null` returns a rule to the server's configuration.",
    tags: ["Webhooks"],
    security: "admin",
    body: AdminChangeWebhookRules,
    responses: {
      200: { description: "The rules after the change", body: AdminWebhookRulesResponse },
      400: { description: "A rule out of range, or an unknown field" },
    },
  },
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await rulesAnswer(webhooks(req)))
}

export async function POST(
  req: AuthenticatedMedusaRequest<AdminChangeWebhookRules>,
  res: MedusaResponse
) {
  await changeWebhookRulesWorkflow(req.scope).run({ input: req.validatedBody })
  res.json(await rulesAnswer(webhooks(req)))
}

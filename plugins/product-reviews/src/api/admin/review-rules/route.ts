import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { rulesAnswer } from "@zoco/plugin-kit/rules"
import { changeReviewRulesWorkflow } from "../../../workflows/change-review-rules"
import { reviews } from "../../helpers"
import type { RouteDocs } from "../../openapi"
import { AdminChangeReviewRules, AdminReviewRulesResponse } from "../../validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "Moderation rules",
    description:
      "The review rules in force, what the server's configuration sets, and what the merchant changed.",
    tags: ["Reviews"],
    security: "admin",
    responses: { 200: { description: "The rules", body: AdminReviewRulesResponse } },
  },
  POST: {
    summary: "Change the moderation rules",
    description:
      "Sets auto-approval of verified buyers and the per-customer posting limit. They apply from the next review on, on every server, and outlive restarts; `null` returns a rule to the server's configuration.",
    tags: ["Reviews"],
    security: "admin",
    body: AdminChangeReviewRules,
    responses: {
      200: { description: "The rules after the change", body: AdminReviewRulesResponse },
      400: { description: "A rule out of range, or an unknown field" },
    },
  },
}

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  res.json(await rulesAnswer(reviews(req)))
}

export async function POST(
  req: AuthenticatedMedusaRequest<AdminChangeReviewRules>,
  res: MedusaResponse
) {
  await changeReviewRulesWorkflow(req.scope).run({ input: req.validatedBody })
  res.json(await rulesAnswer(reviews(req)))
}

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { voteReviewHelpfulWorkflow } from "../../../../../workflows/vote-review-helpful"
import type { RouteDocs } from "../../../../openapi"

export const openapi: RouteDocs = {
  POST: {
    summary: "Mark a review helpful",
    description: "One vote per customer and review; not on one's own review.",
    tags: ["Reviews"],
    security: "customer",
    responses: {
      200: {
        description: "Vote counted",
        body: z.object({ review_id: z.string(), helpful_count: z.number().int() }),
      },
      400: { description: "The customer's own review" },
      401: { description: "Not logged in as a customer" },
      404: { description: "No approved review with that id" },
      422: { description: "Already voted" },
    },
  },
}

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const { result } = await voteReviewHelpfulWorkflow(req.scope).run({
    input: { review_id: req.params.id, customer_id: req.auth_context.actor_id },
  })
  res.json(result)
}

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { replyToReviewsWorkflow } from "../../../../workflows/reply-to-reviews"
import { bulkRouteDocs, withProductsAndCustomers } from "../../../admin-reviews"
import { AdminReplyToReviews } from "../../../validators"

export const openapi = bulkRouteDocs(
  "Reply to reviews",
  "The merchant's public answer, shown under each review; `null` takes it down.",
  AdminReplyToReviews
)

export async function POST(
  req: AuthenticatedMedusaRequest<AdminReplyToReviews>,
  res: MedusaResponse
) {
  const { result } = await replyToReviewsWorkflow(req.scope).run({ input: req.validatedBody })
  res.json({ reviews: await withProductsAndCustomers(req, result) })
}

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setReviewStatusWorkflow } from "../../../../workflows/set-review-status"
import { bulkRouteDocs, withProductsAndCustomers } from "../../../admin-reviews"
import { AdminReviewIds } from "../../../validators"

export const openapi = bulkRouteDocs(
  "Approve reviews",
  "Publishes the reviews and counts them in their products' ratings.",
  AdminReviewIds
)

export async function POST(req: AuthenticatedMedusaRequest<AdminReviewIds>, res: MedusaResponse) {
  const { result } = await setReviewStatusWorkflow(req.scope).run({
    input: { ids: req.validatedBody.ids, status: "approved" },
  })
  res.json({ reviews: await withProductsAndCustomers(req, result) })
}

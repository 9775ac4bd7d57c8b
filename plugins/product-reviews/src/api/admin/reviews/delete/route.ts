import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteReviewsWorkflow } from "../../../../workflows/delete-reviews"
import { bulkRouteDocs, withProductsAndCustomers } from "../../../admin-reviews"
import { AdminReviewIds } from "../../../validators"

export const openapi = bulkRouteDocs(
  "Delete reviews",
  "Removes the reviews from the store and from their products' ratings.",
  AdminReviewIds
)

export async function POST(req: AuthenticatedMedusaRequest<AdminReviewIds>, res: MedusaResponse) {
  const { result } = await deleteReviewsWorkflow(req.scope).run({
    input: { ids: req.validatedBody.ids },
  })
  res.json({ reviews: await withProductsAndCustomers(req, result) })
}

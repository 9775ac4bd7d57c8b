import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setReviewStatusWorkflow } from "../../../../workflows/set-review-status"
import { bulkRouteDocs, withProductsAndCustomers } from "../../../admin-reviews"
import { AdminRejectReviews } from "../../../validators"

export const openapi = bulkRouteDocs(
  "Reject reviews",
  "Takes the reviews out of the store, keeping the reason for the merchant; the customer may edit and resubmit.",
  AdminRejectReviews
)

export async function POST(
  req: AuthenticatedMedusaRequest<AdminRejectReviews>,
  res: MedusaResponse
) {
  const { result } = await setReviewStatusWorkflow(req.scope).run({
    input: { ids: req.validatedBody.ids, status: "rejected", reason: req.validatedBody.reason },
  })
  res.json({ reviews: await withProductsAndCustomers(req, result) })
}

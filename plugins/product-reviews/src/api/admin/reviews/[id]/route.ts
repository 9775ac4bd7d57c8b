import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { deleteReviewsWorkflow } from "../../../../workflows/delete-reviews"
import { withProductsAndCustomers } from "../../../admin-reviews"
import { reviews } from "../../../helpers"
import type { RouteDocs } from "../../../openapi"
import { AdminReview } from "../../../validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "Get a review",
    tags: ["Reviews"],
    security: "admin",
    responses: {
      200: { description: "The review", body: z.object({ review: AdminReview }) },
      404: { description: "No review with that id" },
    },
  },
  DELETE: {
    summary: "Delete a review",
    description: "Removes it from the store and from the product's rating.",
    tags: ["Reviews"],
    security: "admin",
    responses: {
      200: {
        description: "Deleted",
        body: z.object({
          id: z.string(),
          object: z.literal("product_review"),
          deleted: z.boolean(),
        }),
      },
      404: { description: "No review with that id" },
    },
  },
}

export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const row = await reviews(req).retrieveProductReview(req.params.id)
  const [review] = await withProductsAndCustomers(req, [row])
  res.json({ review })
}

export async function DELETE(req: MedusaRequest, res: MedusaResponse) {
  await deleteReviewsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "product_review", deleted: true })
}

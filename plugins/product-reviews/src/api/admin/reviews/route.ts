import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { withProductsAndCustomers } from "../../admin-reviews"
import { ORDER_BY, reviews } from "../../helpers"
import type { RouteDocs } from "../../openapi"
import { AdminListReviewsQuery, AdminReview } from "../../validators"

export const openapi: RouteDocs = {
  GET: {
    summary: "List reviews",
    description:
      "Every review, filtered by status, rating, product, verified purchase, date or text.",
    tags: ["Reviews"],
    security: "admin",
    query: AdminListReviewsQuery,
    responses: {
      200: {
        description: "A page of reviews",
        body: z.object({
          reviews: z.array(AdminReview),
          count: z.number().int(),
          limit: z.number().int(),
          offset: z.number().int(),
        }),
      },
    },
  },
}

/** `%` and `_` in what the merchant typed are letters, not wildcards. */
function contains(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const q = req.validatedQuery as AdminListReviewsQuery
  const filters: Record<string, unknown> = {}
  if (q.id) filters.id = q.id
  if (q.status) filters.status = q.status
  if (q.rating) filters.rating = q.rating
  if (q.product_id) filters.product_id = q.product_id
  if (q.verified_purchase !== undefined) filters.verified_purchase = q.verified_purchase
  if (q.created_after || q.created_before) {
    filters.created_at = {
      ...(q.created_after ? { $gte: q.created_after } : {}),
      ...(q.created_before ? { $lte: q.created_before } : {}),
    }
  }
  if (q.q) {
    filters.$or = [{ title: { $ilike: contains(q.q) } }, { content: { $ilike: contains(q.q) } }]
  }
  const [rows, count] = await reviews(req).listAndCountProductReviews(filters, {
    skip: q.offset,
    take: q.limit,
    order: ORDER_BY[q.order],
  })
  res.json({
    reviews: await withProductsAndCustomers(req, rows),
    count,
    limit: q.limit,
    offset: q.offset,
  })
}

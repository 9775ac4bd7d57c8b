import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
  MedusaStoreRequest,
} from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { createReviewWorkflow } from "../../../../../workflows/create-review"
import {
  assertReviewableProduct,
  ORDER_BY,
  ratingSummary,
  reviews,
  salesChannelsOf,
  toStoreReview,
} from "../../../../helpers"
import type { RouteDocs } from "../../../../openapi"
import {
  RatingSummary,
  StoreCreateReview,
  StoreListReviewsQuery,
  StoreReview,
} from "../../../../validators"

const OwnReview = StoreReview.extend({
  status: z.enum(["pending", "approved", "rejected"]).describe("Pending until moderated"),
})

export const openapi: RouteDocs = {
  GET: {
    summary: "List a product's reviews",
    description: "Approved reviews, a page at a time, with the product's rating summary.",
    tags: ["Reviews"],
    security: "publishable-key",
    query: StoreListReviewsQuery,
    responses: {
      200: {
        description: "A page of reviews and the summary",
        body: z.object({
          reviews: z.array(StoreReview),
          count: z.number().int(),
          limit: z.number().int(),
          offset: z.number().int(),
          summary: RatingSummary,
        }),
      },
      404: { description: "No published product with that id" },
    },
  },
  POST: {
    summary: "Review a product",
    description:
      "The logged-in customer's review. A second post edits the first: one review per customer and product. It waits for moderation unless auto-approved.",
    tags: ["Reviews"],
    security: "customer",
    body: StoreCreateReview,
    responses: {
      201: { description: "Review created", body: z.object({ review: OwnReview }) },
      200: { description: "Review edited", body: z.object({ review: OwnReview }) },
      401: { description: "Not logged in as a customer" },
      404: { description: "No published product with that id" },
      429: { description: "Too many reviews posted recently" },
    },
  },
}

export async function GET(req: MedusaStoreRequest, res: MedusaResponse) {
  const productId = req.params.id
  await assertReviewableProduct(req, productId)
  const { limit, offset, order } = req.validatedQuery as StoreListReviewsQuery
  const [rows, count] = await reviews(req).listAndCountProductReviews(
    { product_id: productId, status: "approved" },
    { skip: offset, take: limit, order: ORDER_BY[order] }
  )
  res.json({
    reviews: rows.map(toStoreReview),
    count,
    limit,
    offset,
    summary: await ratingSummary(req, productId),
  })
}

export async function POST(
  req: AuthenticatedMedusaRequest<StoreCreateReview>,
  res: MedusaResponse
) {
  const { result } = await createReviewWorkflow(req.scope).run({
    input: {
      ...req.validatedBody,
      product_id: req.params.id,
      customer_id: req.auth_context.actor_id,
      sales_channel_ids: salesChannelsOf(req),
    },
  })
  res
    .status(result.edited ? 200 : 201)
    .json({ review: { ...toStoreReview(result.review), status: result.review.status } })
}

import {
  allowFields,
  authenticate,
  defineMiddlewares,
  validateAndTransformBody,
} from "@medusajs/framework/http"
import { validateQuery } from "./helpers"
import { limitReviewPosts } from "./rate-limit"
import {
  AdminChangeReviewRules,
  AdminListReviewsQuery,
  AdminRejectReviews,
  AdminReplyToReviews,
  AdminReviewIds,
  StoreCreateReview,
  StoreListReviewsQuery,
} from "./validators"

const customer = authenticate("customer", ["session", "bearer"])
// The store's product routes may return `rating` (`fields=+rating.*`), the read-only link.
const allowRating = allowFields("rating", "rating.*")

export default defineMiddlewares({
  routes: [
    // A wildcard, so it runs before the product routes' own query validation (Medusa orders
    // wildcard middlewares before those of a static path).
    { matcher: "/store/products*", method: ["GET"], middlewares: [allowRating] },
    {
      matcher: "/store/products/:id/reviews",
      method: ["GET"],
      middlewares: [validateQuery(StoreListReviewsQuery)],
    },
    {
      matcher: "/store/products/:id/reviews",
      method: ["POST"],
      middlewares: [customer, validateAndTransformBody(StoreCreateReview), limitReviewPosts],
    },
    { matcher: "/store/reviews/:id/helpful", method: ["POST"], middlewares: [customer] },
    {
      matcher: "/admin/reviews",
      method: ["GET"],
      middlewares: [validateQuery(AdminListReviewsQuery)],
    },
    {
      matcher: "/admin/reviews/approve",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminReviewIds)],
    },
    {
      matcher: "/admin/reviews/reject",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminRejectReviews)],
    },
    {
      matcher: "/admin/reviews/reply",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminReplyToReviews)],
    },
    {
      matcher: "/admin/review-rules",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminChangeReviewRules)],
    },
    {
      matcher: "/admin/reviews/delete",
      method: ["POST"],
      middlewares: [validateAndTransformBody(AdminReviewIds)],
    },
  ],
})

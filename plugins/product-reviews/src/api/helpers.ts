import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MedusaStoreRequest,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"
import { PRODUCT_REVIEW_MODULE } from "../modules/product-review"
import type ProductReviewService from "../modules/product-review/service"
import { isReviewable } from "../modules/product-review/reviewable"
import type { RatingSummary, ReviewRow } from "../modules/product-review/types"
import type { ReviewOrder } from "./validators"

/** Validates the query string with a `.strict()` schema; unknown or bad parameters are a 400. */
export function validateQuery(schema: z.ZodType) {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = schema.safeParse(req.query)
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) =>
        issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message
      )
      return next(
        new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problems.join("; ")}`)
      )
    }
    req.validatedQuery = parsed.data as Record<string, unknown>
    next()
  }
}

export const ORDER_BY: Record<ReviewOrder, Record<string, "ASC" | "DESC">> = {
  newest: { created_at: "DESC", id: "DESC" },
  oldest: { created_at: "ASC", id: "ASC" },
  highest: { rating: "DESC", created_at: "DESC", id: "DESC" },
  lowest: { rating: "ASC", created_at: "DESC", id: "DESC" },
  most_helpful: { helpful_count: "DESC", created_at: "DESC", id: "DESC" },
}

export function reviews(req: MedusaRequest) {
  return req.scope.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE)
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/** A review as the store shows it: no customer id, status or moderation notes. */
export function toStoreReview(r: ReviewRow) {
  return {
    id: r.id,
    product_id: r.product_id,
    display_name: r.display_name,
    rating: r.rating,
    title: r.title,
    content: r.content,
    verified_purchase: r.verified_purchase,
    helpful_count: r.helpful_count,
    reply: r.reply,
    replied_at: iso(r.replied_at),
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  }
}

/** A review as the merchant sees it. */
export function toAdminReview(
  r: ReviewRow,
  product: { id: string; title: string; thumbnail: string | null } | null = null,
  customer: { id: string; email: string } | null = null
) {
  return {
    ...toStoreReview(r),
    customer_id: r.customer_id,
    status: r.status,
    rejection_reason: r.rejection_reason,
    product,
    customer,
  }
}

/** The rating summary of a product: zeros before its first approved review. */
export async function ratingSummary(req: MedusaRequest, productId: string): Promise<RatingSummary> {
  const [rating] = await reviews(req).listProductRatings({ product_id: productId })
  return {
    average: Number(rating?.average ?? 0),
    count: rating?.count ?? 0,
    counts: {
      1: rating?.count_1 ?? 0,
      2: rating?.count_2 ?? 0,
      3: rating?.count_3 ?? 0,
      4: rating?.count_4 ?? 0,
      5: rating?.count_5 ?? 0,
    },
  }
}

/** The sales channels of the request's publishable key. */
export function salesChannelsOf(req: MedusaStoreRequest | MedusaRequest): string[] {
  return (req as MedusaStoreRequest).publishable_key_context?.sales_channel_ids ?? []
}

/** 404 unless the product is published and sold in one of the key's sales channels. */
export async function assertReviewableProduct(req: MedusaStoreRequest | MedusaRequest, id: string) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [product],
  } = await query.graph({
    entity: "product",
    fields: ["id", "status", "sales_channels.id"],
    filters: { id },
  })
  if (!isReviewable(product, salesChannelsOf(req))) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product with id: ${id} was not found`)
  }
}

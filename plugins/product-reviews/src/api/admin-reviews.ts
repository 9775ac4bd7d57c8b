import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { ReviewRow } from "../modules/product-review/types"
import { z } from "@medusajs/framework/zod"
import { toAdminReview } from "./helpers"
import type { RouteDocs } from "./openapi"
import { AdminReview } from "./validators"

/**
 * Reviews as the admin shows them, with the product's title and the customer's email. Looked up
 * by id, not through the review-product and review-customer links: query.graph passes
 * `withDeleted` to the root entity only, and a review of a deleted product or customer must
 * still show its title and email.
 */
export async function withProductsAndCustomers(req: MedusaRequest, rows: ReviewRow[]) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const productIds = [...new Set(rows.map((r) => r.product_id))]
  const customerIds = [...new Set(rows.map((r) => r.customer_id))]
  const [{ data: products }, { data: customers }] = await Promise.all([
    productIds.length
      ? query.graph({
          entity: "product",
          fields: ["id", "title", "thumbnail"],
          filters: { id: productIds },
          withDeleted: true,
        })
      : { data: [] },
    customerIds.length
      ? query.graph({
          entity: "customer",
          fields: ["id", "email"],
          filters: { id: customerIds },
          withDeleted: true,
        })
      : { data: [] },
  ])
  const product = new Map(products.map((p) => [p.id, p]))
  const customer = new Map(customers.map((c) => [c.id, c]))
  return rows.map((r) => {
    const p = product.get(r.product_id)
    const c = customer.get(r.customer_id)
    return toAdminReview(
      r,
      p ? { id: p.id, title: p.title, thumbnail: p.thumbnail ?? null } : null,
      c ? { id: c.id, email: c.email } : null
    )
  })
}

/** What the bulk moderation routes (approve, reject, reply, delete) say about themselves. */
export function bulkRouteDocs(summary: string, description: string, body: z.ZodType): RouteDocs {
  return {
    POST: {
      summary,
      description: `${description} Takes up to 100 ids; if one is not a review, nothing changes.`,
      tags: ["Reviews"],
      security: "admin",
      body,
      responses: {
        200: {
          description: "The reviews as they are now",
          body: z.object({ reviews: z.array(AdminReview) }),
        },
        404: { description: "One of the ids is not a review; nothing was changed" },
      },
    },
  }
}

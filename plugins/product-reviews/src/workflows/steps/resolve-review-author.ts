import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { isReviewable } from "../../modules/product-review/reviewable"

export type ResolveReviewAuthorInput = {
  product_id: string
  customer_id: string
  /** The storefront's sales channels: only products sold there can be reviewed. */
  sales_channel_ids?: string[]
}
export type ReviewAuthor = { display_name: string; verified_purchase: boolean }

export const resolveReviewAuthorStepId = "resolve-review-author"

/**
 * Checks the product can be reviewed and works out how the author is shown ("Ana P.") and
 * whether they bought the product (an order that was not canceled holds it). Reads only.
 */
export const resolveReviewAuthorStep = createStep(
  resolveReviewAuthorStepId,
  async (input: ResolveReviewAuthorInput, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [product],
    } = await query.graph({
      entity: "product",
      fields: ["id", "status", "sales_channels.id"],
      filters: { id: input.product_id },
    })
    if (!isReviewable(product, input.sales_channel_ids ?? [])) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Product with id: ${input.product_id} was not found`
      )
    }
    const {
      data: [customer],
    } = await query.graph({
      entity: "customer",
      fields: ["id", "first_name", "last_name"],
      filters: { id: input.customer_id },
    })
    if (!customer) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "Only customers can write reviews")
    }
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id", "status", "items.product_id"],
      filters: { customer_id: input.customer_id },
    })
    const verified = (
      orders as { status: string; items?: ({ product_id?: string | null } | null)[] | null }[]
    ).some(
      (order) =>
        order.status !== "canceled" &&
        (order.items ?? []).some((item) => item?.product_id === input.product_id)
    )
    return new StepResponse<ReviewAuthor>({
      display_name: displayName(customer.first_name, customer.last_name),
      verified_purchase: verified,
    })
  }
)

/** "Ana P.": enough to be a person, not enough to be found. */
export function displayName(first?: string | null, last?: string | null) {
  const given = first?.trim()
  const initial = last?.trim().charAt(0)
  if (!given) return "Customer"
  return initial ? `${given} ${initial.toUpperCase()}.` : given
}

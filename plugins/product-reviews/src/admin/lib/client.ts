import { sdk } from "@zoco/plugin-kit/admin/sdk"

export { sdk }

export type ReviewStatus = "pending" | "approved" | "rejected"

export type AdminReview = {
  id: string
  product_id: string
  display_name: string
  rating: number
  title: string
  content: string
  status: ReviewStatus
  verified_purchase: boolean
  helpful_count: number
  rejection_reason: string | null
  reply: string | null
  created_at: string
  product: { id: string; title: string; thumbnail: string | null } | null
  customer: { id: string; email: string } | null
}

export type ReviewFilters = {
  id?: string
  status?: ReviewStatus
  rating?: number
  product_id?: string
  verified_purchase?: "true" | "false"
  q?: string
  limit: number
  offset: number
}

export type ProductRating = {
  average: number
  count: number
  count_1: number
  count_2: number
  count_3: number
  count_4: number
  count_5: number
}

/** The plugin's Admin API, as the dashboard pages call it. */
export const reviewsApi = {
  list: (filters: ReviewFilters) =>
    sdk.client.fetch<{ reviews: AdminReview[]; count: number }>("/admin/reviews", {
      query: Object.fromEntries(
        Object.entries(filters).filter(([, v]) => v !== undefined && v !== "")
      ),
    }),
  approve: (ids: string[]) =>
    sdk.client.fetch("/admin/reviews/approve", { method: "POST", body: { ids } }),
  reject: (ids: string[], reason: string) =>
    sdk.client.fetch("/admin/reviews/reject", { method: "POST", body: { ids, reason } }),
  reply: (ids: string[], reply: string | null) =>
    sdk.client.fetch("/admin/reviews/reply", { method: "POST", body: { ids, reply } }),
  remove: (ids: string[]) =>
    sdk.client.fetch("/admin/reviews/delete", { method: "POST", body: { ids } }),
  rating: async (productId: string) => {
    const { product } = await sdk.client.fetch<{ product: { rating?: ProductRating | null } }>(
      `/admin/products/${productId}`,
      { query: { fields: "id,*rating" } }
    )
    return product.rating ?? null
  },
}

export const STATUS_COLOR: Record<ReviewStatus, "orange" | "green" | "red"> = {
  pending: "orange",
  approved: "green",
  rejected: "red",
}

/** "★★★★☆" for 4; the number is in the accessible label. */
export function stars(rating: number) {
  const full = Math.round(rating)
  return "★".repeat(full) + "☆".repeat(5 - full)
}

/** A product the store sells: published, and in one of the channels (when any are given). */
export function isReviewable(
  product: { status?: string; sales_channels?: ({ id: string } | null)[] | null } | undefined,
  salesChannelIds: string[]
) {
  if (!product || product.status !== "published") return false
  if (!salesChannelIds.length) return true
  return (product.sales_channels ?? []).some((c) => c && salesChannelIds.includes(c.id))
}

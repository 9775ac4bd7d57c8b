import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProduct, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { reviewsApi, STATUS_COLOR, stars } from "../lib/client"

/** On a product's page: its rating from approved reviews, and the latest reviews of any status. */
const ProductReviewsWidget = ({ data: product }: DetailWidgetProps<AdminProduct>) => {
  const { data: rating } = useQuery({
    queryKey: ["product-reviews", "rating", product.id],
    queryFn: () => reviewsApi.rating(product.id),
  })
  const { data: latest, error } = useQuery({
    queryKey: ["product-reviews", { product_id: product.id, limit: 5, offset: 0 }],
    queryFn: () => reviewsApi.list({ product_id: product.id, limit: 5, offset: 0 }),
  })
  const count = rating?.count ?? 0

  return (
    <Container className="divide-y p-0" data-testid="product-reviews-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Reviews</Heading>
        <Link
          to={`/reviews?product_id=${product.id}`}
          className="text-ui-fg-interactive txt-compact-small"
        >
          Moderate
        </Link>
      </div>
      <div className="flex items-center gap-x-6 px-6 py-4">
        <div>
          <Text size="xlarge" weight="plus" data-testid="rating-average">
            {count ? rating!.average.toFixed(1) : "–"}
          </Text>
          <Text size="small" className="text-ui-fg-subtle" data-testid="rating-count">
            {count === 1 ? "1 approved review" : `${count} approved reviews`}
          </Text>
        </div>
        <div className="flex flex-1 flex-col gap-y-1">
          {([5, 4, 3, 2, 1] as const).map((n) => {
            const of = rating?.[`count_${n}`] ?? 0
            return (
              <div key={n} className="flex items-center gap-x-2">
                <Text size="xsmall" className="w-10">
                  {n} ★
                </Text>
                <div className="bg-ui-bg-subtle h-2 flex-1 overflow-hidden rounded">
                  <div
                    className="bg-ui-tag-orange-icon h-2"
                    style={{ width: count ? `${(of / count) * 100}%` : 0 }}
                  />
                </div>
                <Text size="xsmall" className="w-6 text-right">
                  {of}
                </Text>
              </div>
            )
          })}
        </div>
      </div>
      {(latest?.reviews ?? []).map((review) => (
        <div key={review.id} className="px-6 py-3">
          <div className="flex items-center justify-between">
            <Text size="small" weight="plus">
              {stars(review.rating)} {review.title}
            </Text>
            <Badge size="2xsmall" color={STATUS_COLOR[review.status]}>
              {review.status[0].toUpperCase() + review.status.slice(1)}
            </Badge>
          </div>
          <Text size="small" className="text-ui-fg-subtle line-clamp-2">
            {review.content}
          </Text>
          {review.reply && (
            <Text size="xsmall" className="text-ui-fg-muted">
              Your reply: {review.reply}
            </Text>
          )}
          <Text size="xsmall" className="text-ui-fg-muted">
            {review.display_name} ·{" "}
            {new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(
              new Date(review.created_at)
            )}
          </Text>
        </div>
      ))}
      {error && (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-error">
            Reviews could not be loaded: {error.message}
          </Text>
        </div>
      )}
      {latest && latest.reviews.length === 0 && (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            No reviews yet.
          </Text>
        </div>
      )}
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "product.details.after",
})

export default ProductReviewsWidget

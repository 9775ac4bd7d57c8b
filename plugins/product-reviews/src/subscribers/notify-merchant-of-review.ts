import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { INotificationModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { dashboardLink } from "@zoco/plugin-kit/notification-link"
import { PRODUCT_REVIEW_MODULE } from "../modules/product-review"
import { ProductReviewEvents, type ReviewSubmittedEvent } from "../modules/product-review/events"
import type ProductReviewService from "../modules/product-review/service"

/**
 * Tells the merchant a review waits for moderation: a notification in the admin's feed (the bell
 * in the dashboard), through Medusa's notification module, naming the author, the rating and the
 * title. One per review and version: an event handled twice (a retry, a redelivery after a
 * crash) does not ring twice. Without a provider for the `feed` channel nothing is sent and a
 * warning says why.
 */
export default async function notifyMerchantOfReview({
  event,
  container,
}: SubscriberArgs<ReviewSubmittedEvent>) {
  if (event.data.status !== "pending") return
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION, {
    allowUnregistered: true,
  })
  if (!notifications) return
  const reviews = container.resolve<ProductReviewService>(PRODUCT_REVIEW_MODULE)
  const [review] = await reviews.listProductReviews(
    { id: event.data.id },
    { select: ["id", "display_name", "rating", "title"] }
  )
  // Deleted since: nothing to moderate.
  if (!review) return
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [product],
  } = await query.graph({
    entity: "product",
    fields: ["id", "title"],
    filters: { id: event.data.product_id },
  })
  const edited = event.name === ProductReviewEvents.UPDATED
  try {
    await notifications.createNotifications({
      to: "",
      channel: "feed",
      template: "admin-ui",
      resource_id: review.id,
      resource_type: "product_review",
      // One per submission of a review, however often its event is handled.
      idempotency_key: `${event.name}:${review.id}:${event.data.submitted_at ?? ""}`,
      data: {
        title: edited ? "Review edited" : "New review",
        description:
          `${review.display_name} ${edited ? "now rates" : "rated"} ` +
          `${product?.title ?? "a product"} ${review.rating} of 5: “${review.title}”. ` +
          `It waits for moderation on the Reviews page.`,
        // Shown by the feed as a link; a click opens the review on the Reviews page.
        file: dashboardLink(container, `/reviews?id=${review.id}`, "Open the review"),
      },
    })
  } catch (error) {
    logger.warn(`product-reviews: could not notify the merchant: ${(error as Error).message}`)
  }
}

export const config: SubscriberConfig = {
  event: [ProductReviewEvents.CREATED, ProductReviewEvents.UPDATED],
  context: { subscriberId: "zoco-product-reviews-notify-merchant" },
}

import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { INotificationModuleService, Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { ProductReviewEvents } from "../modules/product-review/events"

type ReviewEvent = { id: string; product_id: string; status: string }

/**
 * Tells the merchant a review waits for moderation: a notification in the admin's feed (the bell
 * in the dashboard), through Medusa's notification module. Without a provider for the `feed`
 * channel nothing is sent and a warning says why.
 */
export default async function notifyMerchantOfReview({
  event,
  container,
}: SubscriberArgs<ReviewEvent>) {
  if (event.data.status !== "pending") return
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION, {
    allowUnregistered: true,
  })
  if (!notifications) return
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [product],
  } = await query.graph({
    entity: "product",
    fields: ["id", "title"],
    filters: { id: event.data.product_id },
  })
  try {
    await notifications.createNotifications({
      to: "",
      channel: "feed",
      template: "admin-ui",
      resource_id: event.data.id,
      resource_type: "product_review",
      data: {
        title: event.name === ProductReviewEvents.UPDATED ? "Review edited" : "New review",
        description: `A review of ${product?.title ?? "a product"} waits for moderation.`,
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

import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import {
  InventoryEvents,
  InventoryItemWorkflowEvents,
  InventoryLevelWorkflowEvents,
  PricingEvents,
  ProductCategoryWorkflowEvents,
  ProductCollectionWorkflowEvents,
  ProductEvents,
  ProductOptionValueWorkflowEvents,
  ProductOptionWorkflowEvents,
  ProductTagWorkflowEvents,
  ProductTypeWorkflowEvents,
  ProductVariantWorkflowEvents,
  ProductWorkflowEvents,
  RegionWorkflowEvents,
  ReservationItemWorkflowEvents,
  SalesChannelWorkflowEvents,
  TranslationWorkflowEvents,
} from "@medusajs/framework/utils"
import { STORE_CACHE_MODULE } from "../modules/store-cache"
import type StoreCacheService from "../modules/store-cache/service"

/** Every event that can change what a cached catalog response holds. */
export const INVALIDATING_EVENTS = [
  ...new Set(
    [
      ProductEvents,
      ProductWorkflowEvents,
      ProductVariantWorkflowEvents,
      ProductOptionWorkflowEvents,
      ProductOptionValueWorkflowEvents,
      ProductTypeWorkflowEvents,
      ProductTagWorkflowEvents,
      ProductCategoryWorkflowEvents,
      ProductCollectionWorkflowEvents,
      PricingEvents,
      InventoryEvents,
      InventoryItemWorkflowEvents,
      InventoryLevelWorkflowEvents,
      ReservationItemWorkflowEvents,
      SalesChannelWorkflowEvents,
      RegionWorkflowEvents,
      TranslationWorkflowEvents,
    ].flatMap((events) => Object.values(events) as string[])
  ),
  "store.updated",
  "store.store.updated",
  "store.store-currency.created",
  "store.store-currency.updated",
  "store.store-currency.deleted",
  // Ratings from @zoco/product-reviews are part of product responses (`fields=+rating.*`).
  "product-review.created",
  "product-review.updated",
  "product-review.approved",
  "product-review.rejected",
  "product-review.deleted",
]

export default async function invalidateStoreCache({ event, container }: SubscriberArgs) {
  const cache = container.resolve<StoreCacheService>(STORE_CACHE_MODULE, {
    allowUnregistered: true,
  })
  await cache?.invalidateForEvent(event.name)
}

export const config: SubscriberConfig = {
  event: INVALIDATING_EVENTS,
  context: { subscriberId: "zoco-store-cache-invalidation" },
}

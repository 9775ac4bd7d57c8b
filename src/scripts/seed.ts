import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { defaultSeedDataDir } from "./seed/constants"
import { loadSeedData } from "./seed/load-seed-data"
import { seedCategories, seedCollections } from "./seed/seed-categories"
import { requireId, type SeedContext } from "./seed/seed-context"
import { seedStockLocations } from "./seed/seed-fulfillment"
import { seedInventoryLevels } from "./seed/seed-inventory"
import { seedProducts } from "./seed/seed-products"
import { seedPromotions } from "./seed/seed-promotions"
import { seedRegions, seedTaxRegions } from "./seed/seed-regions"
import { ensureShippingProfile, seedShippingOptions } from "./seed/seed-shipping"
import { seedStore, setStoreDefaults } from "./seed/seed-store"
import { uploadProductImages } from "./seed/upload-images"

export type SeedCatalogueOptions = {
  /** Folder holding the seed JSON files and images/; defaults to $SEED_DATA_DIR or ./data. */
  dataDir?: string
}

/** Ids of what the seed created, keyed the way the data files name things. */
export type SeedResult = {
  storeId: string
  salesChannelId: string
  publishableKey: { id: string; token: string }
  /** By region name, e.g. "Europe". */
  regionIds: Record<string, string>
  /** By stock location key, e.g. "berlin". */
  stockLocationIds: Record<string, string>
  shippingProfileId: string
  shippingOptionIds: string[]
  /** By handle. */
  categoryIds: Record<string, string>
  collectionIds: Record<string, string>
  productIds: Record<string, string>
  inventoryLevelCount: number
  promotionIds: string[]
}

/**
 * "seeded" when products exist (the normal second run: do nothing).
 * "partial" when regions exist without products: an earlier seed stopped
 * halfway or the store was set up by hand, and writing again would
 * duplicate regions and stock locations.
 */
async function databaseState(container: MedusaContainer): Promise<"empty" | "seeded" | "partial"> {
  const [product] = await container
    .resolve(Modules.PRODUCT)
    .listProducts({}, { take: 1, select: ["id"], withDeleted: true })
  if (product) {
    return "seeded"
  }
  const [region] = await container
    .resolve(Modules.REGION)
    .listRegions({}, { take: 1, select: ["id"] })
  return region ? "partial" : "empty"
}

/**
 * Validates every seed file, then writes the catalogue through Medusa's core
 * workflows. Returns null, writing nothing, when the database already has
 * products: seeding twice would duplicate handles and SKUs.
 */
export async function seedCatalogue(
  container: MedusaContainer,
  options: SeedCatalogueOptions = {}
): Promise<SeedResult | null> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const data = loadSeedData(options.dataDir ?? defaultSeedDataDir())
  const state = await databaseState(container)
  if (state === "seeded") {
    logger.info("Seed: the database already has products; nothing to do.")
    return null
  }
  if (state === "partial") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "Seed: the database has regions but no products (an earlier seed stopped halfway?); " +
        "reset the database before seeding"
    )
  }
  logger.info(`Seed: data from ${data.dataDir} is valid; writing.`)
  const ctx: SeedContext = { container, logger, data }

  const store = await seedStore(ctx)
  const regionIds = await seedRegions(ctx)
  await seedTaxRegions(ctx)
  const locations = await seedStockLocations(ctx, store.salesChannelId)
  const shippingProfileId = await ensureShippingProfile(ctx)
  const shippingOptionIds = await seedShippingOptions(ctx, {
    regionIds,
    locations,
    shippingProfileId,
  })
  await setStoreDefaults(ctx, store.storeId, {
    regionId: requireId(regionIds, data.store.default_region, "region"),
    locationId: requireId(locations.locationIds, data.store.default_location, "stock location"),
  })

  const categoryIds = await seedCategories(ctx)
  const collectionIds = await seedCollections(ctx)
  const imageUrls = await uploadProductImages(ctx)
  const productIds = await seedProducts(ctx, {
    salesChannelId: store.salesChannelId,
    shippingProfileId,
    categoryIds,
    collectionIds,
    imageUrls,
  })
  const inventoryLevelCount = await seedInventoryLevels(ctx, locations.locationIds)
  const promotionIds = await seedPromotions(ctx)
  logger.info("Seed: done.")

  return {
    ...store,
    regionIds: Object.fromEntries(regionIds),
    stockLocationIds: Object.fromEntries(locations.locationIds),
    shippingProfileId,
    shippingOptionIds,
    categoryIds: Object.fromEntries(categoryIds),
    collectionIds: Object.fromEntries(collectionIds),
    productIds: Object.fromEntries(productIds),
    inventoryLevelCount,
    promotionIds,
  }
}

/** `medusa exec ./src/scripts/seed.ts` */
export default async function seed({ container }: ExecArgs): Promise<void> {
  await seedCatalogue(container)
}

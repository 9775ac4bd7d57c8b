import { createInventoryLevelsWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { InventoryTypes } from "@medusajs/framework/types"
import { requireId, type SeedContext } from "./seed-context"

const SKUS_PER_QUERY = 2_000
/** Levels per workflow run; the seed catalogue's fit in one, all or nothing. */
const LEVELS_PER_RUN = 10_000

type VariantInventoryRow = {
  sku: string | null
  inventory_items?: { inventory_item_id: string }[]
}

/**
 * createProductsWorkflow makes one inventory item per managed variant but no
 * levels; this sets the stocked quantity of each item in each location.
 */
export async function seedInventoryLevels(
  { container, data, logger }: SeedContext,
  locationIds: Map<string, string>
): Promise<number> {
  const variants = data.products.products.flatMap((p) => p.variants)
  const managed = variants.filter((v) => v.manage_inventory !== false)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const itemBySku = new Map<string, string>()
  // In slices: a large catalogue's SKUs would make one enormous IN list.
  for (let start = 0; start < managed.length; start += SKUS_PER_QUERY) {
    const { data: rows } = await query.graph({
      entity: "product_variant",
      fields: ["sku", "inventory_items.inventory_item_id"],
      filters: { sku: managed.slice(start, start + SKUS_PER_QUERY).map((v) => v.sku) },
    })
    for (const row of rows as VariantInventoryRow[]) {
      const itemId = row.inventory_items?.[0]?.inventory_item_id
      if (row.sku && itemId) {
        itemBySku.set(row.sku, itemId)
      }
    }
  }
  const levels: InventoryTypes.CreateInventoryLevelInput[] = managed.flatMap((variant) =>
    Object.entries(variant.stock ?? {}).map(([locationKey, quantity]) => ({
      inventory_item_id: requireId(itemBySku, variant.sku, "inventory item"),
      location_id: requireId(locationIds, locationKey, "stock location"),
      stocked_quantity: quantity,
    }))
  )
  for (let start = 0; start < levels.length; start += LEVELS_PER_RUN) {
    await createInventoryLevelsWorkflow(container).run({
      input: { inventory_levels: levels.slice(start, start + LEVELS_PER_RUN) },
    })
  }
  logger.info(`Seed: ${levels.length} inventory levels.`)
  return levels.length
}

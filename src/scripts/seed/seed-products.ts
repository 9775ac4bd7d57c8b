import { createProductsWorkflow } from "@medusajs/medusa/core-flows"
import { ProductStatus } from "@medusajs/framework/utils"
import type { CreateProductWorkflowInputDTO } from "@medusajs/framework/types"
import type { SeedProduct } from "./catalogue-schema"
import { requireId, type SeedContext } from "./seed-context"

export type ProductLinks = {
  salesChannelId: string
  shippingProfileId: string
  categoryIds: Map<string, string>
  collectionIds: Map<string, string>
  imageUrls: Map<string, string>
}

export function toProductInput(
  product: SeedProduct,
  links: ProductLinks
): CreateProductWorkflowInputDTO {
  const images = product.images.map((file) => ({
    url: requireId(links.imageUrls, file, "image"),
  }))
  return {
    title: product.title,
    subtitle: product.subtitle,
    handle: product.handle,
    description: product.description,
    status: ProductStatus.PUBLISHED,
    weight: product.weight,
    material: product.material,
    origin_country: product.origin_country,
    thumbnail: images[0].url,
    images,
    category_ids: [requireId(links.categoryIds, product.category, "category")],
    collection_id: requireId(links.collectionIds, product.collection, "collection"),
    shipping_profile_id: links.shippingProfileId,
    sales_channels: [{ id: links.salesChannelId }],
    metadata: { availability: product.availability },
    options: product.options,
    variants: product.variants.map((variant) => ({
      title: variant.title,
      sku: variant.sku,
      options: variant.options,
      prices: variant.prices,
      manage_inventory: variant.manage_inventory ?? true,
      allow_backorder: variant.allow_backorder,
      weight: variant.weight,
    })),
  }
}

/**
 * Products per workflow run. A catalogue up to this size is created in one run, all or nothing;
 * a larger one (the benchmark's 10,000 products) in runs of this size, since one workflow holding
 * 120,000 variants in memory and in one transaction does not finish on a small machine.
 */
export const PRODUCTS_PER_RUN = 500

/** Returns product ids by handle. */
export async function seedProducts(
  { container, data, logger }: SeedContext,
  links: ProductLinks
): Promise<Map<string, string>> {
  const all = data.products.products
  const ids = new Map<string, string>()
  let variants = 0
  for (let start = 0; start < all.length; start += PRODUCTS_PER_RUN) {
    const { result } = await createProductsWorkflow(container).run({
      input: {
        products: all.slice(start, start + PRODUCTS_PER_RUN).map((p) => toProductInput(p, links)),
      },
    })
    for (const product of result) {
      ids.set(product.handle, product.id)
      variants += product.variants?.length ?? 0
    }
    if (all.length > PRODUCTS_PER_RUN) {
      logger.info(`Seed: ${ids.size} of ${all.length} products created.`)
    }
  }
  logger.info(`Seed: ${ids.size} products with ${variants} variants.`)
  return ids
}

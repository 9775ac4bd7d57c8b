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

/** Returns product ids by handle. */
export async function seedProducts(
  { container, data, logger }: SeedContext,
  links: ProductLinks
): Promise<Map<string, string>> {
  const { result } = await createProductsWorkflow(container).run({
    input: {
      products: data.products.products.map((p) => toProductInput(p, links)),
    },
  })
  const variants = result.reduce((n, p) => n + (p.variants?.length ?? 0), 0)
  logger.info(`Seed: ${result.length} products with ${variants} variants.`)
  return new Map(result.map((product) => [product.handle, product.id] as const))
}

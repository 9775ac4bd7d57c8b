import {
  createCollectionsWorkflow,
  createProductCategoriesWorkflow,
} from "@medusajs/medusa/core-flows"
import type { CreateProductCategoryDTO } from "@medusajs/framework/types"
import type { RootCategory } from "./catalogue-schema"
import { requireId, type SeedContext } from "./seed-context"

type CategoryNode = {
  name: string
  handle: string
  description?: string
  children?: CategoryNode[]
}

/**
 * Creates the tree one level at a time, because a child needs its parent's
 * id. Returns category ids by handle.
 */
export async function seedCategories({
  container,
  data,
  logger,
}: SeedContext): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  let level: { node: CategoryNode; parentId: string | null; rank: number }[] =
    data.categories.categories.map((node: RootCategory, rank) => ({
      node,
      parentId: null,
      rank,
    }))
  while (level.length) {
    const input: CreateProductCategoryDTO[] = level.map(({ node, parentId, rank }) => ({
      name: node.name,
      handle: node.handle,
      description: node.description,
      is_active: true,
      rank,
      parent_category_id: parentId,
    }))
    const { result } = await createProductCategoriesWorkflow(container).run({
      input: { product_categories: input },
    })
    for (const category of result) {
      ids.set(category.handle, category.id)
    }
    level = level.flatMap(({ node }) =>
      (node.children ?? []).map((child, rank) => ({
        node: child,
        parentId: requireId(ids, node.handle, "category"),
        rank,
      }))
    )
  }
  logger.info(`Seed: ${ids.size} product categories.`)
  return ids
}

/** Returns collection ids by handle. */
export async function seedCollections({
  container,
  data,
  logger,
}: SeedContext): Promise<Map<string, string>> {
  const { result } = await createCollectionsWorkflow(container).run({
    input: { collections: data.collections.collections },
  })
  logger.info(`Seed: ${result.length} collections.`)
  return new Map(result.map((c) => [c.handle, c.id] as const))
}

import { z } from "@medusajs/framework/zod"
import {
  amountSchema,
  countryCodeSchema,
  currencyCodeSchema,
  handleSchema,
  nonEmptyString,
} from "./schema-common"

const categoryFields = {
  name: nonEmptyString,
  handle: handleSchema,
  description: z.string().optional(),
}

// Three fixed levels rather than a recursive schema: the storefront's menus
// are built for exactly that depth, and a fourth level is rejected here.
const leafCategorySchema = z.object(categoryFields).strict()
const middleCategorySchema = z
  .object({ ...categoryFields, children: z.array(leafCategorySchema).optional() })
  .strict()
const rootCategorySchema = z
  .object({
    ...categoryFields,
    children: z.array(middleCategorySchema).optional(),
  })
  .strict()

export const categoriesFileSchema = z
  .object({ categories: z.array(rootCategorySchema).min(1) })
  .strict()

export const collectionsFileSchema = z
  .object({
    collections: z.array(z.object({ title: nonEmptyString, handle: handleSchema }).strict()).min(1),
  })
  .strict()

const priceSchema = z.object({ currency_code: currencyCodeSchema, amount: amountSchema }).strict()

const variantSchema = z
  .object({
    title: nonEmptyString,
    sku: z
      .string()
      .regex(
        /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/,
        "must be upper-case letters and digits joined by hyphens"
      ),
    /** Option title → value, one entry per product option. */
    options: z.record(z.string(), nonEmptyString),
    prices: z.array(priceSchema).min(1),
    manage_inventory: z.boolean().optional(),
    allow_backorder: z.boolean(),
    weight: z.number().int().positive().optional(),
    /** Stock location key → stocked quantity; required for managed variants. */
    stock: z.record(z.string(), z.number().int().min(0)).optional(),
  })
  .strict()

export const productAvailabilitySchema = z.enum(["in_stock", "sold_out", "backorder"])

export const productSchema = z
  .object({
    handle: handleSchema,
    title: nonEmptyString,
    subtitle: z.string().optional(),
    description: nonEmptyString,
    /** Documents the stock scenario the product exists to demonstrate. */
    availability: productAvailabilitySchema,
    /** Handle of a category in categories.json. */
    category: handleSchema,
    /** Handle of a collection in collections.json. */
    collection: handleSchema,
    /** Grams. */
    weight: z.number().int().positive(),
    material: z.string().optional(),
    origin_country: countryCodeSchema.optional(),
    /** File names in data/images; the first is the thumbnail. */
    images: z
      .array(
        z
          .string()
          .regex(
            /^[a-z0-9-]+\.(?:svg|png|jpe?g|webp)$/,
            "must be a plain file name in data/images (svg, png, jpg or webp)"
          )
      )
      .min(1),
    options: z
      .array(
        z
          .object({
            title: nonEmptyString,
            values: z.array(nonEmptyString).min(1),
          })
          .strict()
      )
      .min(1),
    variants: z.array(variantSchema).min(1),
  })
  .strict()

export const productsFileSchema = z.object({ products: z.array(productSchema).min(1) }).strict()

export type CategoriesFile = z.infer<typeof categoriesFileSchema>
export type RootCategory = z.infer<typeof rootCategorySchema>
export type CollectionsFile = z.infer<typeof collectionsFileSchema>
export type ProductsFile = z.infer<typeof productsFileSchema>
export type SeedProduct = z.infer<typeof productSchema>
export type SeedVariant = z.infer<typeof variantSchema>
export type ProductAvailability = z.infer<typeof productAvailabilitySchema>

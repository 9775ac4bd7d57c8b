import {
  categoriesFileSchema,
  collectionsFileSchema,
  productsFileSchema,
  type CategoriesFile,
  type CollectionsFile,
  type ProductsFile,
} from "./catalogue-schema"
import {
  locationsFileSchema,
  promotionsFileSchema,
  regionsFileSchema,
  shippingFileSchema,
  storeFileSchema,
  taxFileSchema,
  type LocationsFile,
  type PromotionsFile,
  type RegionsFile,
  type ShippingFile,
  type StoreFile,
  type TaxFile,
} from "./setup-schema"

/** Every seed file, by the key the loader stores it under. */
export const SEED_FILES = {
  store: { file: "store.json", schema: storeFileSchema },
  regions: { file: "regions.json", schema: regionsFileSchema },
  tax: { file: "tax.json", schema: taxFileSchema },
  locations: { file: "locations.json", schema: locationsFileSchema },
  shipping: { file: "shipping.json", schema: shippingFileSchema },
  categories: { file: "categories.json", schema: categoriesFileSchema },
  collections: { file: "collections.json", schema: collectionsFileSchema },
  products: { file: "products.json", schema: productsFileSchema },
  promotions: { file: "promotions.json", schema: promotionsFileSchema },
} as const

export type SeedFileKey = keyof typeof SEED_FILES

export type SeedData = {
  /** Absolute path of the folder the files were read from. */
  dataDir: string
  store: StoreFile
  regions: RegionsFile
  tax: TaxFile
  locations: LocationsFile
  shipping: ShippingFile
  categories: CategoriesFile
  collections: CollectionsFile
  products: ProductsFile
  promotions: PromotionsFile
}

import fs from "fs"
import path from "path"
import type { SeedProduct } from "./catalogue-schema"
import { SEED_IMAGES_DIR } from "./constants"
import { describeAmountProblem } from "./money"
import type { SeedData } from "./seed-data"
import { IssueCollector, reportDuplicates, type PathSegment, type SeedIssue } from "./seed-issue"

const FILE = "products.json"

export function categoryHandles(data: SeedData): string[] {
  return data.categories.categories.flatMap((root) => [
    root.handle,
    ...(root.children ?? []).flatMap((middle) => [
      middle.handle,
      ...(middle.children ?? []).map((leaf) => leaf.handle),
    ]),
  ])
}

type CatalogueContext = {
  out: IssueCollector
  currencies: string[]
  locationKeys: string[]
  skus: Map<string, string>
}

function checkOptions(product: SeedProduct, at: PathSegment[], ctx: CatalogueContext): void {
  reportDuplicates(
    product.options,
    (o) => o.title,
    (j, title) =>
      ctx.out.report(FILE, [...at, "options", j, "title"], `duplicate option "${title}"`)
  )
  product.options.forEach((option, j) =>
    reportDuplicates(
      option.values,
      (v) => v,
      (k, value) =>
        ctx.out.report(FILE, [...at, "options", j, "values", k], `duplicate value "${value}"`)
    )
  )
  reportDuplicates(
    product.variants,
    (v) => product.options.map((o) => v.options[o.title] ?? "").join("\u0000"),
    (j) =>
      ctx.out.report(
        FILE,
        [...at, "variants", j, "options"],
        "another variant has the same option values"
      )
  )
}

function checkVariants(product: SeedProduct, at: PathSegment[], ctx: CatalogueContext): void {
  const { out } = ctx
  product.variants.forEach((variant, j) => {
    const here = [...at, "variants", j]
    const owner = ctx.skus.get(variant.sku)
    if (owner !== undefined) {
      out.report(FILE, [...here, "sku"], `SKU "${variant.sku}" is already used by "${owner}"`)
    }
    ctx.skus.set(variant.sku, product.handle)

    for (const option of product.options) {
      const value = variant.options[option.title]
      if (value === undefined) {
        out.report(FILE, [...here, "options"], `missing a value for option "${option.title}"`)
      } else if (!option.values.includes(value)) {
        out.report(
          FILE,
          [...here, "options", option.title],
          `"${value}" is not one of ${option.title}: ${option.values.join(", ")}`
        )
      }
    }
    for (const title of Object.keys(variant.options)) {
      if (!product.options.some((o) => o.title === title)) {
        out.report(FILE, [...here, "options", title], `the product has no option "${title}"`)
      }
    }

    variant.prices.forEach((price, k) => {
      if (!ctx.currencies.includes(price.currency_code)) {
        out.report(
          FILE,
          [...here, "prices", k, "currency_code"],
          `"${price.currency_code}" is not a store currency (store.json)`
        )
        return
      }
      const problem = describeAmountProblem(price.amount, price.currency_code)
      if (problem) {
        out.report(FILE, [...here, "prices", k, "amount"], problem)
      }
    })
    reportDuplicates(
      variant.prices,
      (p) => p.currency_code,
      (k, code) =>
        out.report(FILE, [...here, "prices", k, "currency_code"], `more than one "${code}" price`)
    )
    for (const currency of ctx.currencies) {
      if (!variant.prices.some((p) => p.currency_code === currency)) {
        out.report(FILE, [...here, "prices"], `missing a "${currency}" price`)
      }
    }

    checkStock(product, j, here, ctx)
  })
}

function checkStock(
  product: SeedProduct,
  j: number,
  here: PathSegment[],
  ctx: CatalogueContext
): void {
  const { out } = ctx
  const variant = product.variants[j]
  if (variant.manage_inventory === false) {
    if (variant.stock) {
      out.report(FILE, [...here, "stock"], "stock is set but manage_inventory is false")
    }
    return
  }
  const stock = variant.stock ?? {}
  for (const key of ctx.locationKeys) {
    if (stock[key] === undefined) {
      out.report(FILE, [...here, "stock"], `missing a quantity for stock location "${key}"`)
    }
  }
  for (const key of Object.keys(stock)) {
    if (!ctx.locationKeys.includes(key)) {
      out.report(
        FILE,
        [...here, "stock", key],
        `no stock location with key "${key}" in locations.json`
      )
    }
  }
  const quantities = Object.values(stock)
  switch (product.availability) {
    case "sold_out":
      if (quantities.some((q) => q > 0)) {
        out.report(
          FILE,
          [...here, "stock"],
          "a sold_out product must have 0 stock in every location"
        )
      }
      if (variant.allow_backorder) {
        out.report(
          FILE,
          [...here, "allow_backorder"],
          "a sold_out product must not allow backorders"
        )
      }
      break
    case "backorder":
      if (!variant.allow_backorder) {
        out.report(FILE, [...here, "allow_backorder"], "a backorder product must allow backorders")
      }
      break
    case "in_stock":
      if (quantities.some((q) => q === 0)) {
        out.report(FILE, [...here, "stock"], "an in_stock product needs stock in every location")
      }
      if (variant.allow_backorder) {
        out.report(
          FILE,
          [...here, "allow_backorder"],
          'an in_stock product does not allow backorders; use availability "backorder"'
        )
      }
      break
  }
}

/** Categories, collections and products: handles, options, prices, stock, images. */
export function checkCatalogueReferences(data: SeedData): SeedIssue[] {
  const out = new IssueCollector()
  const categories = categoryHandles(data)
  reportDuplicates(
    categories,
    (h) => h,
    (_i, handle) =>
      out.report("categories.json", ["categories"], `duplicate category handle "${handle}"`)
  )
  const collections = data.collections.collections.map((c) => c.handle)
  reportDuplicates(
    collections,
    (h) => h,
    (i, handle) =>
      out.report(
        "collections.json",
        ["collections", i, "handle"],
        `duplicate collection handle "${handle}"`
      )
  )

  const ctx: CatalogueContext = {
    out,
    currencies: data.store.currencies.map((c) => c.currency_code),
    locationKeys: data.locations.stock_locations.map((l) => l.key),
    skus: new Map(),
  }
  const products = data.products.products
  reportDuplicates(
    products,
    (p) => p.handle,
    (i, handle) =>
      out.report(FILE, ["products", i, "handle"], `duplicate product handle "${handle}"`)
  )
  products.forEach((product, i) => {
    const at: PathSegment[] = ["products", i]
    if (!categories.includes(product.category)) {
      out.report(
        FILE,
        [...at, "category"],
        `no category with handle "${product.category}" in categories.json`
      )
    }
    if (!collections.includes(product.collection)) {
      out.report(
        FILE,
        [...at, "collection"],
        `no collection with handle "${product.collection}" in collections.json`
      )
    }
    product.images.forEach((image, j) => {
      if (!fs.existsSync(path.join(data.dataDir, SEED_IMAGES_DIR, image))) {
        out.report(
          FILE,
          [...at, "images", j],
          `image file ${SEED_IMAGES_DIR}/${image} does not exist`
        )
      }
    })
    checkOptions(product, at, ctx)
    checkVariants(product, at, ctx)
  })
  return out.issues
}

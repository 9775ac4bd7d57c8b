import {
  BACKORDER_PRODUCT_HANDLE,
  EUROPE_REGION_NAME,
  EXPRESS_SHIPPING_OPTION_NAME,
  SOLD_OUT_PRODUCT_HANDLE,
  STANDARD_SHIPPING_OPTION_NAME,
  US_REGION_NAME,
  WEBSHOP_PUBLISHABLE_KEY_TITLE,
  WEBSHOP_SALES_CHANNEL_NAME,
} from "../constants"
import { categoryHandles } from "../check-catalogue-references"
import { loadSeedData } from "../load-seed-data"
import { REPO_DATA_DIR } from "./seed-fixture"

const data = loadSeedData(REPO_DATA_DIR)
const products = data.products.products
const locationKeys = data.locations.stock_locations.map((l) => l.key)

describe("the seed catalogue in data/", () => {
  it("has exactly one sold-out product, the one the constants name", () => {
    const soldOut = products.filter((p) => p.availability === "sold_out")

    expect(soldOut.map((p) => p.handle)).toEqual([SOLD_OUT_PRODUCT_HANDLE])
    for (const variant of soldOut[0].variants) {
      expect(variant.allow_backorder).toBe(false)
      expect(locationKeys.map((key) => variant.stock?.[key])).toEqual(locationKeys.map(() => 0))
    }
  })

  it("has exactly one backorder product, the one the constants name", () => {
    const backorder = products.filter((p) => p.availability === "backorder")

    expect(backorder.map((p) => p.handle)).toEqual([BACKORDER_PRODUCT_HANDLE])
    expect(backorder[0].variants.every((v) => v.allow_backorder)).toBe(true)
  })

  it("stocks every other variant with 20 to 200 units in both locations", () => {
    expect(locationKeys).toHaveLength(2)
    const quantities = products
      .filter((p) => p.availability === "in_stock")
      .flatMap((p) => p.variants)
      .flatMap((v) => locationKeys.map((key) => v.stock?.[key]))

    expect(quantities.length).toBeGreaterThan(0)
    for (const quantity of quantities) {
      expect(quantity).toBeGreaterThanOrEqual(20)
      expect(quantity).toBeLessThanOrEqual(200)
    }
  })

  it("prices every variant in EUR and USD", () => {
    for (const variant of products.flatMap((p) => p.variants)) {
      expect(variant.prices.map((p) => p.currency_code).sort()).toEqual(["eur", "usd"])
    }
  })

  it("has 24+ products, 3+ collections and a three-level category tree", () => {
    expect(products.length).toBeGreaterThanOrEqual(24)
    expect(data.collections.collections.length).toBeGreaterThanOrEqual(3)
    const withGrandchildren = data.categories.categories.filter((root) =>
      (root.children ?? []).some((child) => (child.children ?? []).length > 0)
    )
    expect(withGrandchildren.length).toBeGreaterThan(0)
    const handles = new Set(categoryHandles(data))
    expect(products.every((p) => handles.has(p.category))).toBe(true)
  })

  it("makes Europe tax-inclusive in EUR and the US tax-exclusive with a nonzero rate", () => {
    const regions = new Map(data.regions.regions.map((r) => [r.name, r]))
    expect(regions.get(EUROPE_REGION_NAME)).toMatchObject({
      currency_code: "eur",
      is_tax_inclusive: true,
    })
    expect(regions.get(US_REGION_NAME)).toMatchObject({
      currency_code: "usd",
      countries: ["us"],
      is_tax_inclusive: false,
    })
    expect(data.store.currencies).toEqual(
      expect.arrayContaining([
        { currency_code: "eur", is_default: true, is_tax_inclusive: true },
        { currency_code: "usd", is_default: false, is_tax_inclusive: false },
      ])
    )
    const us = data.tax.tax_regions.find((t) => t.country_code === "us")
    expect(us?.default_rate.rate).toBeGreaterThan(0)
  })

  it("offers standard and express shipping in each region's currency", () => {
    for (const region of data.regions.regions) {
      const names = data.shipping.shipping_options
        .filter((o) => o.region === region.name)
        .map((o) => o.name)
        .sort()
      expect(names).toEqual([EXPRESS_SHIPPING_OPTION_NAME, STANDARD_SHIPPING_OPTION_NAME])
    }
  })

  it("names the webshop channel and key as the constants do", () => {
    expect(data.store.sales_channel.name).toBe(WEBSHOP_SALES_CHANNEL_NAME)
    expect(data.store.publishable_api_key.title).toBe(WEBSHOP_PUBLISHABLE_KEY_TITLE)
  })
})

import fs from "fs"
import path from "path"
import type { CategoriesFile, ProductsFile } from "../catalogue-schema"
import { loadSeedData } from "../load-seed-data"
import type { PromotionsFile, ShippingFile, StoreFile, TaxFile } from "../setup-schema"
import { formatIssue } from "../seed-issue"
import { copyDataWith, expectSeedDataError, removeDir, REPO_DATA_DIR } from "./seed-fixture"

const dirs: string[] = []
function broken<T>(file: string, edit: (json: T) => void): string {
  const dir = copyDataWith<T>(file, edit)
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.forEach(removeDir))

function messages(dir: string): string[] {
  return expectSeedDataError(() => loadSeedData(dir)).issues.map(formatIssue)
}

describe("loadSeedData", () => {
  it("accepts the repository's data/", () => {
    const data = loadSeedData(REPO_DATA_DIR)

    expect(data.products.products.length).toBeGreaterThanOrEqual(24)
    expect(data.collections.collections.length).toBeGreaterThanOrEqual(3)
    expect(data.store.name).toBe("Zoco Demo Store")
  })

  it("names the file, the field path and the problem for a wrongly typed field", () => {
    const dir = broken<ProductsFile>("products.json", (json) => {
      json.products[3].variants[1].prices[0].amount = "29.99" as unknown as number
    })

    const error = expectSeedDataError(() => loadSeedData(dir))

    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]).toMatchObject({
      file: "products.json",
      path: "products[3].variants[1].prices[0].amount",
    })
    expect(error.message).toMatch(
      /products\.json: products\[3\]\.variants\[1\]\.prices\[0\]\.amount: .*expected number, received string/i
    )
    expect(error.message).toMatch(/nothing was written/)
  })

  it("rejects a field the schema does not know, naming it", () => {
    const dir = broken<StoreFile>("store.json", (json) => {
      Object.assign(json.sales_channel, { colour: "red" })
    })

    expect(messages(dir)).toEqual([expect.stringMatching(/^store\.json: sales_channel: .*colour/)])
  })

  it("reports problems in several files at once", () => {
    const dir = broken<TaxFile>("tax.json", (json) => {
      json.tax_regions[0].default_rate.rate = 190
    })
    fs.writeFileSync(path.join(dir, "collections.json"), "{ not json")

    const found = messages(dir)

    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^tax\.json: tax_regions\[0\]\.default_rate\.rate: /),
        expect.stringMatching(/^collections\.json: invalid JSON/),
      ])
    )
  })

  it("reports a missing file", () => {
    const dir = broken<StoreFile>("store.json", () => undefined)
    fs.rmSync(path.join(dir, "regions.json"))

    expect(messages(dir)).toEqual([expect.stringMatching(/^regions\.json: cannot read /)])
  })

  it("rejects a product whose category does not exist", () => {
    const dir = broken<ProductsFile>("products.json", (json) => {
      json.products[2].category = "socks"
    })

    expect(messages(dir)).toEqual([
      'products.json: products[2].category: no category with handle "socks" in categories.json',
    ])
  })

  it("rejects a fourth category level", () => {
    const dir = broken<CategoriesFile>("categories.json", (json) => {
      const leaf = json.categories[0].children?.[0].children?.[0]
      Object.assign(leaf ?? {}, { children: [{ name: "Deep", handle: "deep" }] })
    })

    expect(messages(dir)).toEqual([
      expect.stringMatching(
        /^categories\.json: categories\[0\]\.children\[0\]\.children\[0\]: .*children/
      ),
    ])
  })

  it("rejects a missing image, an unknown option value and a duplicate SKU", () => {
    const dir = broken<ProductsFile>("products.json", (json) => {
      json.products[0].images = ["no-such-image.svg"]
      json.products[0].variants[0].options.Size = "XXL"
      json.products[1].variants[0].sku = json.products[0].variants[1].sku
    })

    expect(messages(dir)).toEqual(
      expect.arrayContaining([
        "products.json: products[0].images[0]: image file images/no-such-image.svg does not exist",
        'products.json: products[0].variants[0].options.Size: "XXL" is not one of Size: S, M, L, XL',
        expect.stringMatching(
          /^products\.json: products\[1\]\.variants\[0\]\.sku: SKU ".*" is already used by "classic-cotton-tee"/
        ),
      ])
    )
  })

  it("requires a price in every store currency", () => {
    const dir = broken<ProductsFile>("products.json", (json) => {
      json.products[5].variants[2].prices = json.products[5].variants[2].prices.filter(
        (p) => p.currency_code !== "usd"
      )
    })

    expect(messages(dir)).toEqual([
      'products.json: products[5].variants[2].prices: missing a "usd" price',
    ])
  })

  it("rejects a shipping option whose service zone misses a region country", () => {
    const dir = broken<ShippingFile>("shipping.json", (json) => {
      json.shipping_options[0].location = "new-jersey"
      json.shipping_options[0].service_zone = "United States"
    })

    expect(messages(dir)).toEqual([
      expect.stringMatching(
        /^shipping\.json: shipping_options\[0\]\.service_zone: service zone "United States" does not cover region countries de, fr/
      ),
    ])
  })

  it("rejects a duplicate promotion code, and a fixed amount in no store currency or too precise", () => {
    const dir = broken<PromotionsFile>("promotions.json", (json) => {
      json.promotions[1].code = json.promotions[0].code
      json.promotions[2].application_method = {
        type: "fixed",
        target_type: "order",
        value: 5,
        currency_code: "gbp",
      }
      json.promotions[3].application_method = {
        type: "fixed",
        target_type: "items",
        value: 4.999,
        currency_code: "eur",
      }
    })

    expect(messages(dir)).toEqual([
      'promotions.json: promotions[1].code: duplicate promotion code "WELCOME10"',
      'promotions.json: promotions[2].application_method.currency_code: "gbp" is not a store currency (store.json)',
      "promotions.json: promotions[3].application_method.value: 4.999 has more than 2 decimal place(s) allowed for EUR",
    ])
  })

  it("rejects a percentage over 100 and a code a buyer could mistype", () => {
    const dir = broken<PromotionsFile>("promotions.json", (json) => {
      json.promotions[0].code = "welcome 10"
      json.promotions[0].application_method = {
        type: "percentage",
        target_type: "items",
        value: 150,
      }
    })

    expect(messages(dir)).toEqual([
      "promotions.json: promotions[0].code: must be upper-case letters and digits",
      "promotions.json: promotions[0].application_method.value: Too big: expected number to be <=100",
    ])
  })
})

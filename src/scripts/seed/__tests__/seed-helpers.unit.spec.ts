import { ProductStatus } from "@medusajs/framework/utils"
import { loadSeedData } from "../load-seed-data"
import { enabledPaymentProviders } from "../payment-providers"
import { formatPath } from "../seed-issue"
import { toProductInput } from "../seed-products"
import { REPO_DATA_DIR } from "./seed-fixture"

describe("formatPath", () => {
  it("writes indexes in brackets and keys with dots", () => {
    expect(formatPath(["products", 3, "variants", 1, "prices", 0, "amount"])).toBe(
      "products[3].variants[1].prices[0].amount"
    )
  })

  it("quotes keys that are not identifiers", () => {
    expect(formatPath(["products", 0, "variants", 2, "stock", "new-jersey"])).toBe(
      'products[0].variants[2].stock["new-jersey"]'
    )
  })
})

describe("enabledPaymentProviders", () => {
  it("enables only the system provider without gateway credentials", () => {
    expect(enabledPaymentProviders({})).toEqual(["pp_system_default"])
  })

  it("adds Stripe and PayPal when their credentials are set", () => {
    expect(
      enabledPaymentProviders({ STRIPE_API_KEY: "sk_test_x", PAYPAL_CLIENT_ID: "id" })
    ).toEqual(["pp_system_default", "pp_stripe_stripe", "pp_paypal_paypal"])
  })
})

describe("toProductInput", () => {
  const product = loadSeedData(REPO_DATA_DIR).products.products[0]
  const links = {
    salesChannelId: "sc_1",
    shippingProfileId: "sp_1",
    categoryIds: new Map([[product.category, "pcat_1"]]),
    collectionIds: new Map([[product.collection, "pcol_1"]]),
    imageUrls: new Map(
      product.images.map((file) => [file, `http://localhost:9000/static/1-${file}`])
    ),
  }

  it("publishes the product in the channel with its profile, category and collection", () => {
    const input = toProductInput(product, links)

    expect(input).toMatchObject({
      handle: product.handle,
      status: ProductStatus.PUBLISHED,
      sales_channels: [{ id: "sc_1" }],
      shipping_profile_id: "sp_1",
      category_ids: ["pcat_1"],
      collection_id: "pcol_1",
      thumbnail: `http://localhost:9000/static/1-${product.images[0]}`,
    })
  })

  it("passes prices through in major units and manages inventory", () => {
    const input = toProductInput(product, links)
    const variant = input.variants?.[0]

    expect(variant?.prices).toEqual(product.variants[0].prices)
    expect(variant?.prices?.[0].amount).toBe(24.99)
    expect(variant?.manage_inventory).toBe(true)
    expect(variant?.options).toEqual(product.variants[0].options)
  })

  it("fails loudly when an image was not uploaded", () => {
    expect(() => toProductInput(product, { ...links, imageUrls: new Map() })).toThrow(
      /image ".*" was not created/
    )
  })
})

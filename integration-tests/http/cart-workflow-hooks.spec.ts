import { MedusaError } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import {
  addToCartWorkflow,
  createCartWorkflow,
  listShippingOptionsForCartWorkflow,
  updateCartWorkflow,
  updateLineItemInCartWorkflow,
} from "@zoco/plugin-kit/cart-workflows"
import { ADDRESSES, inStockVariant, listProducts } from "../utils/checkout"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import { failure, seedStore, storeHeaders, type SeededStore } from "../utils/store"

jest.setTimeout(240_000)

/**
 * The Store API's cart routes run Zoco's workflows (README, "Cart routes Zoco serves with its own
 * workflows"): a plugin hooks them as it would Medusa's, importing them from
 * `@zoco/plugin-kit/cart-workflows`. These handlers are what such a plugin would register.
 */
const seen = {
  cartCreated: [] as string[],
  pricingContextVariants: [] as string[][],
  cartUpdated: [] as string[],
  shippingPricingContext: [] as { cartId: string; fulfillmentSets: number }[],
  shippingOptionsContext: [] as string[],
}

createCartWorkflow.hooks.cartCreated(({ cart }) => {
  seen.cartCreated.push(cart.id)
})
addToCartWorkflow.hooks.validate(({ input }) => {
  if (input.items.some((item) => item.metadata?.engraving === "forbidden")) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This engraving cannot be made")
  }
})
addToCartWorkflow.hooks.setPricingContext(({ variantIds }) => {
  seen.pricingContextVariants.push(variantIds)
  return new StepResponse({})
})
updateLineItemInCartWorkflow.hooks.validate(({ input }) => {
  if (Number(input.update.quantity) > 5) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "At most 5 of a kind per order")
  }
})
updateCartWorkflow.hooks.cartUpdated(({ cart }) => {
  seen.cartUpdated.push((cart as { id: string }).id)
})

listShippingOptionsForCartWorkflow.hooks.setPricingContext(({ cart, fulfillmentSetIds }) => {
  seen.shippingPricingContext.push({ cartId: cart.id, fulfillmentSets: fulfillmentSetIds.length })
  return new StepResponse({})
})
listShippingOptionsForCartWorkflow.hooks.setShippingOptionsContext(({ cart }) => {
  seen.shippingOptionsContext.push(cart.id)
  return new StepResponse({})
})

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    it("a plugin's handlers on Zoco's cart workflows run for the Store API's cart routes", async () => {
      const h = storeHeaders(shop.publishableKey)
      const region = shop.regions.europe
      const { variant } = inStockVariant(await listProducts(api, shop.publishableKey, region))
      const { data: created } = await api.post("/store/carts", { region_id: region.id }, h)
      const cartId = created.cart.id as string
      expect(seen.cartCreated).toContain(cartId)

      // validate refuses, and nothing is added
      const refused = await failure(
        api.post(
          `/store/carts/${cartId}/line-items`,
          { variant_id: variant.id, quantity: 1, metadata: { engraving: "forbidden" } },
          h
        )
      )
      expect(refused.status).toBe(400)
      expect(refused.data.message).toBe("This engraving cannot be made")
      const { data: untouched } = await api.get(`/store/carts/${cartId}`, h)
      expect(untouched.cart.items).toHaveLength(0)

      // setPricingContext is asked for the variant being priced
      const { data: added } = await api.post(
        `/store/carts/${cartId}/line-items`,
        { variant_id: variant.id, quantity: 1 },
        h
      )
      expect(added.cart.items).toHaveLength(1)
      expect(seen.pricingContextVariants).toContainEqual([variant.id])

      // the update route's validate refuses, and the quantity stays
      const line = added.cart.items[0].id as string
      const tooMany = await failure(
        api.post(`/store/carts/${cartId}/line-items/${line}`, { quantity: 6 }, h)
      )
      expect(tooMany.status).toBe(400)
      expect(tooMany.data.message).toBe("At most 5 of a kind per order")
      const { data: after } = await api.get(`/store/carts/${cartId}`, h)
      expect(after.cart.items[0].quantity).toBe(1)

      // cartUpdated runs after the cart route's update
      await api.post(`/store/carts/${cartId}`, { shipping_address: ADDRESSES.de }, h)
      expect(seen.cartUpdated).toContain(cartId)

      // listing the cart's shipping options asks both of the listing's hooks
      const { data: listed } = await api.get(`/store/shipping-options?cart_id=${cartId}`, h)
      expect(listed.shipping_options.length).toBeGreaterThan(0)
      expect(seen.shippingOptionsContext).toContain(cartId)
      expect(seen.shippingPricingContext).toContainEqual({
        cartId,
        fulfillmentSets: expect.any(Number),
      })
      expect(
        seen.shippingPricingContext.find((call) => call.cartId === cartId)?.fulfillmentSets
      ).toBeGreaterThan(0)
    })
  },
})

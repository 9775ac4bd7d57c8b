import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createProductsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
} from "@medusajs/medusa/core-flows"
import {
  ADDRESSES,
  cartReadyToPay,
  inStockVariant,
  listProducts,
  trySystemPaymentSession,
} from "../utils/checkout"
import { sleep } from "../utils/wait"
import { adminToken, seedStore, storeHeaders, type SeededStore } from "../utils/store"

jest.setTimeout(240_000)

type Line = { unit_price: number; quantity: number; variant_id: string; id: string }

function sumLines(items: Line[]) {
  return items.reduce((acc, i) => acc + i.unit_price * i.quantity, 0)
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    describe("guest checkout through the Store API", () => {
      it.each([
        ["Europe", "eur", "de"],
        ["United States", "usd", "us"],
      ] as const)(
        "places an order in %s with correct totals and reserved stock",
        async (_name, currency, country) => {
          const region = currency === "eur" ? shop.regions.europe : shop.regions.us
          const h = storeHeaders(shop.publishableKey)

          // 1. regions
          const { data: regions } = await api.get("/store/regions", h)
          expect(regions.regions.map((r: { currency_code: string }) => r.currency_code)).toEqual(
            expect.arrayContaining(["eur", "usd"])
          )

          // 2. products with prices for the region
          const products = await listProducts(api, shop.publishableKey, region)
          expect(products.length).toBeGreaterThanOrEqual(24)
          const { variant } = inStockVariant(products)
          expect(variant.calculated_price?.currency_code).toBe(currency)
          expect(variant.calculated_price?.calculated_amount).toBeGreaterThan(0)
          expect(variant.calculated_price?.is_calculated_price_tax_inclusive).toBe(
            currency === "eur"
          )

          // 3. cart and line items
          const { data: created } = await api.post("/store/carts", { region_id: region.id }, h)
          const cartId = created.cart.id
          expect(created.cart.currency_code).toBe(currency)
          expect(created.cart.sales_channel_id).toBeTruthy()
          const { data: withItem } = await api.post(
            `/store/carts/${cartId}/line-items`,
            { variant_id: variant.id, quantity: 2 },
            h
          )
          expect(withItem.cart.items).toHaveLength(1)
          expect(withItem.cart.items[0].quantity).toBe(2)
          expect(withItem.cart.items[0].unit_price).toBe(
            variant.calculated_price?.calculated_amount
          )

          // 4. email and addresses
          const address = ADDRESSES[country]
          const { data: addressed } = await api.post(
            `/store/carts/${cartId}`,
            { email: "guest@zoco.test", shipping_address: address, billing_address: address },
            h
          )
          expect(addressed.cart.email).toBe("guest@zoco.test")
          expect(addressed.cart.shipping_address.country_code).toBe(country)

          // 5. shipping
          const { data: options } = await api.get(`/store/shipping-options?cart_id=${cartId}`, h)
          const names = options.shipping_options.map((o: { name: string }) => o.name)
          expect(names).toEqual(
            expect.arrayContaining([
              expect.stringMatching(/standard/i),
              expect.stringMatching(/express/i),
            ])
          )
          const express = options.shipping_options.find((o: { name: string }) =>
            /express/i.test(o.name)
          )
          expect(express.amount).toBeGreaterThan(0)
          const { data: shipped } = await api.post(
            `/store/carts/${cartId}/shipping-methods`,
            { option_id: express.id },
            h
          )
          expect(shipped.cart.shipping_methods).toHaveLength(1)
          expect(shipped.cart.shipping_methods[0].amount).toBe(express.amount)

          // 6. payment
          const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, h)
          expect(pc.payment_collection.amount).toBe(shipped.cart.total)
          const { data: session } = await api.post(
            `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
            { provider_id: "pp_system_default" },
            h
          )
          expect(session.payment_collection.payment_sessions[0].provider_id).toBe(
            "pp_system_default"
          )
          // Starting a session again (a buyer back from a failed attempt) replaces the first;
          // the collection keeps one session, so completion authorizes one payment.
          const first = session.payment_collection.payment_sessions[0].id
          const { data: restarted } = await api.post(
            `/store/payment-collections/${pc.payment_collection.id}/payment-sessions`,
            { provider_id: "pp_system_default" },
            h
          )
          expect(restarted.payment_collection.payment_sessions).toHaveLength(1)
          expect(restarted.payment_collection.payment_sessions[0].id).not.toBe(first)
          expect(restarted.payment_collection.payment_sessions[0].amount).toBe(shipped.cart.total)

          const { data: before } = await api.get(`/store/carts/${cartId}`, h)
          const cart = before.cart
          // Reading a cart that does not exist answers as Medusa's route does.
          const missing = await api.get("/store/carts/cart_01NOTREAL", {
            ...h,
            validateStatus: () => true,
          })
          expect(missing.status).toBe(404)
          expect(missing.data.message).toBe("Cart with id 'cart_01NOTREAL' not found")

          // 7. complete
          const { data: completed } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
          expect(completed.type).toBe("order")
          const order = completed.order

          expect(order.total).toBe(cart.total)
          expect(order.currency_code).toBe(currency)
          expect(order.email).toBe("guest@zoco.test")
          expect(order.items).toHaveLength(1)
          expect(order.tax_total).toBeGreaterThan(0)
          const lines = sumLines(order.items)
          if (currency === "eur") {
            // Tax-inclusive: the buyer pays the listed prices, tax is inside them.
            expect(order.total).toBeCloseTo(lines + express.amount, 2)
          } else {
            expect(order.total).toBeCloseTo(lines + express.amount + order.tax_total, 2)
          }

          // 8. stock is reserved for the order's line
          const inventory = getContainer().resolve(Modules.INVENTORY)
          const reservations = await inventory.listReservationItems({
            line_item_id: order.items[0].id,
          })
          expect(reservations).toHaveLength(1)
          expect(Number(reservations[0].quantity)).toBe(2)

          // completing again (a storefront retrying after a timeout) returns the same order
          const { data: again } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
          expect(again.type).toBe("order")
          expect(again.order.id).toBe(order.id)

          // Completions keep no checkpoints unless RECORD_CART_COMPLETIONS asks for them.
          const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
          const { rows: kept } = await pg.raw(
            `SELECT count(*)::int AS n FROM workflow_execution WHERE workflow_id = 'complete-cart'`
          )
          expect(kept[0].n).toBe(0)
        }
      )
    })

    describe("the seed's promotion codes", () => {
      type Cart = {
        item_subtotal: number
        item_total: number
        shipping_subtotal: number
        shipping_total: number
        discount_total: number
        promotions: { code: string }[]
      }
      async function cartIn(currency: "eur" | "usd") {
        const region = currency === "eur" ? shop.regions.europe : shop.regions.us
        const { variant } = inStockVariant(await listProducts(api, shop.publishableKey, region))
        return cartReadyToPay(api, shop.publishableKey, {
          region,
          items: [{ variant_id: variant.id, quantity: 2 }],
        })
      }
      async function apply(cartId: string, code: string) {
        const res = await api.post(
          `/store/carts/${cartId}/promotions`,
          { promo_codes: [code] },
          { ...storeHeaders(shop.publishableKey), validateStatus: () => true }
        )
        return res.data.cart as Cart
      }

      it("WELCOME10 takes 10% off the items, FREESHIP the shipping", async () => {
        const cartId = await cartIn("eur")
        const before = (await api.get(`/store/carts/${cartId}`, storeHeaders(shop.publishableKey)))
          .data.cart as Cart
        const welcome = await apply(cartId, "WELCOME10")
        expect(welcome.promotions.map((p) => p.code)).toEqual(["WELCOME10"])
        expect(welcome.item_total).toBeCloseTo(before.item_total * 0.9, 2)
        const free = await apply(cartId, "FREESHIP")
        expect(free.promotions.map((p) => p.code).sort()).toEqual(["FREESHIP", "WELCOME10"])
        expect(before.shipping_total).toBeGreaterThan(0)
        expect(free.shipping_total).toBe(0)
      })

      it("SAVE5 takes 5 off a euro order and nothing off a dollar one", async () => {
        const euros = await cartIn("eur")
        const eur = await apply(euros, "SAVE5")
        expect(eur.promotions.map((p) => p.code)).toEqual(["SAVE5"])
        expect(eur.discount_total).toBeCloseTo(5, 2)
        const dollars = await cartIn("usd")
        const usd = await apply(dollars, "SAVE5")
        expect(usd.promotions).toEqual([])
        expect(usd.discount_total).toBe(0)
        const own = await apply(dollars, "SAVE5USD")
        expect(own.discount_total).toBeGreaterThan(0)
      })

      // Medusa caches the look-up of a code; an answer that found nothing must not outlive the
      // code's creation, nor one that found it the code's end.
      it("a code the merchant creates after a buyer tried it applies at once, and stops once ended", async () => {
        const cartId = await cartIn("eur")
        const h = { ...storeHeaders(shop.publishableKey), validateStatus: () => true }
        const tryCode = () =>
          api.post(`/store/carts/${cartId}/promotions`, { promo_codes: ["LATE20"] }, h)
        // Twice, past the cache's settling time after its first use, so the answer is kept.
        expect((await tryCode()).status).toBe(400)
        await sleep(2_500)
        const early = await tryCode()
        expect(early.status).toBe(400)
        expect(early.data.message).toContain("LATE20")

        const admin = {
          headers: { authorization: `Bearer ${await adminToken(getContainer(), api)}` },
        }
        const { data: created } = await api.post(
          "/admin/promotions",
          {
            code: "LATE20",
            type: "standard",
            status: "active",
            application_method: {
              type: "percentage",
              target_type: "items",
              allocation: "across",
              value: 20,
            },
          },
          admin
        )
        const late = await apply(cartId, "LATE20")
        expect(late.promotions.map((p) => p.code)).toEqual(["LATE20"])
        expect(late.discount_total).toBeGreaterThan(0)

        await api.delete(`/admin/promotions/${created.promotion.id}`, admin)
        const next = await cartIn("eur")
        const ended = await api.post(
          `/store/carts/${next}/promotions`,
          { promo_codes: ["LATE20"] },
          h
        )
        expect(ended.status).toBe(400)
        expect(ended.data.message).toContain("LATE20")
      })
    })

    // Zoco's payment-session route reads the providers enabled in the cart's region through the
    // cache of configuration reads: the merchant's change to the region reaches the next session.
    it("a payment provider the merchant turns off in a region is refused from the next session on", async () => {
      const region = shop.regions.us
      const admin = {
        headers: { authorization: `Bearer ${await adminToken(getContainer(), api)}` },
      }
      const session = () => trySystemPaymentSession(api, shop.publishableKey, region)
      // Twice, the second past the cache's settling time, so the region's providers are kept.
      expect((await session()).status).toBe(200)
      await sleep(2_500)
      const warm = await session()
      expect(warm.status).toBe(200)
      expect(
        warm.data.payment_collection.payment_sessions.map(
          (s: { provider_id: string }) => s.provider_id
        )
      ).toEqual(["pp_system_default"])

      const { data } = await api.get(
        `/admin/regions/${region.id}?fields=payment_providers.id`,
        admin
      )
      const providers = (data.region.payment_providers as { id: string }[]).map((p) => p.id)
      expect(providers).toContain("pp_system_default")
      try {
        await api.post(
          `/admin/regions/${region.id}`,
          { payment_providers: providers.filter((id) => id !== "pp_system_default") },
          admin
        )
        const refused = await session()
        expect(refused.status).toBe(400)
        expect(refused.data.message).toBe(
          `Payment provider pp_system_default is not enabled in the cart's region ${region.id}.`
        )
      } finally {
        await api.post(`/admin/regions/${region.id}`, { payment_providers: providers }, admin)
      }
      expect((await session()).status).toBe(200)
    })

    // Zoco's shipping-method route prices an option once when the new method is the cart's only
    // one; a cart that keeps another profile's method takes Medusa's second pricing instead.
    it("items of two shipping profiles keep one method each, each at its option's price", async () => {
      const container = getContainer()
      const h = storeHeaders(shop.publishableKey)
      const fulfillment = container.resolve(Modules.FULFILLMENT)
      // The seed has a "Standard Shipping" per region: the European one, not whichever comes first.
      const standard = (
        await fulfillment.listShippingOptions(
          { name: "Standard Shipping" },
          { relations: ["service_zone"] }
        )
      ).find((o) => o.service_zone.name === "Europe")!
      const {
        result: [bulky],
      } = await createShippingProfilesWorkflow(container).run({
        input: { data: [{ name: "Bulky goods", type: "bulky" }] },
      })
      const {
        result: [freight],
      } = await createShippingOptionsWorkflow(container).run({
        input: [
          {
            name: "Freight",
            service_zone_id: standard.service_zone_id,
            shipping_profile_id: bulky.id,
            provider_id: standard.provider_id!,
            price_type: "flat",
            type: { label: "Freight", description: "Two-person delivery", code: "freight" },
            prices: [{ region_id: shop.regions.europe.id, amount: 39 }],
            rules: [
              { attribute: "enabled_in_store", value: "true", operator: "eq" },
              { attribute: "is_return", value: "false", operator: "eq" },
            ],
          },
        ],
      })
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const { product, variant } = inStockVariant(products)
      const {
        data: [source],
      } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
        entity: "product",
        fields: ["sales_channels.id"],
        filters: { id: product.id },
      })
      const {
        result: [sofa],
      } = await createProductsWorkflow(container).run({
        input: {
          products: [
            {
              title: "Sofa",
              status: ProductStatus.PUBLISHED,
              shipping_profile_id: bulky.id,
              sales_channels: (source.sales_channels as { id: string }[]).map(({ id }) => ({ id })),
              options: [{ title: "Colour", values: ["Grey"] }],
              variants: [
                {
                  title: "Grey",
                  options: { Colour: "Grey" },
                  manage_inventory: false,
                  prices: [{ amount: 499, currency_code: "eur" }],
                },
              ],
            },
          ],
        },
      })

      const cartId = await cartReadyToPay(api, shop.publishableKey, {
        region: shop.regions.europe,
        items: [
          { variant_id: variant.id, quantity: 1 },
          { variant_id: sofa.variants[0].id, quantity: 1 },
        ],
        shippingOptionId: standard.id,
      })
      const { data } = await api.post(
        `/store/carts/${cartId}/shipping-methods`,
        { option_id: freight.id },
        h
      )
      type Method = { shipping_option_id: string; amount: number }
      const methods = (data.cart.shipping_methods as Method[])
        .map((m) => ({ option: m.shipping_option_id, amount: m.amount }))
        .sort((a, b) => a.amount - b.amount)
      const { data: options } = await api.get(`/store/shipping-options?cart_id=${cartId}`, h)
      const priceOf = (id: string) =>
        options.shipping_options.find((o: { id: string }) => o.id === id).amount as number
      expect(methods).toEqual([
        { option: standard.id, amount: priceOf(standard.id) },
        { option: freight.id, amount: 39 },
      ])
      expect(data.cart.shipping_total).toBeCloseTo(priceOf(standard.id) + 39, 2)
    })
  },
})

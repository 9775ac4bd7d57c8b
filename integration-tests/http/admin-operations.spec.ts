import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import { checkout, inStockVariant, listProducts } from "../utils/checkout"
import { adminToken, bearer, failure, seedStore, type SeededStore } from "../utils/store"

jest.setTimeout(240_000)

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore
    let admin: ReturnType<typeof bearer>

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
      admin = bearer(await adminToken(getContainer(), api))
    })

    it("creates a product with variants and prices that the storefront can buy", async () => {
      const { data: profiles } = await api.get("/admin/shipping-profiles", admin)
      const { data: channels } = await api.get("/admin/sales-channels", admin)
      const { data: created } = await api.post(
        "/admin/products",
        {
          title: "Merchant Mug",
          handle: "merchant-mug",
          status: "published",
          shipping_profile_id: profiles.shipping_profiles[0].id,
          sales_channels: [{ id: channels.sales_channels[0].id }],
          options: [{ title: "Size", values: ["S", "L"] }],
          variants: ["S", "L"].map((size, i) => ({
            title: size,
            sku: `MUG-${size}`,
            manage_inventory: false,
            options: { Size: size },
            prices: [
              { currency_code: "eur", amount: 12 + i },
              { currency_code: "usd", amount: 14 + i },
            ],
          })),
        },
        admin
      )
      expect(created.product.variants).toHaveLength(2)

      const products = await listProducts(
        api,
        shop.publishableKey,
        shop.regions.us,
        "&handle=merchant-mug"
      )
      expect(products).toHaveLength(1)
      const large = products[0].variants.find((v) => v.sku === "MUG-L")
      expect(large?.calculated_price?.calculated_amount).toBe(15)
    })

    it("fulfils, ships, captures and partly refunds an order", async () => {
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const { variant } = inStockVariant(products)
      const { order } = await checkout(api, shop.publishableKey, {
        region: shop.regions.europe,
        items: [{ variant_id: variant.id, quantity: 2 }],
      })

      const { data: list } = await api.get("/admin/orders?fields=id,total,status", admin)
      expect(list.orders.map((o: { id: string }) => o.id)).toContain(order.id)

      const { data: full } = await api.get(
        `/admin/orders/${order.id}?fields=*items,*payment_collections.payments,*fulfillments`,
        admin
      )
      const items = full.order.items.map((i: { id: string; quantity: number }) => ({
        id: i.id,
        quantity: i.quantity,
      }))

      await api.post(`/admin/orders/${order.id}/fulfillments`, { items }, admin)
      const status = async () =>
        (
          await api.get(
            `/admin/orders/${order.id}?fields=fulfillment_status,payment_status,*fulfillments`,
            admin
          )
        ).data.order
      const fulfilled = await status()
      expect(fulfilled.fulfillment_status).toBe("fulfilled")
      expect(fulfilled.fulfillments).toHaveLength(1)

      await api.post(
        `/admin/orders/${order.id}/fulfillments/${fulfilled.fulfillments[0].id}/shipments`,
        { items },
        admin
      )
      const shipped = await status()
      expect(shipped.fulfillment_status).toBe("shipped")
      expect(shipped.fulfillments[0].shipped_at).toBeTruthy()

      const payment = full.order.payment_collections[0].payments[0]
      expect(payment.amount).toBe(order.total)
      const { data: captured } = await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(captured.payment.captured_at).toBeTruthy()

      const refundAmount = 5
      const { data: refunded } = await api.post(
        `/admin/payments/${payment.id}/refund`,
        { amount: refundAmount },
        admin
      )
      expect(refunded.payment.refunds).toHaveLength(1)
      expect(refunded.payment.refunds[0].amount).toBe(refundAmount)

      // more than what is left to refund is refused and changes nothing
      const tooMuch = await failure(
        api.post(`/admin/payments/${payment.id}/refund`, { amount: order.total }, admin)
      )
      expect(tooMuch.status).toBeGreaterThanOrEqual(400)
      expect(tooMuch.status).toBeLessThan(500)
      const { data: after } = await api.get(`/admin/payments/${payment.id}?fields=*refunds`, admin)
      expect(after.payment.refunds).toHaveLength(1)

      const { data: summary } = await api.get(
        `/admin/orders/${order.id}?fields=summary,payment_status`,
        admin
      )
      expect(summary.order.payment_status).toBe("partially_refunded")
    })

    it("refuses admin routes without a token or with a customer's token", async () => {
      const none = await failure(api.get("/admin/orders"))
      expect(none.status).toBe(401)
      const { data: reg } = await api.post("/auth/customer/emailpass/register", {
        email: "mallory@zoco.test",
        password: "mallory-password",
      })
      const customer = await failure(api.get("/admin/orders", bearer(reg.token)))
      expect(customer.status).toBe(401)
    })
  },
})

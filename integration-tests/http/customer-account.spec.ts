import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import { ADDRESSES, checkout, inStockVariant, listProducts } from "../utils/checkout"
import {
  failure,
  registerCustomer,
  seedStore,
  storeHeaders,
  type SeededStore,
} from "../utils/store"

jest.setTimeout(240_000)

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    it("a customer registers, logs in, checks out and sees their orders and addresses", async () => {
      const pk = shop.publishableKey
      const alice = await registerCustomer(api, pk, "alice@zoco.test", "alice-password-1")

      const { data: me } = await api.get("/store/customers/me", storeHeaders(pk, alice.token))
      expect(me.customer.email).toBe("alice@zoco.test")
      expect(me.customer.has_account).toBe(true)

      // wrong password is refused
      const wrong = await failure(
        api.post("/auth/customer/emailpass", { email: "alice@zoco.test", password: "nope" })
      )
      expect(wrong.status).toBe(401)

      const { data: added } = await api.post(
        "/store/customers/me/addresses",
        { ...ADDRESSES.de, address_name: "Home" },
        storeHeaders(pk, alice.token)
      )
      const addressId = added.customer.addresses[0].id

      const products = await listProducts(api, pk, shop.regions.europe)
      const { variant } = inStockVariant(products)
      const { order } = await checkout(api, pk, {
        region: shop.regions.europe,
        items: [{ variant_id: variant.id, quantity: 1 }],
        token: alice.token,
      })
      expect(order.email).toBe("alice@zoco.test")

      const { data: orders } = await api.get("/store/orders", storeHeaders(pk, alice.token))
      expect(orders.orders.map((o: { id: string }) => o.id)).toEqual([order.id])
      const { data: one } = await api.get(
        `/store/orders/${order.id}`,
        storeHeaders(pk, alice.token)
      )
      expect(one.order.id).toBe(order.id)

      const { data: addresses } = await api.get(
        "/store/customers/me/addresses",
        storeHeaders(pk, alice.token)
      )
      expect(addresses.addresses.map((a: { id: string }) => a.id)).toEqual([addressId])

      // another customer sees none of it
      const bob = await registerCustomer(api, pk, "bob@zoco.test", "bob-password-1")
      const { data: bobOrders } = await api.get("/store/orders", storeHeaders(pk, bob.token))
      expect(bobOrders.orders).toEqual([])
      const { data: bobAddresses } = await api.get(
        "/store/customers/me/addresses",
        storeHeaders(pk, bob.token)
      )
      expect(bobAddresses.addresses).toEqual([])
      const bobOrder = await failure(
        api.get(`/store/orders/${order.id}`, storeHeaders(pk, bob.token))
      )
      expect([401, 404]).toContain(bobOrder.status)
      const bobAddress = await failure(
        api.get(`/store/customers/me/addresses/${addressId}`, storeHeaders(pk, bob.token))
      )
      expect(bobAddress.status).toBe(404)
      const bobDelete = await failure(
        api.delete(`/store/customers/me/addresses/${addressId}`, storeHeaders(pk, bob.token))
      )
      expect([403, 404]).toContain(bobDelete.status)

      // and anonymous requests are refused
      const anonymousOrders = await failure(api.get("/store/orders", storeHeaders(pk)))
      expect(anonymousOrders.status).toBe(401)
      const anonymousMe = await failure(api.get("/store/customers/me", storeHeaders(pk)))
      expect(anonymousMe.status).toBe(401)

      // Alice's address survived Bob's attempt
      const { data: still } = await api.get(
        "/store/customers/me/addresses",
        storeHeaders(pk, alice.token)
      )
      expect(still.addresses).toHaveLength(1)
    })
  },
})

import { Modules } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import type { AxiosInstance } from "axios"
import {
  cartWithPaymentSession,
  inStockVariant,
  listProducts,
  startPaymentSession,
} from "../utils/checkout"
import { ordersOf } from "../utils/orders"
import { failure, seedStore, storeHeaders, type SeededStore } from "../utils/store"

jest.setTimeout(240_000)

// medusajs/medusa#16407: an order was placed although the amount paid differed
// from the cart total. These carts get into that state the way a bug elsewhere
// would leave them: a payment session whose amount no longer matches.
async function cartWithStaleSession(api: AxiosInstance, shop: SeededStore, email: string) {
  const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
  const { variant } = inStockVariant(products)
  const { cartId, session } = await cartWithPaymentSession(api, shop.publishableKey, {
    region: shop.regions.europe,
    items: [{ variant_id: variant.id, quantity: 1 }],
    email,
  })
  const { data } = await api.get(`/store/carts/${cartId}`, storeHeaders(shop.publishableKey))
  return { cartId, session, total: data.cart.total as number }
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    it("refuses to complete a cart whose payment is for less than its total", async () => {
      const email = "short@zoco.test"
      const h = storeHeaders(shop.publishableKey)
      const { cartId, session, total } = await cartWithStaleSession(api, shop, email)
      const payments = getContainer().resolve(Modules.PAYMENT)
      await payments.updatePaymentSession({
        id: session.id,
        amount: total - 1,
        currency_code: "eur",
        data: {},
      })

      const res = await failure(api.post(`/store/carts/${cartId}/complete`, {}, h))
      expect(res.status).toBe(400)
      expect(res.data.message).toContain(`does not match the cart total (${total} EUR)`)
      expect(await ordersOf(getContainer(), email)).toHaveLength(0)
      const cart = await getContainer().resolve(Modules.CART).retrieveCart(cartId)
      expect(cart.completed_at ?? null).toBeNull()

      // The cart stays usable: a new session for the right amount completes it.
      const { session: fresh } = await startPaymentSession(
        api,
        shop.publishableKey,
        cartId,
        "pp_system_default"
      )
      expect(fresh.amount).toBe(total)
      const { data } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
      expect(data.type).toBe("order")
      expect(data.order.total).toBe(total)
      expect(await ordersOf(getContainer(), email)).toHaveLength(1)
    })

    it("releases an authorization for the wrong amount", async () => {
      const email = "authorized-wrong@zoco.test"
      const { cartId, session, total } = await cartWithStaleSession(api, shop, email)
      const payments = getContainer().resolve(Modules.PAYMENT)
      await payments.updatePaymentSession({
        id: session.id,
        amount: total + 5,
        currency_code: "eur",
        data: {},
      })
      const authorized = await payments.authorizePaymentSession(session.id, {})
      expect(authorized?.amount).toBe(total + 5)

      const res = await failure(
        api.post(`/store/carts/${cartId}/complete`, {}, storeHeaders(shop.publishableKey))
      )
      expect(res.status).toBe(400)
      expect(res.data.message).toContain(`payment (${total + 5} EUR)`)
      const [payment] = await payments.listPayments({ id: authorized!.id })
      expect(payment.canceled_at).toBeTruthy()
      expect(await ordersOf(getContainer(), email)).toHaveLength(0)
    })

    it("completes an ordinary cart whose payment matches", async () => {
      const email = "exact@zoco.test"
      const { cartId } = await cartWithStaleSession(api, shop, email)
      const { data } = await api.post(
        `/store/carts/${cartId}/complete`,
        {},
        storeHeaders(shop.publishableKey)
      )
      expect(data.type).toBe("order")
      expect(await ordersOf(getContainer(), email)).toHaveLength(1)
    })
  },
})

import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import Medusa from "@medusajs/js-sdk"
import type { AxiosInstance } from "axios"
import { FakePayPal } from "../../plugins/payment-paypal/src/providers/paypal/__fixtures__/fake-paypal"
import { inStockCartReadyToPay, paymentProviderIds, startPaymentSession } from "../utils/checkout"
import { ordersOf } from "../utils/orders"
import {
  adminToken,
  bearer,
  failure,
  seedStore,
  storeHeaders,
  type SeededStore,
} from "../utils/store"
import { paymentWebhooksHandled } from "../utils/payment-webhooks"

jest.setTimeout(240_000)

const PROVIDER = "pp_paypal_paypal"
const paypal = new FakePayPal()

// medusa-config.ts reads these when the runner loads it; the fake's credentials and webhook id.
process.env.PAYPAL_CLIENT_ID = "id"
process.env.PAYPAL_CLIENT_SECRET = "secret"
process.env.PAYPAL_WEBHOOK_ID = paypal.webhookId
process.env.PAYPAL_RETURN_ORIGINS = "https://shop.test"
// A PayPal that stops answering is given up on after 5 s per request here, not the default 15 s.
process.env.PAYPAL_TIMEOUT_SECONDS = "5"

// Runs before the runner's own beforeAll (an outer hook), so the fake's port is known when
// medusa-config.ts is loaded.
beforeAll(async () => {
  await paypal.start()
  process.env.PAYPAL_API_BASE = paypal.url
})

afterAll(async () => {
  await paypal.stop()
  for (const name of [
    "CLIENT_ID",
    "CLIENT_SECRET",
    "WEBHOOK_ID",
    "API_BASE",
    "RETURN_ORIGINS",
    "TIMEOUT_SECONDS",
  ]) {
    delete process.env[`PAYPAL_${name}`]
  }
})

afterEach(() => paypal.clearFaults())

type StoreError = {
  type?: string
  code?: string
  message?: string
  error?: { type?: string; message?: string }
}

/** A EUR cart (two units, tax included) addressed, shipped, with a PayPal payment session. */
async function paypalCart(api: AxiosInstance, shop: SeededStore, email: string) {
  const cartId = await inStockCartReadyToPay(api, shop.publishableKey, {
    region: shop.regions.europe,
    email,
    quantity: 2,
  })
  const { paymentCollectionId, session } = await startPaymentSession(
    api,
    shop.publishableKey,
    cartId,
    PROVIDER,
    { return_url: "https://shop.test/paypal/return", cancel_url: "https://shop.test/checkout" }
  )
  const { data } = await api.get(`/store/carts/${cartId}`, storeHeaders(shop.publishableKey))
  return {
    cart: data.cart as { id: string; total: number },
    paymentCollectionId,
    session,
    orderId: session.data.id as string,
  }
}

async function cartCompletedAt(container: MedusaContainer, cartId: string) {
  return (await container.resolve(Modules.CART).retrieveCart(cartId)).completed_at ?? null
}

const verifications = () =>
  paypal.callsTo("POST", "/v1/notifications/verify-webhook-signature").length

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    /** The buyer approves at PayPal, comes back, and the storefront completes the cart. */
    async function placeOrder(email: string) {
      const paid = await paypalCart(api, shop, email)
      paypal.approve(paid.orderId)
      const { data } = await api.post(
        `/store/carts/${paid.cart.id}/complete`,
        {},
        storeHeaders(shop.publishableKey)
      )
      expect(data.type).toBe("order")
      return { ...paid, order: data.order as { id: string; total: number } }
    }

    async function deliver(webhook: { rawData: string; headers: Record<string, string> }) {
      const res = await api.post("/hooks/payment/paypal_paypal", webhook.rawData, {
        headers: { "content-type": "application/json", ...webhook.headers },
      })
      expect(res.status).toBe(200)
    }

    it("offers PayPal next to the system provider in every region", async () => {
      for (const region of [shop.regions.europe, shop.regions.us]) {
        expect(await paymentProviderIds(api, shop.publishableKey, region)).toEqual(
          expect.arrayContaining(["pp_system_default", PROVIDER])
        )
      }
    })

    it("guest checkout: PayPal order for the cart total, approval, authorized order", async () => {
      const h = storeHeaders(shop.publishableKey)
      const { cart, session, orderId } = await paypalCart(api, shop, "paypal@zoco.test")

      // What the storefront needs to send the buyer to PayPal.
      expect(orderId).toMatch(/^ORDER-/)
      expect(session.data.approval_url).toEqual(expect.stringContaining(orderId))
      expect(session.amount).toBe(cart.total)

      // What PayPal was asked to charge: the cart total, in EUR, authorized only.
      const created = paypal
        .callsTo("POST", "/v2/checkout/orders")
        .find((r) => JSON.stringify(r.body).includes(session.id))
      expect(created?.body).toMatchObject({
        intent: "AUTHORIZE",
        purchase_units: [{ custom_id: session.id, amount: { currency_code: "EUR" } }],
      })
      const sent = (created?.body as { purchase_units: { amount: { value: string } }[] })
        .purchase_units[0].amount.value
      expect(sent).toMatch(/^\d+\.\d{2}$/)
      expect(Number(sent)).toBe(cart.total)

      // Before the buyer approved, the cart cannot be completed.
      const early = await failure<StoreError>(api.post(`/store/carts/${cart.id}/complete`, {}, h))
      expect(early.status).toBeGreaterThanOrEqual(400)
      expect(early.status).toBeLessThan(500)
      expect(await ordersOf(getContainer(), "paypal@zoco.test")).toHaveLength(0)

      paypal.approve(orderId)
      const { data: completed } = await api.post(`/store/carts/${cart.id}/complete`, {}, h)
      expect(completed.type).toBe("order")
      expect(completed.order.total).toBe(cart.total)

      const orders = await ordersOf(getContainer(), "paypal@zoco.test")
      expect(orders.map((o) => o.id)).toEqual([completed.order.id])
      const admin = bearer(await adminToken(getContainer(), api))
      const { data: full } = await api.get(
        `/admin/orders/${completed.order.id}?fields=payment_status,*payment_collections.payments`,
        admin
      )
      expect(full.order.payment_status).toBe("authorized")
      expect(full.order.payment_collections[0].payments[0].provider_id).toBe(PROVIDER)
      expect(paypal.orderResource(orderId).purchase_units[0].payments?.authorizations).toEqual([
        expect.objectContaining({
          status: "CREATED",
          amount: { currency_code: "EUR", value: sent },
        }),
      ])
    })

    it("a US cart with sub-cent sales tax is charged its total rounded to the cent, then captured and refunded in full", async () => {
      // Medusa 2.21.2 does not round sales tax to cents (61.97 USD plus 4% is 64.4488). PayPal
      // takes whole cents only, so the provider charges the total rounded half-up, as Medusa's
      // Stripe provider does, and Medusa's own books keep the exact figure.
      const h = storeHeaders(shop.publishableKey)
      const email = "us-buyer@zoco.test"
      const cartId = await inStockCartReadyToPay(api, shop.publishableKey, {
        region: shop.regions.us,
        email,
      })
      const { data } = await api.get(`/store/carts/${cartId}`, h)
      const total = String(data.cart.total)
      expect(total).toMatch(/\.\d{3,}$/)
      const charged = (Math.round(Number(total) * 100) / 100).toFixed(2)

      const { session } = await startPaymentSession(api, shop.publishableKey, cartId, PROVIDER)
      expect(session.data).toMatchObject({ value: charged, medusa_amount: total })
      const orderId = session.data.id as string
      paypal.approve(orderId)
      const { data: completed } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
      expect(completed.type).toBe("order")
      expect(await ordersOf(getContainer(), email)).toHaveLength(1)

      const admin = bearer(await adminToken(getContainer(), api))
      const { data: full } = await api.get(
        `/admin/orders/${completed.order.id}?fields=*payment_collections.payments`,
        admin
      )
      const paymentId: string = full.order.payment_collections[0].payments[0].id
      await api.post(`/admin/payments/${paymentId}/capture`, {}, admin)
      expect(paypal.capturesOf(orderId)).toEqual([
        expect.objectContaining({ amount: { currency_code: "USD", value: charged } }),
      ])
      await api.post(`/admin/payments/${paymentId}/refund`, { amount: Number(total) }, admin)
      expect(paypal.refundsOf(orderId).map((r) => r.amount)).toEqual([
        { currency_code: "USD", value: charged },
      ])
      const payment = await getContainer()
        .resolve(Modules.PAYMENT)
        .retrievePayment(paymentId, { relations: ["captures", "refunds"] })
      expect(payment.captured_at).toBeTruthy()
      expect(payment.refunds).toHaveLength(1)
    })

    it("the merchant captures, refunds twice and cannot refund more than is left", async () => {
      const { order, orderId } = await placeOrder("refunds@zoco.test")
      const admin = bearer(await adminToken(getContainer(), api))
      const { data: full } = await api.get(
        `/admin/orders/${order.id}?fields=*payment_collections.payments`,
        admin
      )
      const paymentId: string = full.order.payment_collections[0].payments[0].id

      await api.post(`/admin/payments/${paymentId}/capture`, {}, admin)
      expect(paypal.capturesOf(orderId)).toEqual([
        expect.objectContaining({
          status: "COMPLETED",
          amount: { currency_code: "EUR", value: order.total.toFixed(2) },
        }),
      ])

      await api.post(`/admin/payments/${paymentId}/refund`, { amount: 10 }, admin)
      await api.post(`/admin/payments/${paymentId}/refund`, { amount: 5.5 }, admin)
      expect(paypal.refundsOf(orderId).map((r) => r.amount)).toEqual([
        { currency_code: "EUR", value: "10.00" },
        { currency_code: "EUR", value: "5.50" },
      ])

      const tooMuch = await failure<StoreError>(
        api.post(`/admin/payments/${paymentId}/refund`, { amount: order.total }, admin)
      )
      expect(tooMuch.status).toBeGreaterThanOrEqual(400)
      expect(tooMuch.status).toBeLessThan(500)
      expect(tooMuch.data.message).toBeTruthy()
      expect(paypal.refundsOf(orderId)).toHaveLength(2)

      const payment = await getContainer()
        .resolve(Modules.PAYMENT)
        .retrievePayment(paymentId, { relations: ["captures", "refunds"] })
      expect(payment.captured_at).toBeTruthy()
      expect(payment.captures).toHaveLength(1)
      expect(payment.refunds?.map((r) => Number(r.amount))).toEqual(
        expect.arrayContaining([10, 5.5])
      )
      expect(payment.refunds).toHaveLength(2)
    })

    /** An order paid with PayPal and authorized, with its Medusa payment and an admin token. */
    async function authorizedOrder(email: string) {
      const placed = await placeOrder(email)
      const admin = bearer(await adminToken(getContainer(), api))
      const { data: full } = await api.get(
        `/admin/orders/${placed.order.id}?fields=*payment_collections.payments`,
        admin
      )
      const paymentId: string = full.order.payment_collections[0].payments[0].id
      const books = async () => {
        const payment = await getContainer()
          .resolve(Modules.PAYMENT)
          .retrievePayment(paymentId, { relations: ["captures", "refunds"] })
        return {
          captured: (payment.captures ?? []).map((c) => Number(c.amount)).sort(),
          refunded: (payment.refunds ?? []).map((r) => Number(r.amount)).sort(),
          fully: Boolean(payment.captured_at),
        }
      }
      const gateway = () => ({
        captured: paypal
          .capturesOf(placed.orderId)
          .map((c) => Number(c.amount.value))
          .sort(),
        refunded: paypal
          .refundsOf(placed.orderId)
          .map((r) => Number(r.amount.value))
          .sort(),
      })
      return { ...placed, admin, paymentId, books, gateway }
    }

    it("the admin captures part, then the rest: PayPal moves exactly what the books record", async () => {
      const { order, admin, paymentId, books, gateway } = await authorizedOrder("part@zoco.test")
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: 10 }, admin)
      expect(gateway().captured).toEqual([10])
      expect(await books()).toMatchObject({ captured: [10], fully: false })
      // The dashboard asks for what is left (without an amount Medusa asks for the whole payment).
      const rest = Math.round((order.total - 10) * 100) / 100
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: rest }, admin)
      expect(gateway().captured).toEqual([10, rest].sort())
      expect(await books()).toMatchObject({ captured: [10, rest].sort(), fully: true })
    })

    it("a refund whose answer is lost is a 502; the merchant's retry refunds once", async () => {
      const { admin, paymentId, books, gateway } = await authorizedOrder("lost-refund@zoco.test")
      await api.post(`/admin/payments/${paymentId}/capture`, {}, admin)
      paypal.loseNextAnswers(3, "/refund")
      const lost = await failure<StoreError>(
        api.post(`/admin/payments/${paymentId}/refund`, { amount: 10 }, admin)
      )
      expect(lost.status).toBe(502)
      expect(gateway().refunded).toEqual([10])
      expect((await books()).refunded).toEqual([])
      await api.post(`/admin/payments/${paymentId}/refund`, { amount: 10 }, admin)
      expect(gateway().refunded).toEqual([10])
      expect((await books()).refunded).toEqual([10])
    })

    it("lost answers recorded by reconciliation first: the merchant's retries are refused, money moves once", async () => {
      const { order, admin, paymentId, books, gateway } = await authorizedOrder(
        "lost-reconciled@zoco.test"
      )
      const reconcile = () =>
        api.post("/admin/payments/reconciliation", { order_id: order.id }, admin)
      // A partial capture whose answer is lost on every try.
      paypal.loseNextAnswers(3, "/capture")
      const lost = await failure<StoreError>(
        api.post(`/admin/payments/${paymentId}/capture`, { amount: 10 }, admin)
      )
      expect(lost.status).toBe(502)
      await reconcile()
      expect(await books()).toMatchObject({ captured: [10], fully: false })
      const retried = await failure<StoreError>(
        api.post(`/admin/payments/${paymentId}/capture`, { amount: 10 }, admin)
      )
      expect(retried.status).toBe(400)
      expect(retried.data.message).toMatch(/This capture was made at PayPal already/)
      expect(gateway().captured).toEqual([10])
      const rest = Math.round((order.total - 10) * 100) / 100
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: rest }, admin)
      expect(gateway().captured).toEqual([10, rest].sort())

      // A refund whose answer is lost on every try.
      paypal.loseNextAnswers(3, "/refund")
      await failure(api.post(`/admin/payments/${paymentId}/refund`, { amount: 4 }, admin))
      await reconcile()
      expect((await books()).refunded).toEqual([4])
      const again = await failure<StoreError>(
        api.post(`/admin/payments/${paymentId}/refund`, { amount: 4 }, admin)
      )
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(/Nothing was refunded again/)
      expect(gateway().refunded).toEqual([4])
      expect(await books()).toMatchObject({ captured: [10, rest].sort(), refunded: [4] })
    })

    it("a capture made in PayPal's dashboard reaches the books by webhook, once however often it is sent", async () => {
      const { order, orderId, admin, paymentId, books, gateway } =
        await authorizedOrder("dashboard@zoco.test")
      const capture = paypal.captureInDashboard(orderId, "5.00", false)
      const event = paypal.signedWebhook(
        "PAYMENT.CAPTURE.COMPLETED",
        paypal.captureResource(capture.id)
      )
      for (let delivery = 0; delivery < 2; delivery++) {
        const handled = paymentWebhooksHandled(getContainer())
        await deliver(event)
        await handled
        expect(gateway().captured).toEqual([5])
        expect(await books()).toMatchObject({ captured: [5], fully: false })
      }
      // The rest, captured in Zoco: its own event changes nothing.
      const rest = Math.round((order.total - 5) * 100) / 100
      await api.post(`/admin/payments/${paymentId}/capture`, { amount: rest }, admin)
      expect(gateway().captured).toEqual([5, rest].sort())
      const last = paypal.capturesOf(orderId).at(-1)!
      const handled = paymentWebhooksHandled(getContainer())
      await deliver(
        paypal.signedWebhook("PAYMENT.CAPTURE.COMPLETED", paypal.captureResource(last.id))
      )
      await handled
      expect(await books()).toMatchObject({ captured: [5, rest].sort(), fully: true })
      expect(gateway().captured).toEqual([5, rest].sort())
    })

    it("reconciliation books a refund made in PayPal's dashboard without refunding again, and counts what it cannot repair", async () => {
      const { orderId, order, admin, paymentId, books, gateway } =
        await authorizedOrder("reconcile@zoco.test")
      await api.post(`/admin/payments/${paymentId}/capture`, {}, admin)
      const [capture] = paypal.capturesOf(orderId)
      const outside = paypal.refundInDashboard(capture.id, "3.00")
      const url = `/admin/payments/reconciliation?order_id=${order.id}`

      const { data: before } = await api.get(url, admin)
      expect(before.payments).toEqual([
        expect.objectContaining({
          payment_id: paymentId,
          books: expect.objectContaining({ refunded: "0.00" }),
          gateway: expect.objectContaining({ refunded: "3.00" }),
          repairs: [{ kind: "refund", movement: { id: outside.id, amount: "3.00" } }],
          problems: [],
        }),
      ])
      expect((await books()).refunded).toEqual([])

      const { data: repaired } = await api.post(
        "/admin/payments/reconciliation",
        { order_id: order.id },
        admin
      )
      expect(repaired.payments[0].repaired).toHaveLength(1)
      expect((await books()).refunded).toEqual([3])
      expect(gateway().refunded).toEqual([3])
      const { data: after } = await api.get(url, admin)
      expect(after.payments[0]).toMatchObject({ repairs: [], problems: [] })

      // Books holding a refund PayPal never made cannot be repaired: flagged and counted.
      await api.post(`/admin/payments/${paymentId}/refund`, { amount: 2 }, admin)
      paypal.refundsOf(orderId).pop()
      const { data: flagged } = await api.post("/admin/payments/reconciliation", { days: 1 }, admin)
      const mine = flagged.payments.find((p: { payment_id: string }) => p.payment_id === paymentId)
      expect(mine.problems).toEqual(["the books hold 5.00 EUR refunded, the gateway 3.00 EUR"])
      const metrics = await getContainer()
        .resolve<{ registry: { metrics(): Promise<string> } }>("observability")
        .registry.metrics()
      expect(metrics).toMatch(/^zoco_payment_divergences\{provider="pp_paypal_paypal"\} [1-9]/m)

      const refused = await failure<StoreError>(
        api.post("/admin/payments/reconciliation", { days: 0, extra: true }, admin)
      )
      expect(refused.status).toBe(400)
    })

    it("an authorization voided in PayPal's dashboard is booked as canceled by reconciliation; a capture is then refused", async () => {
      const { orderId, order, admin, paymentId, gateway } = await authorizedOrder(
        "dashboard-void@zoco.test"
      )
      paypal.voidInDashboard(orderId)
      const url = `/admin/payments/reconciliation?order_id=${order.id}`
      const { data: found } = await api.get(url, admin)
      expect(found.payments[0]).toMatchObject({
        books: { captured: "0.00", canceled: false },
        gateway: { captured: "0.00", authorization: "voided" },
        repairs: [{ kind: "void", movement: { amount: order.total.toFixed(2) } }],
        problems: [],
      })
      await api.post("/admin/payments/reconciliation", { order_id: order.id }, admin)
      const payment = await getContainer().resolve(Modules.PAYMENT).retrievePayment(paymentId)
      expect(payment.canceled_at).toBeTruthy()
      const { data: after } = await api.get(url, admin)
      expect(after.payments[0]).toMatchObject({
        books: { canceled: true },
        repairs: [],
        problems: [],
      })
      const refused = await failure<StoreError>(
        api.post(`/admin/payments/${paymentId}/capture`, {}, admin)
      )
      expect(refused.status).toBe(400)
      expect(gateway().captured).toEqual([])
    })

    it("through @medusajs/js-sdk: a sub-cent US order captured in two parts and refunded in two, to the cent", async () => {
      const email = "sdk-money@zoco.test"
      const store = new Medusa({
        baseUrl: api.defaults.baseURL!,
        publishableKey: shop.publishableKey,
      })
      const cartId = await inStockCartReadyToPay(api, shop.publishableKey, {
        region: shop.regions.us,
        email,
      })
      const { cart } = await store.store.cart.retrieve(cartId)
      const { payment_collection } = await store.store.payment.initiatePaymentSession(cart, {
        provider_id: PROVIDER,
        data: { return_url: "https://shop.test/paypal/return" },
      })
      const session = payment_collection.payment_sessions!.find((s) => s.provider_id === PROVIDER)!
      paypal.approve(session.data.id as string)
      const placed = await store.store.cart.complete(cartId)
      expect(placed.type).toBe("order")
      const orderId = placed.type === "order" ? placed.order.id : ""

      const merchant = new Medusa({
        baseUrl: api.defaults.baseURL!,
        globalHeaders: bearer(await adminToken(getContainer(), api)).headers,
      })
      const { order } = await merchant.admin.order.retrieve(orderId, {
        fields: "total,*payment_collections.payments",
      })
      const payment = order.payment_collections![0].payments![0]
      const total = Number(payment.amount)
      expect(String(payment.amount)).toMatch(/\.\d{3,}$/)
      const first = Math.round(total * 40) / 100
      await merchant.admin.payment.capture(payment.id, { amount: first })
      await merchant.admin.payment.capture(payment.id, { amount: total - first })
      await merchant.admin.payment.refund(payment.id, { amount: Math.round(total * 500) / 1000 })
      const { payment: afterOne } = await merchant.admin.payment.retrieve(payment.id, {
        fields: "*refunds,*captures",
      })
      const refundedSoFar = (afterOne.refunds ?? []).reduce((s, r) => s + Number(r.amount), 0)
      await merchant.admin.payment.refund(payment.id, { amount: total - refundedSoFar })

      const orderAt = paypal.orderResource(session.data.id as string)
      const cents = (values: { amount?: { value: string } }[] | undefined) =>
        (values ?? []).reduce((sum, v) => sum + Math.round(Number(v.amount!.value) * 100), 0)
      const charged = Math.round(Number(orderAt.purchase_units[0].amount.value) * 100)
      expect(cents(paypal.capturesOf(session.data.id as string))).toBe(charged)
      expect(cents(paypal.refundsOf(session.data.id as string))).toBe(charged)
      const { payment: done } = await merchant.admin.payment.retrieve(payment.id, {
        fields: "*refunds,*captures,captured_at",
      })
      expect(done.captured_at).toBeTruthy()
      expect(done.captures).toHaveLength(2)
      expect(done.refunds).toHaveLength(2)
    })

    it("keeps only the session fields the storefront may set, and refuses others with a 400", async () => {
      const h = storeHeaders(shop.publishableKey)
      const cartId = await inStockCartReadyToPay(api, shop.publishableKey, {
        region: shop.regions.europe,
        email: "session-input@zoco.test",
      })
      const { data } = await api.post("/store/payment-collections", { cart_id: cartId }, h)
      const url = `/store/payment-collections/${data.payment_collection.id}/payment-sessions`
      for (const [extra, message] of [
        [{ medusa_amount: "0.01" }, /data: unknown field\(s\) medusa_amount/],
        [{ return_url: "javascript:alert(1)" }, /data.return_url/],
        [{ return_url: `https://shop.test/${"a".repeat(100_000)}` }, /data.return_url/],
        [{ return_url: "https://elsewhere.test/return" }, /must be on one of the shop's origins/],
      ] as const) {
        const refused = await failure<StoreError>(
          api.post(url, { provider_id: PROVIDER, data: extra }, h)
        )
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(message)
      }
      const { data: collection } = await api.get(
        `/store/carts/${cartId}?fields=*payment_collection.payment_sessions`,
        h
      )
      expect(collection.cart.payment_collection.payment_sessions).toEqual([])
    })

    it("a buyer who approves but never returns gets one order from the webhook, even if it is delivered twice", async () => {
      const { cart, orderId } = await paypalCart(api, shop, "no-return@zoco.test")
      paypal.approve(orderId)
      const approved = paypal.signedWebhook(
        "CHECKOUT.ORDER.APPROVED",
        paypal.orderResource(orderId)
      )

      // Medusa's workflow marks the cart completed before it authorizes the payment: wait for its
      // subscriber to be done with the event, or the check can run halfway through.
      const completed = paymentWebhooksHandled(getContainer())
      await deliver(approved)
      await completed
      expect(await cartCompletedAt(getContainer(), cart.id)).toBeTruthy()
      const [order, ...more] = await ordersOf(getContainer(), "no-return@zoco.test")
      expect(order?.id).toMatch(/^order_/)
      expect(more).toEqual([])
      expect(paypal.orderResource(orderId).status).toBe("COMPLETED")

      // PayPal delivers the same event again: verified again, and nothing more happens.
      const before = verifications()
      const handled = paymentWebhooksHandled(getContainer())
      await deliver(approved)
      await handled
      expect(verifications()).toBe(before + 1)
      const orders = await ordersOf(getContainer(), "no-return@zoco.test")
      expect(orders.map((o) => o.id)).toEqual([order.id])
      const payments = await getContainer().resolve(Modules.PAYMENT).listPayments({})
      expect(payments.filter((p) => p.provider_id === PROVIDER)).toHaveLength(1)
      expect(paypal.callsTo("POST", `/v2/checkout/orders/${orderId}/authorize`)).toHaveLength(1)

      const admin = bearer(await adminToken(getContainer(), api))
      const { data: full } = await api.get(`/admin/orders/${order.id}?fields=payment_status`, admin)
      expect(full.order.payment_status).toBe("authorized")
    })

    it("a forged webhook changes nothing", async () => {
      const { cart, orderId } = await paypalCart(api, shop, "forged@zoco.test")
      // Even for an order the buyer did approve, only PayPal's word may complete it.
      paypal.approve(orderId)
      const genuine = paypal.signedWebhook("CHECKOUT.ORDER.APPROVED", paypal.orderResource(orderId))
      const before = verifications()
      const handled = paymentWebhooksHandled(getContainer())
      await deliver({
        ...genuine,
        headers: { ...genuine.headers, "paypal-transmission-sig": "forged-signature" },
      })
      await handled
      expect(verifications()).toBe(before + 1)

      expect(await ordersOf(getContainer(), "forged@zoco.test")).toHaveLength(0)
      expect(await cartCompletedAt(getContainer(), cart.id)).toBeNull()
      expect(paypal.orderResource(orderId).status).toBe("APPROVED")
      expect(paypal.callsTo("POST", `/v2/checkout/orders/${orderId}/authorize`)).toHaveLength(0)
    })

    it("a declined instrument leaves the cart open, and the buyer pays another way", async () => {
      const h = storeHeaders(shop.publishableKey)
      const { cart, orderId, paymentCollectionId } = await paypalCart(
        api,
        shop,
        "declined@zoco.test"
      )
      paypal.approve(orderId)
      paypal.declineNext()
      const attempt = await api
        .post(`/store/carts/${cart.id}/complete`, {}, h)
        .catch((e: { response: { status: number; data: StoreError } }) => e.response)
      expect(attempt.status).toBeLessThan(500)
      expect(attempt.data.type).not.toBe("order")
      expect(attempt.data.error?.message ?? attempt.data.message).toMatch(/INSTRUMENT_DECLINED/)
      expect(await cartCompletedAt(getContainer(), cart.id)).toBeNull()
      expect(await ordersOf(getContainer(), "declined@zoco.test")).toHaveLength(0)

      await api.post(
        `/store/payment-collections/${paymentCollectionId}/payment-sessions`,
        { provider_id: "pp_system_default" },
        h
      )
      const { data: retried } = await api.post(`/store/carts/${cart.id}/complete`, {}, h)
      expect(retried.type).toBe("order")
      expect(await ordersOf(getContainer(), "declined@zoco.test")).toHaveLength(1)
    })

    it.each([
      ["answers 500", "500", /HTTP 500/],
      ["does not answer in time", "slow", /TimeoutError/],
    ] as const)(
      "when PayPal %s, no order is placed, the buyer gets a 502 and the cart stays open",
      async (_case, outage, reason) => {
        const h = storeHeaders(shop.publishableKey)
        const email = `outage-${outage}@zoco.test`
        const { cart, orderId } = await paypalCart(api, shop, email)
        paypal.approve(orderId)
        // Longer than the provider's limit per request (PAYPAL_TIMEOUT_SECONDS).
        paypal.slowMs = 6_000
        paypal.startOutage(outage)

        const attempt = await failure<StoreError>(
          api.post(`/store/carts/${cart.id}/complete`, {}, h)
        )
        // A gateway outage, told apart from a fault of the shop: 502 with PayPal's own reason.
        expect(attempt.status).toBe(502)
        expect(attempt.data).toMatchObject({
          type: "payment_provider_error",
          code: "payment_provider_unavailable",
        })
        expect(attempt.data.message).toMatch(/PayPal did not answer/)
        expect(attempt.data.message).toMatch(reason)
        expect(await ordersOf(getContainer(), email)).toHaveLength(0)
        expect(await cartCompletedAt(getContainer(), cart.id)).toBeNull()

        // Once PayPal is back, the same cart completes.
        paypal.clearFaults()
        const { data: retried } = await api.post(`/store/carts/${cart.id}/complete`, {}, h)
        expect(retried.type).toBe("order")
        expect(await ordersOf(getContainer(), email)).toHaveLength(1)
      }
    )
  },
})

import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import type { AxiosInstance, AxiosResponse } from "axios"
import Stripe from "stripe"
import type { ObservabilityService } from "../../plugins/observability/src/modules/observability"
import { GATEWAY_FAILURE } from "../../src/api/error-handler"
import {
  ADDRESSES,
  inStockCartReadyToPay,
  inStockVariant,
  listProducts,
  startPaymentSession,
} from "../utils/checkout"
import { ordersOf } from "../utils/orders"
import { StripeFake } from "../../src/modules/payment-stripe/__fixtures__/stripe-fake"
import { paymentWebhooksHandled } from "../utils/payment-webhooks"
import { eventually } from "../utils/wait"
import {
  adminToken,
  bearer,
  failure,
  seedStore,
  storeHeaders,
  type SeededStore,
} from "../utils/store"

jest.setTimeout(240_000)

// medusa-config.ts reads these when the runner loads it.
const WEBHOOK_SECRET = "whsec_zoco_test_secret"
process.env.STRIPE_API_KEY = "sk_test_zoco_fake"
process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
// A request that never gets an answer costs a second per try, not the SDK's 80.
process.env.STRIPE_TIMEOUT_SECONDS = "1"

// Stripe's API on a local port, reached over HTTP through a proxy that injects the network's
// faults. It starts before the app, which reads STRIPE_API_BASE when it loads its configuration.
const stripe = new StripeFake()
beforeAll(async () => {
  process.env.STRIPE_API_BASE = await stripe.start()
})
afterAll(async () => {
  await stripe.stop()
  for (const name of ["STRIPE_API_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) {
    delete process.env[name]
  }
  delete process.env.STRIPE_TIMEOUT_SECONDS
})

/** Payment failures the observability module counted for a provider and operation. */
async function paymentFailures(container: MedusaContainer, provider: string, operation: string) {
  const metrics = container.resolve<ObservabilityService>("observability")
  const { values } = await metrics.paymentFailures.get()
  return (
    values.find((v) => v.labels.provider === provider && v.labels.operation === operation)?.value ??
    0
  )
}

/** A EUR cart with two units, addressed and shipped, ready for a payment session. */
async function shippedCart(api: AxiosInstance, shop: SeededStore, email: string) {
  const h = storeHeaders(shop.publishableKey)
  const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
  const { variant } = inStockVariant(products)
  const { data } = await api.post(
    "/store/carts",
    { region_id: shop.regions.europe.id, items: [{ variant_id: variant.id, quantity: 2 }] },
    h
  )
  const cartId = data.cart.id
  await api.post(
    `/store/carts/${cartId}`,
    { email, shipping_address: ADDRESSES.de, billing_address: ADDRESSES.de },
    h
  )
  const { data: options } = await api.get(`/store/shipping-options?cart_id=${cartId}`, h)
  await api.post(
    `/store/carts/${cartId}/shipping-methods`,
    { option_id: options.shipping_options[0].id },
    h
  )
  const { data: pc } = await api.post("/store/payment-collections", { cart_id: cartId }, h)
  return { cartId, paymentCollectionId: pc.payment_collection.id as string }
}

/** A shipped cart with a Stripe payment session, as a storefront sets it up before Stripe.js. */
async function stripeCart(api: AxiosInstance, shop: SeededStore, email: string) {
  const h = storeHeaders(shop.publishableKey)
  const { cartId, paymentCollectionId } = await shippedCart(api, shop, email)
  const { data: session } = await api.post(
    `/store/payment-collections/${paymentCollectionId}/payment-sessions`,
    { provider_id: "pp_stripe_stripe" },
    h
  )
  const { data: cart } = await api.get(`/store/carts/${cartId}`, h)
  const stripeSession = session.payment_collection.payment_sessions.find(
    (s: { provider_id: string }) => s.provider_id === "pp_stripe_stripe"
  )
  return {
    cart: cart.cart,
    paymentCollectionId,
    intentId: stripeSession.data.id as string,
  }
}

function signed(payload: object) {
  const body = JSON.stringify(payload)
  const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET })
  return { body, header }
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    it("offers Stripe next to the system provider in every region", async () => {
      for (const region of [shop.regions.europe, shop.regions.us]) {
        const { data } = await api.get(
          `/store/payment-providers?region_id=${region.id}`,
          storeHeaders(shop.publishableKey)
        )
        expect(data.payment_providers.map((p: { id: string }) => p.id)).toEqual(
          expect.arrayContaining(["pp_system_default", "pp_stripe_stripe"])
        )
      }
    })

    it("checks out with a card, then the merchant captures and refunds twice", async () => {
      const { cart, intentId } = await stripeCart(api, shop, "card@zoco.test")
      const created = stripe.requests.find(
        (r) => r.method === "POST" && r.path === "/v1/payment_intents"
      )!
      // Amounts go to Stripe in the currency's smallest unit.
      expect(Number(created.body.amount)).toBe(Math.round(cart.total * 100))
      expect(created.body.currency).toBe("eur")
      expect(created.body.capture_method).toBe("manual")
      expect((created.body.metadata as Record<string, string>).session_id).toMatch(/^payses_/)

      stripe.confirm(intentId, "authorized")
      const { data: completed } = await api.post(
        `/store/carts/${cart.id}/complete`,
        {},
        storeHeaders(shop.publishableKey)
      )
      expect(completed.type).toBe("order")

      const admin = bearer(await adminToken(getContainer(), api))
      const { data: full } = await api.get(
        `/admin/orders/${completed.order.id}?fields=payment_status,*payment_collections.payments`,
        admin
      )
      expect(full.order.payment_status).toBe("authorized")
      const payment = full.order.payment_collections[0].payments[0]
      expect(payment.provider_id).toBe("pp_stripe_stripe")

      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(stripe.intents.get(intentId)!.status).toBe("succeeded")

      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5.5 }, admin)
      expect(stripe.refundedOf(intentId)).toEqual([1000, 550])

      const tooMuch = await failure(
        api.post(`/admin/payments/${payment.id}/refund`, { amount: cart.total }, admin)
      )
      expect(tooMuch.status).toBeGreaterThanOrEqual(400)
      expect(tooMuch.status).toBeLessThan(500)
      expect(stripe.refundedOf(intentId)).toHaveLength(2)
    })

    /** A card order in `region`, authorized at Stripe, as the merchant finds it in the admin. */
    async function authorizedOrder(email: string, region: "europe" | "us") {
      const h = storeHeaders(shop.publishableKey)
      const cartId = await inStockCartReadyToPay(api, shop.publishableKey, {
        region: shop.regions[region],
        email,
      })
      const { session } = await startPaymentSession(
        api,
        shop.publishableKey,
        cartId,
        "pp_stripe_stripe"
      )
      const intentId = session.data.id as string
      stripe.confirm(intentId, "authorized")
      const { data: completed } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
      expect(completed.type).toBe("order")
      const admin = bearer(await adminToken(getContainer(), api))
      const { data: full } = await api.get(
        `/admin/orders/${completed.order.id}?fields=total,*payment_collections.payments`,
        admin
      )
      const payment = full.order.payment_collections[0].payments[0] as {
        id: string
        amount: number
      }
      const booked = async () => {
        const p = await getContainer()
          .resolve(Modules.PAYMENT)
          .retrievePayment(payment.id, { relations: ["refunds"] })
        return (p.refunds ?? []).map((r) => Number(r.amount)).sort()
      }
      return {
        intentId,
        admin,
        payment,
        orderId: completed.order.id as string,
        total: String(full.order.total),
        booked,
      }
    }

    /** Stripe sends `event`, signed; resolves once every payment webhook subscriber is done. */
    async function deliverSigned(event: object) {
      const handled = paymentWebhooksHandled(getContainer())
      const { body, header } = signed(event)
      const res = await api.post("/hooks/payment/stripe_stripe", body, {
        headers: { "content-type": "application/json", "stripe-signature": header },
      })
      expect(res.status).toBe(200)
      await handled
    }

    /** The same, captured by the merchant in full. */
    async function capturedOrder(email: string, region: "europe" | "us") {
      const order = await authorizedOrder(email, region)
      await api.post(`/admin/payments/${order.payment.id}/capture`, {}, order.admin)
      return order
    }

    it("a refund whose answer is lost on every try is a 502; the merchant's retry refunds once", async () => {
      const { intentId, admin, payment, booked } = await capturedOrder("lost@zoco.test", "europe")
      // Stripe's client tries twice; both answers are lost after Stripe refunded.
      stripe.loseAnswers(/^\/v1\/refunds$/, 2)
      const lost = await failure(
        api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)
      )
      expect(lost.status).toBe(502)
      expect(stripe.refundedOf(intentId)).toEqual([1000])
      expect(await booked()).toEqual([])
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)
      expect(stripe.refundedOf(intentId)).toEqual([1000])
      expect(await booked()).toEqual([10])
      // The same request again (a second click on a refund that failed) repeats the refund just
      // recorded from Stripe: refused, nothing moves. Another refund is a new refund.
      const again = await failure(
        api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)
      )
      expect(again.status).toBe(400)
      expect(again.data.message).toMatch(/made at Stripe already \(re_/)
      expect(stripe.refundedOf(intentId)).toEqual([1000])
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
      expect(stripe.refundedOf(intentId)).toEqual([1000, 500])
      expect(await booked()).toEqual([10, 5])
    })

    it("a lost refund recorded by reconciliation, then retried by the merchant: refused, one refund", async () => {
      const { intentId, admin, payment, orderId, booked } = await capturedOrder(
        "lost-reconciled@zoco.test",
        "europe"
      )
      stripe.loseAnswers(/^\/v1\/refunds$/, 2)
      const lost = await failure(
        api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)
      )
      expect(lost.status).toBe(502)
      await api.post("/admin/payments/reconciliation", { order_id: orderId }, admin)
      expect(await booked()).toEqual([10])
      const retry = await failure(
        api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)
      )
      expect(retry.status).toBe(400)
      expect(retry.data.message).toMatch(/Nothing was refunded again/)
      expect(stripe.refundedOf(intentId)).toEqual([1000])
      expect(await booked()).toEqual([10])
    })

    it("a capture whose answer is lost is a 502; the merchant's retry books it without capturing again", async () => {
      const { intentId, admin, payment } = await authorizedOrder("lost-capture@zoco.test", "europe")
      // Stripe's client tries twice; both answers are lost after Stripe captured.
      stripe.loseAnswers(/^\/v1\/payment_intents\/[^/]+\/capture$/, 2)
      const lost = await failure(api.post(`/admin/payments/${payment.id}/capture`, {}, admin))
      expect(lost.status).toBe(502)
      const received = stripe.intents.get(intentId)!.amount_received
      expect(received).toBeGreaterThan(0)
      const captures = () =>
        getContainer()
          .resolve(Modules.PAYMENT)
          .retrievePayment(payment.id, { relations: ["captures"] })
          .then((p) => (p.captures ?? []).map((c) => Number(c.amount)))
      expect(await captures()).toEqual([])
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      expect(await captures()).toEqual([payment.amount])
      expect(stripe.intents.get(intentId)!.amount_received).toBe(received)
    })

    it("a void whose answers are lost: the order is canceled only with its payment, voided once", async () => {
      const status = async (orderId: string) =>
        (await api.get(`/admin/orders/${orderId}?fields=status`, admin)).data.order.status
      const voidsOf = (intentId: string) =>
        stripe.requests.filter((r) => r.path === `/v1/payment_intents/${intentId}/cancel`)
      const first = await authorizedOrder("lost-void@zoco.test", "europe")
      const { admin } = first
      const cancelOf = (paymentId: string) =>
        getContainer().resolve(Modules.PAYMENT).retrievePayment(paymentId)

      // Both of the Stripe client's tries lose their answer: Medusa logged it and canceled the
      // order with the payment still open. Zoco voids again under the same key and records it.
      stripe.loseAnswers(/^\/v1\/payment_intents\/[^/]+\/cancel$/, 2)
      await api.post(`/admin/orders/${first.orderId}/cancel`, {}, admin)
      expect(await status(first.orderId)).toBe("canceled")
      expect((await cancelOf(first.payment.id)).canceled_at).toBeTruthy()
      expect(stripe.intents.get(first.intentId)!.status).toBe("canceled")
      expect(new Set(voidsOf(first.intentId).map((r) => r.idempotencyKey)).size).toBe(1)

      // Stripe never answers during the cancel: it fails as a whole, and the retry voids once.
      const second = await authorizedOrder("lost-void-twice@zoco.test", "europe")
      stripe.loseAnswers(/^\/v1\/payment_intents\/[^/]+\/cancel$/, 4)
      const lost = await failure(api.post(`/admin/orders/${second.orderId}/cancel`, {}, admin))
      expect(lost.status).toBe(502)
      expect(await status(second.orderId)).not.toBe("canceled")
      expect((await cancelOf(second.payment.id)).canceled_at).toBeFalsy()
      await api.post(`/admin/orders/${second.orderId}/cancel`, {}, admin)
      expect(await status(second.orderId)).toBe("canceled")
      expect((await cancelOf(second.payment.id)).canceled_at).toBeTruthy()
      expect(stripe.intents.get(second.intentId)!.amount_received).toBe(0)
      expect(new Set(voidsOf(second.intentId).map((r) => r.idempotencyKey)).size).toBe(1)
    })

    it("a sub-cent US total refunds in two parts that add up to what Stripe charged", async () => {
      const { intentId, admin, payment, total, booked } = await capturedOrder(
        "sub-cent@zoco.test",
        "us"
      )
      expect(total).toMatch(/\.\d{3,}$/)
      const charged = stripe.intents.get(intentId)!.amount_received
      expect(charged).toBe(Math.round(Number(total) * 100))
      // Half of it, to the thousandth; then exactly the rest.
      const half = (Math.round((Number(total) / 2) * 1000) / 1000).toString()
      const rest = (Number(total) - Number(half)).toFixed(10).replace(/0+$/, "")
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: Number(half) }, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: Number(rest) }, admin)
      const parts = stripe.refundedOf(intentId)
      expect(parts).toHaveLength(2)
      expect(parts[0] + parts[1]).toBe(charged)
      expect((await booked()).length).toBe(2)
    })

    it("refuses a partial capture with a 400 before Stripe is asked", async () => {
      const { intentId, admin, payment } = await authorizedOrder("partial@zoco.test", "europe")
      const captures = () =>
        stripe.requests.filter((r) => r.path === `/v1/payment_intents/${intentId}/capture`)
      const refused = await failure(
        api.post(`/admin/payments/${payment.id}/capture`, { amount: 5 }, admin)
      )
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/Stripe captures a card payment once/)
      expect(captures()).toHaveLength(0)
      expect(stripe.intents.get(intentId)!.status).toBe("requires_capture")
      await api.post(`/admin/payments/${payment.id}/capture`, { amount: payment.amount }, admin)
      expect(stripe.intents.get(intentId)!.status).toBe("succeeded")
    })

    it("a refund made in Stripe's dashboard stops a refund that cannot account for it", async () => {
      const { intentId, admin, payment, booked } = await capturedOrder(
        "dashboard-refund@zoco.test",
        "europe"
      )
      const outside = stripe.refundInDashboard(intentId, 300)
      const refused = await failure(
        api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)
      )
      expect(refused.status).toBe(400)
      expect(refused.data.message).toContain(outside.id)
      expect(stripe.refundedOf(intentId)).toEqual([300])
      expect(await booked()).toEqual([])
    })

    it("reconciliation books a refund made in Stripe's dashboard, then refunds go on", async () => {
      const { intentId, admin, payment, booked } = await capturedOrder(
        "reconcile@zoco.test",
        "europe"
      )
      const outside = stripe.refundInDashboard(intentId, 300)
      const { data: found } = await api.get(`/admin/payments/reconciliation?days=1`, admin)
      const mine = found.payments.find((p: { payment_id: string }) => p.payment_id === payment.id)
      expect(mine).toMatchObject({
        repairs: [{ kind: "refund", movement: { id: outside.id, amount: "3.00" } }],
        problems: [],
      })
      const { data: fixed } = await api.post("/admin/payments/reconciliation", { days: 1 }, admin)
      const repaired = fixed.payments.find(
        (p: { payment_id: string }) => p.payment_id === payment.id
      )
      expect(repaired.repaired).toHaveLength(1)
      expect(await booked()).toEqual([3])
      expect(stripe.refundedOf(intentId)).toEqual([300])
      // With the books straight again, the merchant's next refund goes through.
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 1 }, admin)
      expect(stripe.refundedOf(intentId)).toEqual([300, 100])
    })

    it("a refund made in Stripe's dashboard reaches the books by webhook, once however often it is sent", async () => {
      const { intentId, admin, payment, booked } = await capturedOrder(
        "dashboard-webhook@zoco.test",
        "europe"
      )
      stripe.refundInDashboard(intentId, 300)
      // What Stripe sends: the charge, refunded in part, naming its payment intent.
      const event = {
        id: "evt_dashboard_refund_1",
        object: "event",
        type: "charge.refunded",
        api_version: "2024-06-20",
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: `ch_${intentId}`,
            object: "charge",
            payment_intent: intentId,
            amount_refunded: 300,
            refunded: false,
          },
        },
      }
      // A forged refund event books nothing, though the refund is real.
      const forged = { ...event, id: "evt_forged_refund" }
      const refused = paymentWebhooksHandled(getContainer())
      const res = await api.post("/hooks/payment/stripe_stripe", JSON.stringify(forged), {
        headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=forged" },
        validateStatus: () => true,
      })
      expect(res.status).toBeLessThan(500)
      await refused
      expect(await booked()).toEqual([])
      for (let delivery = 0; delivery < 2; delivery++) {
        await deliverSigned(event)
        expect(await booked()).toEqual([3])
      }
      expect(stripe.refundedOf(intentId)).toEqual([300])
      const { data } = await api.get(`/admin/payments/reconciliation?days=1`, admin)
      expect(
        data.payments.find((p: { payment_id: string }) => p.payment_id === payment.id)
      ).toMatchObject({
        books: { refunded: "3.00" },
        gateway: { refunded: "3.00" },
        repairs: [],
        problems: [],
      })
    })

    it("a refund webhook for Zoco's own refund whose answer was lost leaves it to the merchant's retry: one refund", async () => {
      const { intentId, admin, payment, booked } = await capturedOrder(
        "lost-then-webhook@zoco.test",
        "europe"
      )
      stripe.loseAnswers(/^\/v1\/refunds$/, 2)
      const lost = await failure(
        api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)
      )
      expect(lost.status).toBe(502)
      expect(stripe.refundedOf(intentId)).toEqual([1000])
      await deliverSigned({
        id: "evt_own_refund_1",
        object: "event",
        type: "charge.refunded",
        api_version: "2024-06-20",
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: `ch_${intentId}`, object: "charge", payment_intent: intentId } },
      })
      expect(await booked()).toEqual([])
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 10 }, admin)
      expect(await booked()).toEqual([10])
      expect(stripe.refundedOf(intentId)).toEqual([1000])
    })

    it("a capture made in Stripe's dashboard reaches the books by webhook, once however often it is sent", async () => {
      const { intentId, payment } = await authorizedOrder("dashboard-capture@zoco.test", "europe")
      stripe.captureInDashboard(intentId)
      const received = stripe.intents.get(intentId)!.amount_received
      const event = stripe.event("evt_dashboard_capture_1", "payment_intent.succeeded", intentId)
      for (let delivery = 0; delivery < 2; delivery++) {
        await deliverSigned(event)
        const booked = await getContainer()
          .resolve(Modules.PAYMENT)
          .retrievePayment(payment.id, { relations: ["captures"] })
        expect((booked.captures ?? []).map((c) => Number(c.amount))).toEqual([payment.amount])
        expect(booked.captured_at).toBeTruthy()
      }
      // Stripe moved the money once, in the dashboard.
      expect(stripe.intents.get(intentId)!.amount_received).toBe(received)
    })

    it("an authorization canceled in Stripe's dashboard is booked as canceled by reconciliation; a capture is then refused", async () => {
      const { intentId, admin, payment, orderId } = await authorizedOrder(
        "dashboard-void@zoco.test",
        "europe"
      )
      stripe.cancelInDashboard(intentId)
      const url = `/admin/payments/reconciliation?order_id=${orderId}`
      const { data: found } = await api.get(url, admin)
      expect(found.payments[0]).toMatchObject({
        books: { captured: "0.00", canceled: false },
        gateway: { captured: "0.00", authorization: "voided" },
        repairs: [{ kind: "void", movement: { id: intentId } }],
        problems: [],
      })
      await api.post("/admin/payments/reconciliation", { order_id: orderId }, admin)
      const books = await getContainer().resolve(Modules.PAYMENT).retrievePayment(payment.id)
      expect(books.canceled_at).toBeTruthy()
      const { data: after } = await api.get(url, admin)
      expect(after.payments[0]).toMatchObject({
        books: { canceled: true },
        repairs: [],
        problems: [],
      })
      // Released money is not captured: refused before Stripe is asked.
      const captures = () =>
        stripe.requests.filter((r) => r.path === `/v1/payment_intents/${intentId}/capture`)
      const refused = await failure(
        api.post(`/admin/payments/${payment.id}/capture`, { amount: payment.amount }, admin)
      )
      expect(refused.status).toBe(400)
      expect(captures()).toHaveLength(0)
    })

    it("a declined card leaves the cart open, and the buyer can pay another way", async () => {
      const { cart, intentId, paymentCollectionId } = await stripeCart(
        api,
        shop,
        "declined@zoco.test"
      )
      const h = storeHeaders(shop.publishableKey)
      const declines = () => paymentFailures(getContainer(), "pp_stripe_stripe", "authorize")
      const declinesBefore = await declines()
      stripe.confirm(intentId, "declined")
      const attempt = await api
        .post(`/store/carts/${cart.id}/complete`, {}, h)
        .catch((e: { response: { status: number; data: { type?: string } } }) => e.response)
      expect(attempt.status).toBeLessThan(500)
      expect(attempt.data.type).not.toBe("order")
      const { data: still } = await api.get(`/store/carts/${cart.id}`, h)
      expect(still.cart.completed_at ?? null).toBeNull()
      // Operators see the decline in the metrics, by provider.
      expect(await declines()).toBe(declinesBefore + 1)

      // Stripe also reports the failure by webhook; it changes nothing but is counted.
      const reported = () => paymentFailures(getContainer(), "pp_stripe_stripe", "webhook")
      const reportedBefore = await reported()
      const { body, header } = signed(
        stripe.event("evt_failed_1", "payment_intent.payment_failed", intentId)
      )
      const hook = await api.post("/hooks/payment/stripe_stripe", body, {
        headers: { "content-type": "application/json", "stripe-signature": header },
      })
      expect(hook.status).toBe(200)
      await eventually("the failed-payment webhook to be counted", async () =>
        (await reported()) === reportedBefore + 1 ? true : undefined
      )

      await api.post(
        `/store/payment-collections/${paymentCollectionId}/payment-sessions`,
        { provider_id: "pp_system_default" },
        h
      )
      const { data: retried } = await api.post(`/store/carts/${cart.id}/complete`, {}, h)
      expect(retried.type).toBe("order")
    })

    it("the webhook alone places the order once when the buyer never comes back", async () => {
      const email = "gone@zoco.test"
      const { cart, intentId } = await stripeCart(api, shop, email)
      stripe.confirm(intentId, "authorized")
      const event = stripe.event(
        "evt_authorized_1",
        "payment_intent.amount_capturable_updated",
        intentId
      )
      // Stripe retries deliveries it thinks failed: the same event arrives twice.
      const handled = paymentWebhooksHandled(getContainer(), 2)
      for (let i = 0; i < 2; i++) {
        const { body, header } = signed(event)
        const res = await api.post("/hooks/payment/stripe_stripe", body, {
          headers: { "content-type": "application/json", "stripe-signature": header },
        })
        expect(res.status).toBe(200)
      }

      const [order] = await eventually("the webhook to place the order", async () => {
        const found = await ordersOf(getContainer(), email)
        return found.length ? found : undefined
      })
      // Both deliveries run to the end before counting.
      await handled
      expect(await ordersOf(getContainer(), email)).toHaveLength(1)
      const stored = await getContainer().resolve(Modules.CART).retrieveCart(cart.id)
      expect(stored.completed_at).toBeTruthy()

      const admin = bearer(await adminToken(getContainer(), api, "webhook-admin@zoco.test"))
      const { data } = await api.get(
        `/admin/orders/${order.id}?fields=total,payment_status,*payment_collections.payments`,
        admin
      )
      expect(data.order.payment_status).toBe("authorized")
      expect(data.order.payment_collections[0].payments).toHaveLength(1)
      expect(data.order.total).toBe(cart.total)

      // The buyer's browser comes back late: it gets the same order, not a second one.
      const { data: late } = await api.post(
        `/store/carts/${cart.id}/complete`,
        {},
        storeHeaders(shop.publishableKey)
      )
      expect(late.type).toBe("order")
      expect(late.order.id).toBe(order.id)
      expect(await ordersOf(getContainer(), email)).toHaveLength(1)
    })

    it("a forged webhook changes nothing", async () => {
      const email = "forged@zoco.test"
      const { cart, intentId } = await stripeCart(api, shop, email)
      stripe.confirm(intentId, "authorized")
      const body = JSON.stringify(
        stripe.event("evt_forged", "payment_intent.amount_capturable_updated", intentId)
      )
      const forgedHeader = Stripe.webhooks.generateTestHeaderString({
        payload: body,
        secret: "whsec_attacker",
      })
      const handled = paymentWebhooksHandled(getContainer())
      await api
        .post("/hooks/payment/stripe_stripe", body, {
          headers: { "content-type": "application/json", "stripe-signature": forgedHeader },
        })
        .catch((e: { response: unknown }) => e.response)
      // Medusa has handled the event: a genuine one would have placed the order by now.
      await handled
      const stored = await getContainer().resolve(Modules.CART).retrieveCart(cart.id)
      expect(stored.completed_at ?? null).toBeNull()
      expect(await ordersOf(getContainer(), email)).toHaveLength(0)
    })

    it("Stripe failing with 500 leaves no order, says why, and the buyer can retry", async () => {
      const email = "outage@zoco.test"
      const h = storeHeaders(shop.publishableKey)
      const { cart, intentId } = await stripeCart(api, shop, email)
      stripe.confirm(intentId, "authorized")
      stripe.fail("GET", new RegExp(`/v1/payment_intents/${intentId}`), { status: 500 })

      const attempt = await api
        .post(`/store/carts/${cart.id}/complete`, {}, h)
        .catch((e: { response: AxiosResponse }) => e.response)
      // Medusa answers a failed authorization with the cart and the reason.
      expect(attempt.status).toBe(200)
      expect(attempt.data.type).toBe("cart")
      expect(attempt.data.error.message).toBe("Payment authorization failed")
      expect(await ordersOf(getContainer(), email)).toHaveLength(0)
      const stored = await getContainer().resolve(Modules.CART).retrieveCart(cart.id)
      expect(stored.completed_at ?? null).toBeNull()

      stripe.heal()
      const { data: retried } = await api.post(`/store/carts/${cart.id}/complete`, {}, h)
      expect(retried.type).toBe("order")
      expect(await ordersOf(getContainer(), email)).toHaveLength(1)
    })

    it.each([
      ["timing out", { network: "ETIMEDOUT" } as const],
      ["answering 500", { status: 500 } as const],
    ])(
      "Stripe %s while the session is created gives a clear error, then recovers",
      async (_, fault) => {
        const h = storeHeaders(shop.publishableKey)
        const { cartId, paymentCollectionId } = await shippedCart(api, shop, "timeout@zoco.test")
        stripe.fail("POST", /^\/v1\/payment_intents$/, fault, 20)
        const created = stripe.intents.size

        const res = await failure(
          api.post(
            `/store/payment-collections/${paymentCollectionId}/payment-sessions`,
            { provider_id: "pp_stripe_stripe" },
            h
          )
        )
        expect(res.status).toBe(502)
        expect(res.data).toMatchObject({ type: GATEWAY_FAILURE.type, code: GATEWAY_FAILURE.code })
        expect(res.data.message).toMatch(/try again/i)
        expect(stripe.intents.size).toBe(created)

        stripe.heal()
        const { data } = await api.post(
          `/store/payment-collections/${paymentCollectionId}/payment-sessions`,
          { provider_id: "pp_stripe_stripe" },
          h
        )
        const session = data.payment_collection.payment_sessions.find(
          (s: { provider_id: string }) => s.provider_id === "pp_stripe_stripe"
        )
        stripe.confirm(session.data.id, "authorized")
        const { data: done } = await api.post(`/store/carts/${cartId}/complete`, {}, h)
        expect(done.type).toBe("order")
      }
    )
  },
})

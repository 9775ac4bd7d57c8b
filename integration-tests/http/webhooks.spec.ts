import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import type { INotificationModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import deliverWebhooks from "../../plugins/webhooks/src/jobs/deliver-webhooks"
import reconcileWebhooks from "../../plugins/webhooks/src/jobs/reconcile-webhooks"
import { WEBHOOKS_MODULE } from "../../plugins/webhooks/src/modules/webhooks"
import type WebhooksService from "../../plugins/webhooks/src/modules/webhooks/service"
import { Receiver } from "../../plugins/webhooks/src/__fixtures__/receiver"
import {
  createWebhookEndpointStep,
  deleteWebhookEndpointStep,
  rotateWebhookSecretStep,
  updateWebhookEndpointStep,
} from "../../plugins/webhooks/src/workflows/steps/endpoints"
import { requeueWebhookDeliveryStep } from "../../plugins/webhooks/src/workflows/steps/redeliver"
import {
  createStep,
  createWorkflow,
  WorkflowResponse,
  type WorkflowData,
} from "@medusajs/framework/workflows-sdk"
import { checkout, inStockVariant, listProducts } from "../utils/checkout"
import {
  adminToken,
  bearer,
  failure,
  registerCustomer,
  seedStore,
  storeHeaders,
  type SeededStore,
} from "../utils/store"
import { eventually } from "../utils/wait"

jest.setTimeout(240_000)

// The receiver runs on this machine: allowed here, and over http, as tests only may.
process.env.WEBHOOKS_ALLOWED_HOSTS = "127.0.0.1"
process.env.WEBHOOKS_ALLOW_HTTP = "true"

type Delivery = {
  id: string
  event_type: string
  status: string
  attempts: number
  last_status_code: number | null
  last_error: string | null
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const receiver = new Receiver()
    let url: string
    let shop: SeededStore
    let admin: ReturnType<typeof bearer>

    beforeAll(async () => {
      url = await receiver.start()
      shop = await seedStore(getContainer(), api)
      admin = bearer(await adminToken(getContainer(), api))
    })
    afterAll(async () => {
      await receiver.stop()
      delete process.env.WEBHOOKS_ALLOWED_HOSTS
      delete process.env.WEBHOOKS_ALLOW_HTTP
    })
    beforeEach(() => {
      receiver.plan = []
      receiver.requests = []
      receiver.processed.clear()
    })

    const create = async (events: string[]) => {
      const res = await api.post("/admin/webhooks", { url, events }, admin)
      receiver.secret = res.data.webhook.secret
      return res.data.webhook as { id: string; secret: string }
    }
    const deliveries = async (id: string) =>
      (await api.get(`/admin/webhooks/${id}/deliveries`, admin)).data.deliveries as Delivery[]
    const placeOrder = async (email: string) => {
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const { order } = await checkout(api, shop.publishableKey, {
        region: shop.regions.europe,
        items: [{ variant_id: inStockVariant(products).variant.id, quantity: 1 }],
        email,
      })
      return order as { id: string }
    }

    it("creates an endpoint, shows its secret once, and tests it with a signed ping", async () => {
      const res = await api.post("/admin/webhooks", { url, events: ["order.placed"] }, admin)
      expect(res.status).toBe(201)
      expect(res.data.webhook.secret).toMatch(/^whsec_/)
      receiver.secret = res.data.webhook.secret
      const { data: listed } = await api.get("/admin/webhooks", admin)
      expect(
        listed.webhooks.find((w: { id: string }) => w.id === res.data.webhook.id)
      ).not.toHaveProperty("secret")

      const { data } = await api.post(`/admin/webhooks/${res.data.webhook.id}/ping`, {}, admin)
      expect(data.delivery).toMatchObject({ event_type: "ping", status: "succeeded" })
      expect(receiver.requests).toEqual([
        expect.objectContaining({ signed: true, body: expect.objectContaining({ type: "ping" }) }),
      ])
      await api.delete(`/admin/webhooks/${res.data.webhook.id}`, admin)
    })

    it("delivers order.placed with the order, signed, once", async () => {
      const hook = await create(["order.placed"])
      const order = await placeOrder("hooked@zoco.test")
      const [request] = await eventually("the order.placed delivery", async () =>
        receiver.requests.length ? receiver.requests : undefined
      )
      expect(request).toMatchObject({
        signed: true,
        body: { type: "order.placed", data: expect.objectContaining({ id: order.id }) },
      })
      expect(request.body.data?.items).toHaveLength(1)
      const [logged] = await deliveries(hook.id)
      expect(logged).toMatchObject({ status: "succeeded", attempts: 1, last_status_code: 200 })
      expect(logged).not.toHaveProperty("payload")

      // The log's detail: the exact body the endpoint received.
      const { data: detail } = await api.get(
        `/admin/webhooks/${hook.id}/deliveries/${logged.id}`,
        admin
      )
      expect(detail.delivery).toMatchObject({ id: logged.id, status: "succeeded" })
      expect(detail.delivery.payload).toEqual(request.body)
      const other = await create(["product.created"])
      expect(
        await failure(api.get(`/admin/webhooks/${other.id}/deliveries/${logged.id}`, admin))
      ).toMatchObject({ status: 404 })
      expect(
        await failure(
          api.get(`/admin/webhooks/${hook.id}/deliveries/${logged.id}?fields=secret`, admin)
        )
      ).toMatchObject({ status: 400 })
      await api.delete(`/admin/webhooks/${other.id}`, admin)
      await api.delete(`/admin/webhooks/${hook.id}`, admin)
    })

    it("keeps a failed delivery for retry, and sends it again when asked", async () => {
      const hook = await create(["order.placed"])
      receiver.plan = ["fail"]
      await placeOrder("retry@zoco.test")
      const [failed] = await eventually("the failed attempt to be logged", async () => {
        const found = await deliveries(hook.id)
        return found[0]?.attempts ? found : undefined
      })
      expect(failed).toMatchObject({ status: "pending", attempts: 1, last_status_code: 503 })

      const { data } = await api.post(
        `/admin/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`,
        {},
        admin
      )
      expect(data.delivery).toMatchObject({ status: "succeeded", attempts: 2 })
      expect(receiver.processed.get(failed.id)).toBe(1)
      await api.delete(`/admin/webhooks/${hook.id}`, admin)
    })

    it("a ping or a redelivery sends its own delivery only, not another endpoint's backlog", async () => {
      const backlogged = await create(["order.placed"])
      receiver.plan = ["fail"]
      await placeOrder("backlog@zoco.test")
      const [failed] = await eventually("the failed attempt to be logged", async () => {
        const found = await deliveries(backlogged.id)
        return found[0]?.attempts ? found : undefined
      })
      // Due again, as if its wait were over: only the delivery job may send it.
      await getContainer()
        .resolve<WebhooksService>(WEBHOOKS_MODULE)
        .updateWebhookDeliveries([{ id: failed.id, next_attempt_at: new Date() }])

      const pinged = await create(["product.updated"])
      const { data } = await api.post(`/admin/webhooks/${pinged.id}/ping`, {}, admin)
      expect(data.delivery).toMatchObject({ event_type: "ping", status: "succeeded" })
      const [untouched] = await deliveries(backlogged.id)
      expect(untouched).toMatchObject({ status: "pending", attempts: 1 })

      receiver.secret = backlogged.secret // the receiver checks the signature of the one it expects
      const { data: again } = await api.post(
        `/admin/webhooks/${backlogged.id}/deliveries/${failed.id}/redeliver`,
        {},
        admin
      )
      expect(again.delivery).toMatchObject({ status: "succeeded", attempts: 2 })
      expect(receiver.requests.filter((r) => r.body.type === "ping")).toHaveLength(1)
      await api.delete(`/admin/webhooks/${pinged.id}`, admin)
      await api.delete(`/admin/webhooks/${backlogged.id}`, admin)
    })

    it("delivers orders whose event never reached it, once, when reconciling", async () => {
      const hook = await create(["order.placed"])
      const order = await placeOrder("missed@zoco.test")
      await eventually("the order.placed delivery", async () =>
        (await deliveries(hook.id)).find((d) => d.status === "succeeded")
      )
      // As if the bus had dropped the event: no delivery was ever written.
      await getContainer()
        .resolve(ContainerRegistrationKeys.PG_CONNECTION)
        .raw(`DELETE FROM webhook_delivery WHERE endpoint_id = ?`, [hook.id])
      receiver.requests = []
      receiver.processed.clear()

      await reconcileWebhooks(getContainer())
      const sent = receiver.requests.filter((r) => r.body.data?.id === order.id)
      expect(sent).toHaveLength(1)
      await reconcileWebhooks(getContainer())
      expect(receiver.requests.filter((r) => r.body.data?.id === order.id)).toHaveLength(1)
      await api.delete(`/admin/webhooks/${hook.id}`, admin)
    })

    it("sends a new endpoint no order placed before it was added, however often it reconciles", async () => {
      const order = await placeOrder("before@zoco.test")
      const hook = await create(["order.placed"])
      await reconcileWebhooks(getContainer())
      await reconcileWebhooks(getContainer())
      expect(receiver.requests.filter((r) => r.body.data?.id === order.id)).toEqual([])
      expect(await deliveries(hook.id)).toEqual([])

      // What happens from now on reaches it.
      const after = await placeOrder("after@zoco.test")
      await eventually("the new order's delivery", async () =>
        receiver.requests.find((r) => r.body.data?.id === after.id)
      )
      await api.delete(`/admin/webhooks/${hook.id}`, admin)
    })

    it("reads no orders or captures when reconciling with no endpoint listening", async () => {
      const hook = await create(["product.created"])
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const graph = jest.spyOn(query, "graph")
      const captures = jest.spyOn(getContainer().resolve(Modules.PAYMENT), "listCaptures")
      try {
        await reconcileWebhooks(getContainer())
        // (With one listening, the test above shows the orders are read and sent.)
        const orderReads = graph.mock.calls.filter(
          ([config]) => (config as { entity?: string }).entity === "order"
        )
        expect(orderReads).toHaveLength(0)
        expect(captures).not.toHaveBeenCalled()
      } finally {
        graph.mockRestore()
        captures.mockRestore()
        await api.delete(`/admin/webhooks/${hook.id}`, admin)
      }
    })

    it("sends each capture of a payment as its own payment.captured, and reconciles a missed one", async () => {
      const hook = await create(["payment.captured"])
      const order = await placeOrder("captured@zoco.test")
      const {
        data: { order: withPayments },
      } = await api.get(
        `/admin/orders/${order.id}?fields=total,*payment_collections.payments`,
        admin
      )
      const payment = withPayments.payment_collections[0].payments[0] as {
        id: string
        amount: number
      }
      const half = Math.floor(payment.amount / 2)
      await api.post(`/admin/payments/${payment.id}/capture`, { amount: half }, admin)
      await api.post(
        `/admin/payments/${payment.id}/capture`,
        { amount: payment.amount - half },
        admin
      )
      const sent = await eventually("both captures to be delivered", async () =>
        receiver.requests.length >= 2 ? receiver.requests : undefined
      )
      expect(sent).toHaveLength(2)
      expect(new Set(sent.map((r) => r.body.id)).size).toBe(2)
      for (const request of sent) {
        expect(request).toMatchObject({
          signed: true,
          body: { type: "payment.captured", data: expect.objectContaining({ id: payment.id }) },
        })
      }

      // As if the bus had dropped both events: reconciling sends one event per capture, once.
      await eventually("both deliveries to be logged as sent", async () =>
        (await deliveries(hook.id)).filter((d) => d.status === "succeeded").length === 2
          ? true
          : undefined
      )
      await getContainer()
        .resolve(ContainerRegistrationKeys.PG_CONNECTION)
        .raw(`DELETE FROM webhook_delivery WHERE endpoint_id = ?`, [hook.id])
      receiver.requests = []
      receiver.processed.clear()
      await reconcileWebhooks(getContainer())
      await reconcileWebhooks(getContainer())
      expect(receiver.requests.map((r) => r.body.id).sort()).toEqual(
        sent.map((r) => r.body.id).sort()
      )
      expect(receiver.requests.every((r) => r.signed)).toBe(true)
      await api.delete(`/admin/webhooks/${hook.id}`, admin)
    })

    it("pauses an endpoint failing for a day and tells the merchant in the dashboard", async () => {
      const hook = await create(["order.placed"])
      const service = getContainer().resolve<WebhooksService>(WEBHOOKS_MODULE)
      await service.updateWebhookEndpoints([
        { id: hook.id, failing_since: new Date(Date.now() - 25 * 3_600_000) },
      ])
      receiver.plan = ["fail"]
      await service.enqueue({
        id: "evt_pause_1",
        type: "order.placed",
        created_at: new Date().toISOString(),
        data: {},
      })
      await deliverWebhooks(getContainer())

      const { data } = await api.get(`/admin/webhooks/${hook.id}`, admin)
      expect(data.webhook).toMatchObject({ status: "paused" })
      const feed = await getContainer()
        .resolve<INotificationModuleService>(Modules.NOTIFICATION)
        .listNotifications({ channel: "feed", resource_id: hook.id })
      expect(feed).toHaveLength(1)
      expect(feed[0].data).toMatchObject({ title: "Webhook endpoint paused" })

      // Resumed by the merchant, it is sent to again.
      await api.post(`/admin/webhooks/${hook.id}`, { status: "active" }, admin)
      const resumed = await api.get(`/admin/webhooks/${hook.id}`, admin)
      expect(resumed.data.webhook).toMatchObject({ status: "active", paused_reason: null })
      await api.delete(`/admin/webhooks/${hook.id}`, admin)
    })

    it("follows the merchant's delivery rules from the next attempt, and refuses bad ones", async () => {
      const configured = { max_attempts: 14, pause_after_hours: 24 }
      const { data: before } = await api.get("/admin/webhook-rules", admin)
      expect(before).toEqual({
        rules: configured,
        defaults: configured,
        saved: { max_attempts: null, pause_after_hours: null },
      })
      for (const [body, reason] of [
        [{ max_attempts: 0 }, /max_attempts/],
        [{ max_attempts: 2.5 }, /max_attempts/],
        [{ pause_after_hours: 721 }, /pause_after_hours/],
        [{ retry: { maxAttempts: 3 } }, /retry/],
      ] as const) {
        const refused = await failure(api.post("/admin/webhook-rules", body, admin))
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(reason)
      }
      expect((await failure(api.post("/admin/webhook-rules", { max_attempts: 1 }))).status).toBe(
        401
      )
      expect((await api.get("/admin/webhook-rules", admin)).data).toEqual(before)

      const { data: changed } = await api.post(
        "/admin/webhook-rules",
        { max_attempts: 1, pause_after_hours: 2 },
        admin
      )
      expect(changed.rules).toEqual({ max_attempts: 1, pause_after_hours: 2 })
      expect((await api.get("/admin/zoco/status", admin)).data.status.rules.webhooks).toEqual(
        changed.rules
      )

      // Failing for 3 hours, past the merchant's 2: one attempt, given up, endpoint paused.
      const hook = await create(["order.placed"])
      const service = getContainer().resolve<WebhooksService>(WEBHOOKS_MODULE)
      await service.updateWebhookEndpoints([
        { id: hook.id, failing_since: new Date(Date.now() - 3 * 3_600_000) },
      ])
      receiver.plan = ["fail"]
      await service.enqueue({
        id: "evt_rules_1",
        type: "order.placed",
        created_at: new Date().toISOString(),
        data: {},
      })
      await deliverWebhooks(getContainer())
      const [dead] = await deliveries(hook.id)
      expect(dead).toMatchObject({ status: "dead", attempts: 1 })
      const { data } = await api.get(`/admin/webhooks/${hook.id}`, admin)
      expect(data.webhook).toMatchObject({
        status: "paused",
        paused_reason: "Every delivery failed for 2 hours",
      })
      const [note] = await getContainer()
        .resolve<INotificationModuleService>(Modules.NOTIFICATION)
        .listNotifications({ channel: "feed", resource_id: hook.id })
      expect(note.data).toMatchObject({
        description: `${url}: Every delivery failed for 2 hours. Fix it, then resume it on the Webhooks page.`,
        file: { filename: "Open Webhooks", url: "/app/webhooks#zoco-open" },
      })

      const { data: reset } = await api.post(
        "/admin/webhook-rules",
        { max_attempts: null, pause_after_hours: null },
        admin
      )
      expect(reset).toEqual(before)
      await api.delete(`/admin/webhooks/${hook.id}`, admin)
    })

    it("refuses bad endpoints with a 400 that says why, and stores nothing", async () => {
      const { data: before } = await api.get("/admin/webhooks", admin)
      const bad: [object, RegExp][] = [
        [{ url: "not a url", events: ["order.placed"] }, /not a URL/],
        [{ url: "http://10.0.0.1/hook", events: ["order.placed"] }, /private/],
        [{ url: "http://169.254.169.254/latest", events: ["order.placed"] }, /link-local/],
        [{ url, events: ["order.exploded"] }, /events/],
        [{ url, events: [] }, /events/],
        [{ url, events: ["order.placed"], secret: "x".repeat(10_000) }, /secret.*at most.*256/],
        [{ url, events: ["order.placed"], secret: "short" }, /secret.*at least.*24/],
        [{ url, events: ["order.placed"], timeout_ms: 600_000 }, /timeout_ms/],
        [{ url, events: ["order.placed"], max_concurrency: 0 }, /max_concurrency/],
        [{ url, events: ["order.placed"], signing_key: "x" }, /signing_key/],
      ]
      for (const [body, reason] of bad) {
        const res = await failure(api.post("/admin/webhooks", body, admin))
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(reason)
      }
      expect((await api.get("/admin/webhooks", admin)).data.webhooks).toHaveLength(
        before.webhooks.length
      )
      expect((await failure(api.get("/admin/webhooks/whep_missing", admin))).status).toBe(404)
    })

    it("takes the merchant's own secret, timeout and concurrency, and edits them", async () => {
      const own = "a-secret-the-erp-already-has-0123456789"
      const res = await api.post(
        "/admin/webhooks",
        { url, events: ["order.placed"], secret: own, timeout_ms: 2_000, max_concurrency: 1 },
        admin
      )
      expect(res.data.webhook).toMatchObject({ secret: own, timeout_ms: 2_000, max_concurrency: 1 })
      const id = res.data.webhook.id as string

      // Deliveries are signed with it.
      receiver.secret = own
      await api.post(`/admin/webhooks/${id}/ping`, {}, admin)
      expect(receiver.requests.map((r) => r.signed)).toEqual([true])

      // The timeout is the endpoint's: a receiver that never answers is given up on after it.
      receiver.plan = ["hang"]
      const started = Date.now()
      const { data: hung } = await api.post(`/admin/webhooks/${id}/ping`, {}, admin)
      expect(hung.delivery).toMatchObject({ status: "pending", last_error: expect.any(String) })
      expect(Date.now() - started).toBeLessThan(8_000)

      const edited = await api.post(
        `/admin/webhooks/${id}`,
        { timeout_ms: 15_000, max_concurrency: 8, events: ["order.placed", "payment.captured"] },
        admin
      )
      expect(edited.data.webhook).toMatchObject({
        timeout_ms: 15_000,
        max_concurrency: 8,
        events: ["order.placed", "payment.captured"],
      })
      const refused = await failure(api.post(`/admin/webhooks/${id}`, { timeout_ms: 10 }, admin))
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/timeout_ms/)
      expect((await api.get(`/admin/webhooks/${id}`, admin)).data.webhook.timeout_ms).toBe(15_000)

      // A rotation may bring its own secret too; a short one is refused and changes nothing.
      const short = await failure(
        api.post(`/admin/webhooks/${id}/rotate-secret`, { secret: "tiny" }, admin)
      )
      expect(short.status).toBe(400)
      const next = "the-next-secret-for-the-erp-9876543210"
      const rotated = await api.post(`/admin/webhooks/${id}/rotate-secret`, { secret: next }, admin)
      expect(rotated.data.webhook.secret).toBe(next)
      await api.delete(`/admin/webhooks/${id}`, admin)
    })

    it("every change to an endpoint or a delivery is undone when a later step of its workflow fails", async () => {
      const container = getContainer()
      const service = container.resolve<WebhooksService>(WEBHOOKS_MODULE)
      const failing = createStep("fail-after", async () => {
        throw new Error("a later step failed")
      })
      /** Runs `step` in a workflow whose next step fails; returns the error it ends with. */
      const failAfter = async <I>(
        name: string,
        step: (input: WorkflowData<I>) => unknown,
        input: I
      ) => {
        const workflow = createWorkflow(name, (data: WorkflowData<I>) => {
          step(data)
          failing()
          return new WorkflowResponse(undefined)
        })
        const { errors } = await workflow(container).run({ input, throwOnError: false })
        return errors.map((e) => (e.error as Error).message)
      }

      expect(
        await failAfter("test-create-endpoint", createWebhookEndpointStep, {
          url: `${url}/undone`,
          events: ["order.placed"],
        })
      ).toEqual(["a later step failed"])
      expect(await service.listWebhookEndpoints({ url: `${url}/undone` })).toEqual([])

      const hook = await create(["order.placed"])
      const before = await service.retrieveWebhookEndpoint(hook.id)
      await failAfter("test-update-endpoint", updateWebhookEndpointStep, {
        id: hook.id,
        url: `${url}/moved`,
        events: ["order.canceled"],
        status: "paused" as const,
      })
      await failAfter("test-rotate-secret", rotateWebhookSecretStep, {
        id: hook.id,
        overlap_ms: 60_000,
      })
      await failAfter("test-delete-endpoint", deleteWebhookEndpointStep, hook.id)
      expect(await service.retrieveWebhookEndpoint(hook.id)).toMatchObject({
        url: before.url,
        events: before.events,
        status: "active",
        paused_reason: null,
        secret: before.secret,
        previous_secret: null,
        deleted_at: null,
      })

      receiver.plan = ["fail"]
      const { data } = await api.post(`/admin/webhooks/${hook.id}/ping`, {}, admin)
      const held = await service.retrieveWebhookDelivery(data.delivery.id)
      await failAfter("test-requeue-delivery", requeueWebhookDeliveryStep, {
        endpoint_id: hook.id,
        delivery_id: held.id,
      })
      expect(await service.retrieveWebhookDelivery(held.id)).toMatchObject({
        status: held.status,
        next_attempt_at: held.next_attempt_at,
      })
      await api.delete(`/admin/webhooks/${hook.id}`, admin)
    })

    it("is for admins only", async () => {
      const { token } = await registerCustomer(
        api,
        shop.publishableKey,
        "nosy@zoco.test",
        "a long enough password 1"
      )
      const asCustomer = storeHeaders(shop.publishableKey, token)
      expect((await failure(api.get("/admin/webhooks", asCustomer))).status).toBe(401)
      expect(
        (await failure(api.post("/admin/webhooks", { url, events: ["order.placed"] }))).status
      ).toBe(401)
    })
  },
})

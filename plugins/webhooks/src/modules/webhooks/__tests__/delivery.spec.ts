import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { WEBHOOKS_MODULE } from ".."
import WebhookDelivery from "../models/webhook-delivery"
import WebhookEndpoint from "../models/webhook-endpoint"
import WebhookSettings from "../models/webhook-settings"
import type WebhooksService from "../service"
import { Receiver } from "../../../__fixtures__/receiver"
import { deliverDue, deliverOne } from "../../../lib/sender"

jest.setTimeout(120_000)

const event = (id: string, type = "order.placed") => ({
  id,
  type,
  created_at: new Date().toISOString(),
  data: { id: `order_${id}` },
})

moduleIntegrationTestRunner<WebhooksService>({
  moduleName: WEBHOOKS_MODULE,
  moduleModels: [WebhookEndpoint, WebhookDelivery, WebhookSettings],
  resolve: "./src/modules/webhooks",
  moduleOptions: {
    allowedHosts: ["127.0.0.1"],
    allowHttp: true,
    // Waits of milliseconds, so retries happen within the test.
    retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 50 },
    leaseMs: 2_000,
  },
  testSuite: ({ service }) => {
    const receiver = new Receiver()
    let url: string

    beforeAll(async () => {
      url = await receiver.start()
    })
    afterAll(() => receiver.stop())
    beforeEach(() => {
      receiver.plan = []
      receiver.requests = []
      receiver.processed.clear()
    })

    const endpoint = async (events = ["order.placed"], timeout_ms = 10_000) => {
      const created = await service.registerEndpoint({ url, events })
      await service.updateWebhookEndpoints([{ id: created.id, timeout_ms }])
      receiver.secret = created.secret
      return created
    }

    /** Runs the worker until nothing is due or left pending, as the scheduled job would. */
    const drain = async () => {
      for (let i = 0; i < 50; i++) {
        await deliverDue(service)
        const pending = await service.listWebhookDeliveries({ status: "pending" })
        if (!pending.length) return
        await new Promise((resolve) => setTimeout(resolve, 60))
      }
    }

    it("writes one delivery per subscribed endpoint and event, however often the event comes", async () => {
      const placed = await endpoint(["order.placed"])
      await endpoint(["product.updated"])
      expect(await service.enqueue(event("evt_1"))).toHaveLength(1)
      expect(await service.enqueue(event("evt_1"))).toHaveLength(0)
      const rows = await service.listWebhookDeliveries({})
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ endpoint_id: placed.id, event_type: "order.placed" })
    })

    it("gives an event that is enqueued late only to the endpoints added before it happened", async () => {
      const old = await endpoint(["customer.created"])
      const before = new Date()
      await new Promise((resolve) => setTimeout(resolve, 20))
      const added = await endpoint(["customer.created"])
      const late = event("evt_late", "customer.created")

      expect(
        await service.missingEvents("customer.created", [{ id: late.id, occurredAt: before }])
      ).toEqual([late.id])
      await service.enqueue(late, { occurredAt: before })
      const rows = await service.listWebhookDeliveries({ event_id: late.id })
      expect(rows.map((r) => r.endpoint_id)).toEqual([old.id])
      // Nothing is missing any more: the newer endpoint was never owed it.
      expect(
        await service.missingEvents("customer.created", [{ id: late.id, occurredAt: before }])
      ).toEqual([])
      // An event happening now reaches both.
      await service.enqueue(event("evt_now", "customer.created"))
      const now = await service.listWebhookDeliveries({ event_id: "evt_now" })
      expect(now.map((r) => r.endpoint_id).sort()).toEqual([old.id, added.id].sort())
    })

    it("delivers signed payloads, retrying failures until they succeed, each id processed once", async () => {
      await endpoint()
      receiver.plan = ["fail", "close", "redirect"]
      await service.enqueue(event("evt_2"))
      await drain()

      const [delivery] = await service.listWebhookDeliveries({ event_id: "evt_2" })
      expect(delivery).toMatchObject({ status: "succeeded", attempts: 4, last_status_code: 200 })
      expect(receiver.requests.map((r) => r.deliveryId)).toEqual(Array(4).fill(delivery.id))
      expect(receiver.requests.every((r) => r.signed)).toBe(true)
      expect(receiver.requests[0].body).toMatchObject({ id: "evt_2", type: "order.placed" })
      expect(receiver.processed.get(delivery.id)).toBe(1)
    })

    it("gives up after the last attempt, and says why in the log", async () => {
      await endpoint()
      receiver.plan = ["fail", "fail", "fail", "fail", "fail"]
      await service.enqueue(event("evt_3"))
      await drain()
      const [delivery] = await service.listWebhookDeliveries({ event_id: "evt_3" })
      expect(delivery).toMatchObject({
        status: "dead",
        attempts: 4,
        last_status_code: 503,
        last_error: "answered 503: busy",
      })
    })

    it("counts a receiver that does not answer in time as a failure", async () => {
      await endpoint(["order.placed"], 300)
      receiver.plan = ["hang"]
      await service.enqueue(event("evt_4"))
      const [claimed] = await service.claimDue(1)
      const { outcome } = await deliverOne(service, claimed)
      expect(outcome.duration_ms).toBeGreaterThanOrEqual(300)
      const [delivery] = await service.listWebhookDeliveries({ event_id: "evt_4" })
      expect(delivery).toMatchObject({ status: "pending", attempts: 1 })
      expect(delivery.last_error).toMatch(/no answer within 300 ms/)
      await drain()
      expect((await service.listWebhookDeliveries({ event_id: "evt_4" }))[0].status).toBe(
        "succeeded"
      )
    })

    it("never gives one delivery to two workers at once, nor more than an endpoint allows", async () => {
      const limited = await endpoint()
      await service.updateWebhookEndpoints([{ id: limited.id, max_concurrency: 3 }])
      for (let i = 0; i < 10; i++) await service.enqueue(event(`evt_c${i}`))
      const [a, b] = await Promise.all([service.claimDue(10), service.claimDue(10)])
      const ids = [...a, ...b].map((d) => d.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.length).toBe(3)
      await Promise.all([...a, ...b].map((d) => deliverOne(service, d)))
      await drain()
      expect(receiver.processed.size).toBe(10)
    })

    it("holds a claim for at least two of the endpoint's timeouts, then lets another worker take it", async () => {
      // leaseMs is 2 s here: a 3 s timeout must still not be taken over while it is waiting.
      await endpoint(["order.placed"], 3_000)
      await service.enqueue(event("evt_lease"))
      const [claimed] = await service.claimDue(10)
      const held = new Date(
        (await service.retrieveWebhookDelivery(claimed.id)).locked_until!
      ).getTime()
      expect(held - Date.now()).toBeGreaterThan(5_000)
      expect(await service.claimDue(10)).toEqual([])

      // The worker died holding it: once the claim lapses the delivery is sent by another.
      await service.updateWebhookDeliveries([
        { id: claimed.id, locked_until: new Date(Date.now() - 1) },
      ])
      await drain()
      expect(receiver.processed.get(claimed.id)).toBe(1)
    })

    it("signs with both secrets while one is rotated", async () => {
      const created = await endpoint()
      const rotated = await service.rotateSecret(created.id)
      receiver.secret = created.secret // a receiver still on the old secret
      await service.enqueue(event("evt_5"))
      await drain()
      expect(receiver.requests[0].signed).toBe(true)
      receiver.secret = rotated.secret
      await service.enqueue(event("evt_6"))
      await drain()
      expect(receiver.requests[1].signed).toBe(true)
    })

    it("pauses an endpoint that has failed for a day, and sends it nothing more", async () => {
      const failing = await endpoint()
      await service.updateWebhookEndpoints([
        { id: failing.id, failing_since: new Date(Date.now() - 25 * 3_600_000) },
      ])
      receiver.plan = ["fail"]
      await service.enqueue(event("evt_p1"))
      expect(await deliverDue(service, { batch: 20, max: 1 })).toEqual({
        sent: 1,
        paused: [failing.id],
      })
      const paused = await service.retrieveWebhookEndpoint(failing.id)
      expect(paused).toMatchObject({
        status: "paused",
        paused_reason: expect.stringMatching(/day/),
      })
      // Paused endpoints get no new deliveries and their pending ones wait.
      expect(await service.enqueue(event("evt_p2"))).toEqual([])
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(await service.claimDue(10)).toEqual([])
      expect(receiver.requests).toHaveLength(1)
    })

    it("follows the merchant's attempts and pause rules from the next attempt, and its options after a reset", async () => {
      expect(service.defaultRules()).toEqual({ max_attempts: 4, pause_after_hours: 24 })
      await service.changeRules({ max_attempts: 2, pause_after_hours: 3 })
      expect(await service.rules()).toEqual({ max_attempts: 2, pause_after_hours: 3 })

      await endpoint()
      receiver.plan = ["fail", "fail", "fail"]
      await service.enqueue(event("evt_m1"))
      await drain()
      const [dead] = await service.listWebhookDeliveries({ event_id: "evt_m1" })
      expect(dead).toMatchObject({ status: "dead", attempts: 2 })

      // Failing for 4 hours is past the merchant's 3: paused, and the reason says how long.
      const failing = await endpoint()
      await service.updateWebhookEndpoints([
        { id: failing.id, failing_since: new Date(Date.now() - 4 * 3_600_000) },
      ])
      // Both endpoints take order.placed; both fail.
      receiver.plan = ["fail", "fail"]
      await service.enqueue(event("evt_m2"))
      const { paused } = await deliverDue(service, { batch: 20, max: 5 })
      expect(paused).toContain(failing.id)
      expect(await service.retrieveWebhookEndpoint(failing.id)).toMatchObject({
        status: "paused",
        paused_reason: "Every delivery failed for 3 hours",
      })

      // One rule back to the option, the other kept; out-of-range values change nothing.
      await service.changeRules({ max_attempts: null })
      await expect(service.changeRules({ pause_after_hours: 0 })).rejects.toThrow(
        /pause_after_hours must be a whole number from 1 to 720/
      )
      expect(await service.savedRules()).toEqual({ max_attempts: null, pause_after_hours: 3 })
      expect(await service.rules()).toEqual({ max_attempts: 4, pause_after_hours: 3 })
      await service.changeRules({ pause_after_hours: null })
    })

    it("sends a dead delivery again when the merchant asks", async () => {
      await endpoint()
      receiver.plan = ["fail", "fail", "fail", "fail"]
      await service.enqueue(event("evt_r1"))
      await drain()
      const [dead] = await service.listWebhookDeliveries({ event_id: "evt_r1" })
      expect(dead.status).toBe("dead")
      await service.redeliver(dead.id)
      await drain()
      const [again] = await service.listWebhookDeliveries({ event_id: "evt_r1" })
      expect(again).toMatchObject({ status: "succeeded", last_status_code: 200 })
      expect(receiver.processed.get(dead.id)).toBe(1)
      await expect(service.redeliver("whdl_missing")).rejects.toThrow(/not found/)
    })

    it("sends only the deliveries it is given, leaving the rest of what is due to the job", async () => {
      await endpoint()
      await service.enqueue(event("evt_o1"))
      await service.enqueue(event("evt_o2"))
      const [mine] = await service.listWebhookDeliveries({ event_id: "evt_o2" })
      const { sent } = await deliverDue(service, { only: [mine.id] })
      expect(sent).toBe(1)
      expect(receiver.requests.map((r) => r.deliveryId)).toEqual([mine.id])
      const [other] = await service.listWebhookDeliveries({ event_id: "evt_o1" })
      expect(other).toMatchObject({ status: "pending", attempts: 0 })
      await drain()
      expect(receiver.requests).toHaveLength(2)
    })

    it("refuses to connect to a private address that is not allowed", async () => {
      const created = await service.registerEndpoint({
        url: "http://10.0.0.1/hooks",
        events: ["order.placed"],
      })
      await service.enqueue(event("evt_7"))
      await deliverDue(service)
      const [delivery] = await service.listWebhookDeliveries({ endpoint_id: created.id })
      expect(delivery.last_error).toMatch(/private/)
      expect(delivery.last_status_code).toBeNull()
    })
  },
})

import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { MAIL_MODULE, type NewMail } from ".."
import MailMessage from "../models/mail-message"
import type MailModuleService from "../service"

jest.setTimeout(120_000)

const mail = (key: string, template = "order-placed"): NewMail => ({
  key,
  template,
  to: "ada@example.com",
  data: { shop: { name: "Zoco" }, reset_url: "https://shop.example/reset?token=secret-token" },
  resource_type: "order",
  resource_id: `order_${key}`,
})

const rendered = { subject: "S", html: "<p>secret-token</p>", text: "secret-token" }
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

moduleIntegrationTestRunner<MailModuleService>({
  moduleName: MAIL_MODULE,
  moduleModels: [MailMessage],
  resolve: "./src/modules/mail",
  moduleOptions: {
    // Waits of milliseconds, so retries happen within the test.
    retryScheduleMs: [30, 30],
    leaseMs: 400,
  },
  testSuite: ({ service }) => {
    it("queues one mail per cause, however often the cause comes", async () => {
      const first = await service.enqueue([mail("placed-1"), mail("placed-1")])
      const again = await service.enqueue([mail("placed-1")])
      expect(first).toHaveLength(1)
      expect(again).toEqual([])
      const rows = await service.listMailMessages({ key: "placed-1" })
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ status: "queued", attempts: 0, to: "ada@example.com" })
      expect(rows[0].message_id).toMatch(/^<[0-9a-f-]+@zoco\.local>$/)
    })

    it("two workers claiming at once never take the same mail", async () => {
      await service.enqueue(Array.from({ length: 30 }, (_, i) => mail(`race-${i}`)))
      const claims = await Promise.all(Array.from({ length: 6 }, () => service.claimDue(10)))
      const ids = claims.flat().map((m) => m.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect(ids.filter((id) => id).length).toBe(30)
      // Held mails are not due to anyone else while their lease runs.
      expect(await service.claimDue(10)).toEqual([])
    })

    it("an event's own send takes only the mails it queued; the backlog stays for the job", async () => {
      const backlog = await service.enqueue([mail("backlog-1"), mail("backlog-2")])
      const [mine] = await service.enqueue([mail("mine-1")])
      const claimed = await service.claimDue(10, [mine])
      expect(claimed.map((m) => m.id)).toEqual([mine])
      const rest = await service.claimDue(10)
      expect(rest.map((m) => m.id).sort()).toEqual([...backlog].sort())
    })

    it("a mail held by a crashed worker is sent by another; the crashed one's late report changes nothing", async () => {
      const [id] = await service.enqueue([mail("crash-1")])
      const [held] = await service.claimDue(1)
      expect(held.id).toBe(id)
      await wait(500)
      const [taken] = await service.claimDue(1)
      expect(taken).toMatchObject({ id, attempts: 2, message_id: held.message_id })
      expect(await service.recordOutcome(taken, { ok: true, ...rendered, transport: "smtp" })).toBe(
        "sent"
      )
      // The first worker comes back and reports a failure of its old attempt: ignored.
      expect(await service.recordOutcome(held, { ok: false, error: "socket closed" })).toBe(
        undefined
      )
      const row = await service.retrieveMailMessage(id)
      expect(row).toMatchObject({ status: "sent", last_error: null, transport: "smtp" })
      expect(await service.claimDue(10)).toEqual([])
    })

    it("retries a refused mail on its schedule, then marks it failed; the merchant can send it again", async () => {
      const [id] = await service.enqueue([mail("refused-1")])
      const attempt = async () => {
        for (let i = 0; i < 50; i++) {
          const [m] = await service.claimDue(1)
          if (m) return m
          await wait(10)
        }
        throw new Error("the mail never came due")
      }
      const first = await attempt()
      expect(await service.recordOutcome(first, { ok: false, error: "451 try later" })).toBe(
        "queued"
      )
      expect(await service.claimDue(1)).toEqual([]) // not before its wait is over
      const second = await attempt()
      expect(await service.recordOutcome(second, { ok: false, error: "451 try later" })).toBe(
        "queued"
      )
      const third = await attempt()
      expect(await service.recordOutcome(third, { ok: false, error: "451 try later" })).toBe(
        "failed"
      )
      expect(await service.retrieveMailMessage(id)).toMatchObject({
        status: "failed",
        attempts: 3,
        last_error: "451 try later",
      })
      await wait(50)
      expect(await service.claimDue(1)).toEqual([])
      expect(await service.countByStatus()).toMatchObject({ failed: 1 })

      expect(await service.requeue(id)).toBe(true)
      expect(await service.requeue(id)).toBe(false) // queued now, not failed
      const again = await attempt()
      expect(again).toMatchObject({ id, attempts: 1 })
    })

    it("a mail refused for good is failed at its first attempt, with attempts left", async () => {
      const [id] = await service.enqueue([mail("refused-for-good")])
      const [first] = await service.claimDue(1, [id])
      expect(
        await service.recordOutcome(first, { ok: false, error: "550 no such user", final: true })
      ).toBe("failed")
      expect(await service.retrieveMailMessage(id)).toMatchObject({
        status: "failed",
        attempts: 1,
        last_error: "550 no such user",
      })
      await wait(50)
      expect(await service.claimDue(5, [id])).toEqual([])
    })

    it("forgets the body and data of a sent mail with a one-time link, and keeps them in the dev mailbox", async () => {
      const [sent] = await service.enqueue([mail("reset-sent", "customer-password-reset")])
      const [kept] = await service.enqueue([mail("reset-kept", "customer-password-reset")])
      const [order] = await service.enqueue([mail("order-sent")])
      const claimed = await service.claimDue(10)
      const byId = new Map(claimed.map((m) => [m.id, m]))
      await service.recordOutcome(byId.get(sent)!, { ok: true, ...rendered, transport: "smtp" })
      await service.recordOutcome(byId.get(kept)!, { ok: true, ...rendered, transport: "mailbox" })
      await service.recordOutcome(byId.get(order)!, { ok: true, ...rendered, transport: "smtp" })

      const [s, k, o] = await Promise.all(
        [sent, kept, order].map((id) =>
          service.retrieveMailMessage(id, { select: ["status", "html", "text", "data"] })
        )
      )
      expect(s).toMatchObject({ status: "sent", html: null, text: null, data: {} })
      expect(JSON.stringify(s)).not.toContain("secret-token")
      expect(k).toMatchObject({ status: "kept", html: rendered.html, text: rendered.text })
      expect(o).toMatchObject({ status: "sent", html: rendered.html })
    })
  },
})

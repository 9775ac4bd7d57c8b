import {
  ContainerRegistrationKeys,
  createMedusaContainer,
  Modules,
} from "@medusajs/framework/utils"
import { asValue } from "@medusajs/framework/awilix"
import { MAIL_MODULE } from "../../modules/mail"
import type { ClaimedMail } from "../../modules/mail/service"
import { deliverDueMails } from "../deliver"

/** The outbox as deliverDueMails uses it: a queue of due mails and a count of its rows. */
function outbox(due: ClaimedMail[]) {
  const queue = [...due]
  return {
    counted: 0,
    claims: 0,
    outcomes: [] as string[],
    async claimDue(batch: number, only?: string[]) {
      this.claims++
      const picked = queue.filter((m) => !only || only.includes(m.id)).slice(0, batch)
      for (const m of picked) queue.splice(queue.indexOf(m), 1)
      return picked
    },
    async render() {
      return { subject: "Your order", html: "<p>Thanks</p>", text: "Thanks" }
    },
    async recordOutcome(m: ClaimedMail) {
      this.outcomes.push(m.id)
      return "sent"
    },
    async countByStatus() {
      this.counted++
      return { queued: queue.length, sent: this.outcomes.length, kept: 0, failed: 0 }
    },
  }
}

function setUp(due: ClaimedMail[]) {
  const mail = outbox(due)
  const published = new Map<string, number>()
  const container = createMedusaContainer()
  container.register({
    [MAIL_MODULE]: asValue(mail),
    [Modules.NOTIFICATION]: asValue({
      createNotifications: async () => [{ external_id: "smtp:1" }],
    }),
    [ContainerRegistrationKeys.LOGGER]: asValue({ warn: () => undefined }),
    observability: asValue({
      gauge: () => ({
        set: (labels: Record<string, string>, value: number) => published.set(labels.status, value),
      }),
    }),
  })
  return { container, mail, published }
}

const claimed = (id: string): ClaimedMail => ({
  id,
  key: `order.placed:${id}`,
  template: "order-placed",
  to: "ada@example.com",
  data: {},
  attempts: 1,
  message_id: `<${id}@zoco.local>`,
  resource_type: "order",
  resource_id: `order_${id}`,
})

describe("deliverDueMails", () => {
  it("sends an event's own mails without counting the whole outbox", async () => {
    const { container, mail, published } = setUp([claimed("m1"), claimed("backlog")])
    expect(await deliverDueMails(container, { only: ["m1"] })).toBe(1)
    expect(mail.outcomes).toEqual(["m1"])
    // The count reads every row of the outbox: an order's mail must not pay for it.
    expect(mail.counted).toBe(0)
    expect(published.size).toBe(0)
    // Claimed at once; a second claim (a statement in its own transaction) would find nothing.
    expect(mail.claims).toBe(1)
  })

  it("claims again while an event's mails are not all claimed", async () => {
    const due = Array.from({ length: 3 }, (_, i) => claimed(`m${i}`))
    const { container, mail } = setUp([...due, claimed("backlog")])
    expect(await deliverDueMails(container, { batch: 2, only: ["m0", "m1", "m2"] })).toBe(3)
    expect(mail.outcomes).toEqual(["m0", "m1", "m2"])
    expect(mail.claims).toBe(2)
  })

  it("publishes the outbox's counts from the job's sweep", async () => {
    const { container, mail, published } = setUp([claimed("m1"), claimed("m2")])
    expect(await deliverDueMails(container)).toBe(2)
    expect(mail.counted).toBe(1)
    expect(Object.fromEntries(published)).toEqual({ queued: 0, sent: 2, kept: 0, failed: 0 })
  })
})

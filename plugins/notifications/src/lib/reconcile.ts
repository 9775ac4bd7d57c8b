import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MAIL_MODULE, type NewMail } from "../modules/mail"
import type MailModuleService from "../modules/mail/service"
import { enqueueMailsWorkflow } from "../workflows/enqueue-mails"
import { deliverDueMails } from "./deliver"
import { orderMails, welcomeMails, type MailContext } from "./mails"

/** A cause younger than this is left to its event's subscriber, which may still be queued. */
export const RECONCILE_GRACE_MS = 2 * 60_000
/** How far back causes are looked for after a long pause of the job. */
export const RECONCILE_WINDOW_MS = 24 * 3_600_000
const PAGE = 200

type Row = Record<string, unknown>
type Window = { $gte: Date; $lt: Date }

/**
 * Mails whose event never reached the outbox: a process that died between the change and its
 * subscriber, or a subscriber that failed. Causes recorded in the database since the cursor
 * (orders placed and canceled, customers registered) are compared with the outbox, and what is
 * missing is queued under the key the subscriber would have used, so a late event and this job
 * never send one mail twice. Reset links and invitations carry tokens that only their event
 * knows, and shipments a "do not notify" choice that only the request knew: those are not
 * reconciled. Returns the ids queued.
 */
export async function reconcileMails(
  container: MedusaContainer,
  { now = new Date() }: { now?: Date } = {}
) {
  const mail = container.resolve<MailModuleService>(MAIL_MODULE)
  const ctx: MailContext = { container, options: mail.links }
  const through = await mail.cursor()
  const until = new Date(now.getTime() - RECONCILE_GRACE_MS)
  const since = new Date(Math.max(through.getTime(), now.getTime() - RECONCILE_WINDOW_MS))
  if (since >= until) return []
  const window: Window = { $gte: since, $lt: until }

  const missing: NewMail[] = []
  const placed = await idsIn(container, "order", { created_at: window, is_draft_order: false })
  for (const id of await unmailed(mail, "order-placed", placed)) {
    missing.push(...(await orderMails(ctx, "order.placed", "order-placed", id)))
  }
  const canceled = await idsIn(container, "order", { canceled_at: window })
  for (const id of await unmailed(mail, "order-canceled", canceled)) {
    missing.push(...(await orderMails(ctx, "order.canceled", "order-canceled", id)))
  }
  const customers = await idsIn(container, "customer", { created_at: window, has_account: true })
  for (const id of await unmailed(mail, "customer-welcome", customers)) {
    missing.push(...(await welcomeMails(ctx, id)))
  }

  let queued: string[] = []
  if (missing.length) {
    const { result } = await enqueueMailsWorkflow(container).run({ input: { mails: missing } })
    queued = result
  }
  await mail.advanceCursor(until)
  if (queued.length) await deliverDueMails(container, { only: queued })
  return queued
}

async function idsIn(container: MedusaContainer, entity: string, filters: Row) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const ids: string[] = []
  for (let skip = 0; ; skip += PAGE) {
    const { data } = await query.graph({
      entity,
      fields: ["id"],
      filters,
      pagination: { skip, take: PAGE, order: { id: "ASC" } },
    })
    ids.push(...(data as Row[]).map((row) => row.id as string))
    if (data.length < PAGE) return ids
  }
}

/** Of `ids`, those without a mail of `template` in the outbox, whatever its state. */
async function unmailed(mail: MailModuleService, template: string, ids: string[]) {
  if (!ids.length) return []
  const rows = await mail.listMailMessages(
    { template, resource_id: ids },
    { select: ["resource_id"], take: null }
  )
  const mailed = new Set(rows.map((row) => row.resource_id))
  return ids.filter((id) => !mailed.has(id))
}

import type { INotificationModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { MAIL_MODULE, MAIL_STATUSES, type ClaimedMail } from "../modules/mail"
import type MailModuleService from "../modules/mail/service"
import { isFinalRefusal } from "./refusal"
import type { RenderedMail } from "./templates"

/** The observability plugin's `/metrics`, when it is installed; this plugin does not need it. */
type Metrics = {
  gauge(
    name: string,
    help: string,
    labels: readonly string[]
  ): { set(labels: Record<string, string>, value: number): void }
}

/**
 * Sends what is due (of `only`, when given): claims mails, renders them, and hands each to the
 * Notification module's `email` channel, recording the outcome. Safe to run in several processes
 * at once: a mail is claimed by one of them only. Without `only` (the retry job) it also publishes
 * the outbox's counts by status. Returns how many mails it tried.
 */
export async function deliverDueMails(
  container: MedusaContainer,
  { batch = 10, max = 200, only }: { batch?: number; max?: number; only?: string[] } = {}
) {
  const mail = container.resolve<MailModuleService>(MAIL_MODULE)
  const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  let tried = 0
  while (tried < max) {
    const claimed = await mail.claimDue(batch, only)
    if (!claimed.length) break
    await Promise.all(claimed.map((m) => sendOne(m, mail, notifications, logger)))
    tried += claimed.length
    // An event's own mails, every one claimed: another claim could only come back empty.
    if (only && tried >= new Set(only).size) break
  }
  // Counting the outbox reads every row of it, so only the job's sweep (once a minute) publishes
  // the counts, not each event's own send: an order's mail stays a few statements at any size.
  if (!only) {
    await publishCounts(container, mail).catch((error: Error) =>
      logger.warn(`mail: could not publish the outbox counts: ${error.message}`)
    )
  }
  return tried
}

async function sendOne(
  m: ClaimedMail,
  mail: MailModuleService,
  notifications: INotificationModuleService,
  logger: Logger
) {
  let rendered: RenderedMail | undefined
  try {
    rendered = await mail.render(m.template, m.data)
    const [notification] = await notifications.createNotifications([
      {
        to: m.to,
        channel: "email",
        template: m.template,
        // The mail's data can hold one-time tokens: the notification row names the mail only.
        data: { mail_id: m.id },
        content: rendered,
        provider_data: { message_id: m.message_id },
        // No idempotency key: the outbox's claim already makes one sender per attempt, and a key
        // per attempt number would repeat after the merchant's "send again" resets the count,
        // making Medusa answer with the old, failed notification.
        resource_id: m.resource_id,
        resource_type: m.resource_type,
        trigger_type: "zoco-mail",
      },
    ])
    const transport = notification?.external_id?.startsWith("mailbox:") ? "mailbox" : "smtp"
    await mail.recordOutcome(m, { ok: true, ...rendered, transport })
  } catch (error) {
    const reason = (error as Error).message
    const status = await mail.recordOutcome(m, {
      ok: false,
      error: reason,
      subject: rendered?.subject,
      final: isFinalRefusal(reason),
    })
    logger.warn(
      `mail: ${m.template} ${m.id} not sent (attempt ${m.attempts}): ${reason}` +
        (status === "failed" ? "; it is marked failed" : "; it will be retried")
    )
  }
}

async function publishCounts(container: MedusaContainer, mail: MailModuleService) {
  const metrics = container.resolve<Metrics | undefined>("observability", {
    allowUnregistered: true,
  })
  if (!metrics) return
  const gauge = metrics.gauge(
    "zoco_mail_messages",
    "Transactional mails in the outbox by status (queued, sent, kept in the dev mailbox, failed)",
    ["status"]
  )
  const counts = await mail.countByStatus()
  for (const status of MAIL_STATUSES) gauge.set({ status }, counts[status])
}

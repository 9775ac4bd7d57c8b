import { model } from "@medusajs/framework/utils"

export const MAIL_STATUSES = ["queued", "sent", "kept", "failed"] as const
export type MailStatus = (typeof MAIL_STATUSES)[number]

/**
 * One mail to one recipient, written before anything is sent (the outbox). `key` names what
 * caused it (event, template, resource, recipient) so the same cause never queues it twice.
 * `queued` until the transport accepts it (`sent`), or it is kept in the dev mailbox (`kept`),
 * or its attempts run out (`failed`). A worker holds it while sending by setting `locked_until`:
 * a crashed worker's claim lapses and another sends it.
 */
const MailMessage = model
  .define("mail_message", {
    id: model.id({ prefix: "mail" }).primaryKey(),
    key: model.text(),
    template: model.text(),
    to: model.text(),
    /** What the template is rendered with; links in it may carry one-time tokens. */
    data: model.json(),
    resource_type: model.text().nullable(),
    resource_id: model.text().nullable(),
    status: model.enum([...MAIL_STATUSES]).default("queued"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime(),
    locked_until: model.dateTime().nullable(),
    last_error: model.text().nullable(),
    /** The Message-ID header: the same on every attempt, so a resent mail is recognisably one. */
    message_id: model.text(),
    subject: model.text().nullable(),
    html: model.text().nullable(),
    text: model.text().nullable(),
    /** Where it went: "smtp" or "mailbox" (kept, not sent). */
    transport: model.text().nullable(),
    sent_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["key"], unique: true, where: "deleted_at IS NULL" },
    { on: ["status", "next_attempt_at"], where: "deleted_at IS NULL" },
    { on: ["to"], where: "deleted_at IS NULL" },
  ])

export default MailMessage

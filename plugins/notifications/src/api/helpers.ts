import type { MedusaRequest } from "@medusajs/framework/http"
import { MAIL_MODULE, type MailStatus } from "../modules/mail"
import type MailModuleService from "../modules/mail/service"
import { SECRET_TEMPLATES } from "../modules/mail/service"

export function mails(req: MedusaRequest) {
  return req.scope.resolve<MailModuleService>(MAIL_MODULE)
}

type Row = {
  id: string
  template: string
  to: string
  subject: string | null
  status: MailStatus
  attempts: number
  last_error: string | null
  transport: string | null
  resource_type: string | null
  resource_id: string | null
  next_attempt_at: Date | string | null
  sent_at: Date | string | null
  created_at: Date | string
  message_id?: string
  html?: string | null
  text?: string | null
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export const SUMMARY_FIELDS = [
  "id",
  "template",
  "to",
  "subject",
  "status",
  "attempts",
  "last_error",
  "transport",
  "resource_type",
  "resource_id",
  "next_attempt_at",
  "sent_at",
  "created_at",
]

/** A mail as the admin sees it; never the data it was rendered from (it can hold tokens). */
export function toAdminMail(m: Row) {
  return {
    id: m.id,
    template: m.template,
    to: m.to,
    subject: m.subject,
    status: m.status,
    attempts: m.attempts,
    last_error: m.last_error,
    transport: m.transport,
    resource_type: m.resource_type,
    resource_id: m.resource_id,
    next_attempt_at: m.status === "queued" ? iso(m.next_attempt_at) : null,
    sent_at: iso(m.sent_at),
    created_at: iso(m.created_at) as string,
  }
}

export function toAdminMailDetail(m: Row) {
  return {
    ...toAdminMail(m),
    message_id: m.message_id ?? "",
    html: m.html ?? null,
    text: m.text ?? null,
    body_withheld: m.status === "sent" && SECRET_TEMPLATES.has(m.template),
  }
}

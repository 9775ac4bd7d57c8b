import { sdk } from "@zoco/plugin-kit/admin/sdk"

export { sdk }

export type MailStatus = "queued" | "sent" | "kept" | "failed"

export type MailSummary = {
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
  next_attempt_at: string | null
  sent_at: string | null
  created_at: string
}

export type Mail = MailSummary & {
  message_id: string
  html: string | null
  text: string | null
  body_withheld: boolean
}

export type MailPage = { mails: MailSummary[]; count: number; limit: number; offset: number }

export const mailApi = {
  list: (query: { status?: MailStatus; q?: string; limit: number; offset: number }) =>
    sdk.client.fetch<MailPage>("/admin/mails", { query }),
  get: (id: string) => sdk.client.fetch<{ mail: Mail }>(`/admin/mails/${id}`),
  retry: (id: string) =>
    sdk.client.fetch<{ mail: MailSummary }>(`/admin/mails/${id}/retry`, { method: "POST" }),
}

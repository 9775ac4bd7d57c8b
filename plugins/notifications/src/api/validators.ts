import { z } from "@medusajs/framework/zod"
import { MAIL_STATUSES } from "../modules/mail"

export const AdminListMailsQuery = z
  .object({
    status: z.enum(MAIL_STATUSES).optional(),
    template: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    /** Part of the recipient's address. */
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type AdminListMailsQuery = z.infer<typeof AdminListMailsQuery>

export const AdminMailSummary = z.object({
  id: z.string(),
  template: z.string(),
  to: z.string(),
  subject: z.string().nullable(),
  status: z.enum(MAIL_STATUSES),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  transport: z.string().nullable(),
  resource_type: z.string().nullable(),
  resource_id: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  sent_at: z.string().nullable(),
  created_at: z.string(),
})

export const AdminMail = AdminMailSummary.extend({
  message_id: z.string(),
  html: z.string().nullable(),
  text: z.string().nullable(),
  /** True when the body was not kept because it held a one-time link (reset, invitation). */
  body_withheld: z.boolean(),
})

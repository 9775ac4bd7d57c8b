import { z } from "@medusajs/framework/zod"
import { WEBHOOK_EVENTS } from "../lib/events"

export const EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as [string, ...string[]]

const events = z
  .array(z.enum(EVENT_NAMES))
  .min(1)
  .max(EVENT_NAMES.length)
  .describe("Events this endpoint receives")

export const AdminCreateWebhook = z
  .object({
    url: z.string().max(2_000).describe("Where events are POSTed; https"),
    events,
    description: z.string().max(500).optional(),
  })
  .strict()
export type AdminCreateWebhook = z.infer<typeof AdminCreateWebhook>

export const AdminUpdateWebhook = z
  .object({
    url: z.string().max(2_000).optional(),
    events: events.optional(),
    description: z.string().max(500).nullable().optional(),
    status: z.enum(["active", "paused"]).optional().describe("`active` resumes a paused endpoint"),
  })
  .strict()
export type AdminUpdateWebhook = z.infer<typeof AdminUpdateWebhook>

export const AdminRotateSecret = z
  .object({
    overlap_hours: z
      .number()
      .int()
      .min(0)
      .max(168)
      .default(24)
      .describe("How long the old secret keeps signing too"),
  })
  .strict()
export type AdminRotateSecret = z.infer<typeof AdminRotateSecret>

export const AdminListDeliveriesQuery = z
  .object({
    status: z.enum(["pending", "succeeded", "dead"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type AdminListDeliveriesQuery = z.infer<typeof AdminListDeliveriesQuery>

export const AdminWebhook = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  status: z.enum(["active", "paused"]),
  paused_reason: z.string().nullable(),
  failing_since: z.string().nullable(),
  created_at: z.string(),
})

export const AdminWebhookWithSecret = AdminWebhook.extend({
  secret: z.string().describe("Shown once: store it to verify signatures"),
})

export const AdminDelivery = z.object({
  id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  status: z.enum(["pending", "succeeded", "dead"]),
  attempts: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  last_duration_ms: z.number().int().nullable(),
  delivered_at: z.string().nullable(),
  created_at: z.string(),
})

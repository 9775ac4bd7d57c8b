import { z } from "@medusajs/framework/zod"
import { WEBHOOK_EVENTS } from "../lib/events"
import { WEBHOOK_RULE_LIMITS } from "../modules/webhooks/service"

export const EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as [string, ...string[]]

const events = z
  .array(z.enum(EVENT_NAMES))
  .min(1)
  .max(EVENT_NAMES.length)
  .describe("Events this endpoint receives")

const timeoutMs = z
  .number()
  .int()
  .min(1_000)
  .max(30_000)
  .describe("How long a delivery waits for the receiver's answer, in ms")
const maxConcurrency = z
  .number()
  .int()
  .min(1)
  .max(50)
  .describe("Deliveries sent to this endpoint at the same time, at most")
const secret = z
  .string()
  .min(24, "must be at least 24 characters")
  .max(256, "must be at most 256 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces")
  .describe("A signing secret of your own; one is generated when left out")

export const AdminCreateWebhook = z
  .object({
    url: z.string().max(2_000).describe("Where events are POSTed; https"),
    events,
    description: z.string().max(500).optional(),
    secret: secret.optional(),
    timeout_ms: timeoutMs.optional(),
    max_concurrency: maxConcurrency.optional(),
  })
  .strict()
export type AdminCreateWebhook = z.infer<typeof AdminCreateWebhook>

export const AdminUpdateWebhook = z
  .object({
    url: z.string().max(2_000).optional(),
    events: events.optional(),
    description: z.string().max(500).nullable().optional(),
    status: z.enum(["active", "paused"]).optional().describe("`active` resumes a paused endpoint"),
    timeout_ms: timeoutMs.optional(),
    max_concurrency: maxConcurrency.optional(),
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
    secret: secret.optional(),
  })
  .strict()
export type AdminRotateSecret = z.infer<typeof AdminRotateSecret>

const rule = (name: keyof typeof WEBHOOK_RULE_LIMITS, what: string) =>
  z
    .number()
    .int()
    .min(WEBHOOK_RULE_LIMITS[name].min)
    .max(WEBHOOK_RULE_LIMITS[name].max)
    .describe(what)

const ATTEMPTS = "Attempts in all, the first included, before a delivery is given up"
const PAUSE = "An endpoint whose deliveries have failed for this many hours is paused"

export const AdminChangeWebhookRules = z
  .object({
    max_attempts: rule("max_attempts", ATTEMPTS).nullable().optional(),
    pause_after_hours: rule("pause_after_hours", PAUSE).nullable().optional(),
  })
  .strict()
  .describe("The rules to change; `null` returns a rule to the server's configuration")
export type AdminChangeWebhookRules = z.infer<typeof AdminChangeWebhookRules>

const Rules = z.object({
  max_attempts: z.number().int().describe(ATTEMPTS),
  pause_after_hours: z.number().describe(PAUSE),
})

export const AdminWebhookRulesResponse = z.object({
  rules: Rules.describe("In force: the merchant's change, else the configuration"),
  defaults: Rules.describe("What the server's configuration (environment) sets"),
  saved: z
    .object({
      max_attempts: z.number().int().nullable(),
      pause_after_hours: z.number().int().nullable(),
    })
    .describe("What the merchant changed; `null`: not changed"),
})

export const AdminListDeliveriesQuery = z
  .object({
    status: z.enum(["pending", "succeeded", "dead"]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
export type AdminListDeliveriesQuery = z.infer<typeof AdminListDeliveriesQuery>

/** One delivery takes no query parameters. */
export const AdminDeliveryQuery = z.object({}).strict()

export const AdminWebhook = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  status: z.enum(["active", "paused"]),
  paused_reason: z.string().nullable(),
  failing_since: z.string().nullable(),
  timeout_ms: z.number().int(),
  max_concurrency: z.number().int(),
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

/** The columns of a delivery in the log; the payload only in a delivery's own answer. */
export const DELIVERY_FIELDS = [
  "id",
  "event_id",
  "event_type",
  "status",
  "attempts",
  "next_attempt_at",
  "last_status_code",
  "last_error",
  "last_duration_ms",
  "delivered_at",
  "created_at",
] as const

/** A delivery with the JSON body it sends: the event's id, type, time and record. */
export const AdminDeliveryWithPayload = AdminDelivery.extend({
  payload: z.object({
    id: z.string(),
    type: z.string(),
    created_at: z.string(),
    data: z.unknown(),
  }),
})

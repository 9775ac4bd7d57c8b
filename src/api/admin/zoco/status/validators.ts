import { z } from "@medusajs/framework/zod"

/** The status takes no query parameters. */
export const StatusQuery = z.object({}).strict()

const Check = z.object({ ok: z.boolean(), ms: z.number().int(), error: z.string().optional() })

export const ZocoStatus = z.object({
  versions: z.object({
    zoco: z.string().nullable(),
    medusa: z.string().nullable(),
    node: z.string(),
  }),
  process: z.object({
    mode: z.enum(["shared", "server", "worker"]).describe("Medusa's worker mode of this process"),
    started_at: z.string(),
  }),
  ready: z.object({
    ok: z.boolean(),
    checks: z
      .record(z.string(), Check)
      .describe("As /ready: PostgreSQL, and Redis when configured"),
    redis: z
      .object({ outages: z.number().int(), data_losses: z.number().int() })
      .optional()
      .describe("With Redis: outages and losses of its data this process has seen"),
  }),
  rules: z
    .object({
      reviews: z
        .object({
          auto_approve_verified: z.boolean(),
          per_customer: z
            .object({ reviews: z.number().int(), seconds: z.number().int() })
            .nullable()
            .describe(
              "At most this many reviews per customer in this many seconds; null: no limit"
            ),
        })
        .nullable(),
      webhooks: z
        .object({ max_attempts: z.number().int(), pause_after_hours: z.number() })
        .nullable(),
    })
    .describe(
      "The moderation and delivery rules in force: the merchant's (Settings › Zoco), else the environment's; null where the plugin is not installed"
    ),
  jobs: z.object({
    last_run_at: z.string().nullable().describe("When scheduled jobs last ran, in any process"),
    seen_by: z.enum(["redis", "this process"]).nullable(),
  }),
})
export type ZocoStatus = z.infer<typeof ZocoStatus>

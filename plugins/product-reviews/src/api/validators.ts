import { z } from "@medusajs/framework/zod"
import { REVIEW_STATUSES } from "../modules/product-review/models/review"

/** Newest first by default; `most_helpful` ranks by helpful votes, then date. */
export const ReviewOrder = z.enum(["newest", "oldest", "highest", "lowest", "most_helpful"])
export type ReviewOrder = z.infer<typeof ReviewOrder>

const page = (defaultLimit: number) => ({
  limit: z.coerce.number().int().min(1).max(100).default(defaultLimit),
  offset: z.coerce.number().int().min(0).default(0),
  order: ReviewOrder.default("newest"),
})

/** Text is stored exactly as written; it must not be blank. */
const text = (name: string, max: number) =>
  z
    .string()
    .max(max, `${name} must be at most ${max} characters`)
    .refine((s) => s.trim().length > 0, `${name} must not be blank`)

export const StoreListReviewsQuery = z.object(page(10)).strict()
export type StoreListReviewsQuery = z.infer<typeof StoreListReviewsQuery>

export const StoreCreateReview = z
  .object({
    rating: z.number().int().min(1).max(5).describe("Stars, 1 to 5"),
    title: text("title", 120),
    content: text("content", 5_000),
  })
  .strict()
export type StoreCreateReview = z.infer<typeof StoreCreateReview>

export const AdminListReviewsQuery = z
  .object({
    ...page(20),
    id: z.string().min(1).max(100).optional().describe("One review, as a notification links to"),
    status: z.enum([...REVIEW_STATUSES]).optional(),
    rating: z.coerce.number().int().min(1).max(5).optional(),
    product_id: z.string().min(1).max(100).optional(),
    verified_purchase: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
    created_after: z.coerce.date().optional(),
    created_before: z.coerce.date().optional(),
    q: z.string().min(1).max(200).optional().describe("Words in the title or text"),
  })
  .strict()
export type AdminListReviewsQuery = z.infer<typeof AdminListReviewsQuery>

const ids = z.array(z.string().min(1).max(100)).min(1).max(100)

export const AdminReviewIds = z.object({ ids }).strict()
export type AdminReviewIds = z.infer<typeof AdminReviewIds>

export const AdminRejectReviews = z.object({ ids, reason: text("reason", 1_000) }).strict()
export type AdminRejectReviews = z.infer<typeof AdminRejectReviews>

export const AdminReplyToReviews = z
  .object({ ids, reply: text("reply", 5_000).nullable().describe("`null` takes the reply down") })
  .strict()
export type AdminReplyToReviews = z.infer<typeof AdminReplyToReviews>

const RateLimit = z
  .object({
    points: z.number().int().min(1).max(1_000).describe("Reviews per period"),
    seconds: z
      .number()
      .int()
      .min(60)
      .max(30 * 86_400)
      .describe("The period, in seconds"),
  })
  .strict()

const Rules = {
  auto_approve_verified: z
    .boolean()
    .describe("Verified buyers' reviews are published at once; others wait for approval"),
  rate_limit: z
    .union([RateLimit, z.literal(false)], {
      message:
        "rate_limit must be false (no limit) or { points: 1 to 1000, seconds: 60 to 2592000 } and nothing else",
    })
    .describe("How many reviews one customer may post per period; `false`: no limit"),
}

export const AdminReviewRules = z.object(Rules)

export const AdminChangeReviewRules = z
  .object({
    auto_approve_verified: Rules.auto_approve_verified.nullable().optional(),
    rate_limit: Rules.rate_limit.nullable().optional(),
  })
  .strict()
  .describe("The rules to change; `null` returns a rule to the server's configuration")
export type AdminChangeReviewRules = z.infer<typeof AdminChangeReviewRules>

export const AdminReviewRulesResponse = z.object({
  rules: AdminReviewRules.describe("In force: the merchant's change, else the configuration"),
  defaults: AdminReviewRules.describe("What the server's configuration (environment) sets"),
  saved: z
    .object({
      auto_approve_verified: Rules.auto_approve_verified.nullable(),
      rate_limit: Rules.rate_limit.nullable(),
    })
    .describe("What the merchant changed; `null`: not changed"),
})

/** A review as the store shows it: no customer id, no moderation notes. */
export const StoreReview = z.object({
  id: z.string(),
  product_id: z.string(),
  display_name: z.string(),
  rating: z.number().int(),
  title: z.string(),
  content: z.string(),
  verified_purchase: z.boolean(),
  helpful_count: z.number().int(),
  reply: z.string().nullable(),
  replied_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
})

export const RatingSummary = z.object({
  average: z.number(),
  count: z.number().int(),
  counts: z.object({
    1: z.number().int(),
    2: z.number().int(),
    3: z.number().int(),
    4: z.number().int(),
    5: z.number().int(),
  }),
})

export const AdminReview = StoreReview.extend({
  customer_id: z.string(),
  status: z.enum([...REVIEW_STATUSES]),
  rejection_reason: z.string().nullable(),
  product: z
    .object({ id: z.string(), title: z.string(), thumbnail: z.string().nullable() })
    .nullable(),
  customer: z.object({ id: z.string(), email: z.string() }).nullable(),
})

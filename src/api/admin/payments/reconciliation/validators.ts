import { z } from "@medusajs/framework/zod"

const scope = {
  order_id: z.string().min(1).max(100).optional(),
  days: z.coerce.number().int().min(1).max(365).optional(),
}

export const ReconcileQuery = z.object(scope).strict()
export type ReconcileQuery = z.infer<typeof ReconcileQuery>

export const ReconcileBody = z
  .object({ ...scope, days: z.number().int().min(1).max(365).optional() })
  .strict()
export type ReconcileBody = z.infer<typeof ReconcileBody>

const money = z.string().describe("An amount in major units, at the currency's precision")
const movement = z.object({ id: z.string().describe("The gateway's id"), amount: money })

/** One payment compared with its gateway. */
export const PaymentReconciliation = z.object({
  payment_id: z.string(),
  provider_id: z.string(),
  currency_code: z.string(),
  books: z.object({
    captured: money,
    refunded: money,
    canceled: z.boolean().describe("The payment is canceled in the books"),
  }),
  gateway: z.object({
    captured: money,
    refunded: money,
    authorization: z
      .enum(["open", "voided", "closed"])
      .optional()
      .describe(
        "The gateway's authorization: capturable, released without a capture, or done with; absent when it holds none"
      ),
  }),
  repairs: z
    .array(z.object({ kind: z.enum(["capture", "refund", "void"]), movement }))
    .describe(
      "What the gateway did that the books lack, to be booked (a void is booked as the payment's cancellation)"
    ),
  repaired: z
    .array(z.object({ kind: z.enum(["capture", "refund", "void"]), movement }))
    .describe("What this call booked (POST only)"),
  problems: z.array(z.string()).describe("What cannot be repaired here, for a person to look at"),
})

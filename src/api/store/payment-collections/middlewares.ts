import type { MiddlewareRoute } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import { validated } from "../../validation"

// PayPal's own limit for the URLs it sends the buyer back to.
const buyerUrl = z
  .string()
  .max(4000)
  .url()
  .refine((url) => /^https?:\/\//i.test(url), "must be an http(s) URL")

/**
 * What a storefront may put in a payment session's `data`, per provider. Medusa stores that data
 * next to what the provider answers and hands it to the provider, so an unknown key could pose as
 * provider state (a `medusa_amount`) or steer the gateway (Stripe's `capture_method`, `confirm`).
 * Providers Zoco does not ship keep Medusa's rule: any object, for their own validation.
 */
export const SESSION_DATA: Record<string, z.ZodTypeAny> = {
  pp_paypal_paypal: z
    .object({ return_url: buyerUrl.optional(), cancel_url: buyerUrl.optional() })
    .strict(),
  pp_stripe_stripe: z.object({ return_url: buyerUrl.optional() }).strict(),
  pp_system_default: z.object({}).strict(),
}

export const createPaymentSessionBody = z
  .object({
    provider_id: z.string().min(1).max(200),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const schema = SESSION_DATA[body.provider_id]
    if (!schema || body.data === undefined) return
    const result = schema.safeParse(body.data)
    for (const issue of result.success ? [] : result.error.issues) {
      ctx.addIssue({ ...issue, path: ["data", ...issue.path] })
    }
  })

export const storePaymentCollectionMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/payment-collections/:id/payment-sessions",
    middlewares: [validated("body", createPaymentSessionBody)],
  },
]

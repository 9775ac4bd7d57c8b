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

import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"

// Medusa accepts any positive number as a quantity (some shops sell by
// weight); this shop sells whole units, so 1.5 T-shirts is bad input.
const wholeUnits = z.number().int("quantity must be a whole number of units")

const lineItemQuantity = z.object({ quantity: wholeUnits.optional() }).passthrough()
const cartItemsQuantity = z
  .object({
    items: z.array(z.object({ quantity: wholeUnits.optional() }).passthrough()).optional(),
  })
  .passthrough()

function requireWholeUnits(schema: z.ZodTypeAny) {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const result = schema.safeParse(req.body ?? {})
    if (result.success) {
      return next()
    }
    const issue = result.error.issues[0]
    const path = issue.path.join(".")
    return next(
      new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${path}: ${issue.message}`)
    )
  }
}

export const storeCartMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/carts",
    middlewares: [requireWholeUnits(cartItemsQuantity)],
  },
  {
    method: ["POST"],
    matcher: "/store/carts/:id/line-items",
    middlewares: [requireWholeUnits(lineItemQuantity)],
  },
  {
    method: ["POST"],
    matcher: "/store/carts/:id/line-items/:line_id",
    middlewares: [requireWholeUnits(lineItemQuantity)],
  },
]

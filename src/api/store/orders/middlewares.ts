import {
  authenticate,
  type AuthenticatedMedusaRequest,
  type MedusaNextFunction,
  type MedusaResponse,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * Medusa serves `GET /store/orders/:id` to anyone holding the id, so that a
 * guest's confirmation page works. An order placed by a registered customer
 * is theirs alone: any other caller gets the same 404 as for an unknown id,
 * which reveals nothing about whether the order exists.
 */
export async function restrictOrderToOwner(
  req: AuthenticatedMedusaRequest,
  _res: MedusaResponse,
  next: MedusaNextFunction
) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: ["id", "customer_id", "customer.has_account"],
    filters: { id: req.params.id },
  })
  const ownedByAccount = Boolean(order?.customer?.has_account)
  if (ownedByAccount && req.auth_context?.actor_id !== order.customer_id) {
    return next(
      new MedusaError(MedusaError.Types.NOT_FOUND, `Order with id: ${req.params.id} was not found`)
    )
  }
  next()
}

export const storeOrderMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/store/orders/:id",
    middlewares: [
      authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
      restrictOrderToOwner,
    ],
  },
]

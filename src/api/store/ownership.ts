import {
  authenticate,
  type AuthenticatedMedusaRequest,
  type MedusaNextFunction,
  type MedusaResponse,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import type { RemoteQueryFunction } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

type Owner = { customer_id?: string | null; customer?: { has_account?: boolean } | null }

/**
 * Medusa treats a cart id as enough to read and change the cart, which guests
 * need. A cart that belongs to a registered customer is theirs alone; anyone
 * else gets the same 404 as for an unknown id, which reveals nothing.
 */
function ownedByAnother(owner: Owner | undefined, req: AuthenticatedMedusaRequest): boolean {
  return Boolean(owner?.customer?.has_account) && req.auth_context?.actor_id !== owner?.customer_id
}

type Lookup = (
  query: Omit<RemoteQueryFunction, symbol>,
  req: AuthenticatedMedusaRequest
) => Promise<{ owner: Owner | undefined; notFound: string } | undefined>

function guard(lookup: Lookup) {
  return async (
    req: AuthenticatedMedusaRequest,
    _res: MedusaResponse,
    next: MedusaNextFunction
  ) => {
    try {
      const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
      const found = await lookup(query, req)
      if (found && ownedByAnother(found.owner, req)) {
        return next(new MedusaError(MedusaError.Types.NOT_FOUND, found.notFound))
      }
      next()
    } catch (error) {
      next(error)
    }
  }
}

const OWNER_FIELDS = ["customer_id", "customer.has_account"]

async function cartOwner(query: Omit<RemoteQueryFunction, symbol>, cartId: unknown) {
  if (typeof cartId !== "string" || cartId === "") return undefined
  const {
    data: [cart],
  } = await query.graph({
    entity: "cart",
    fields: ["id", ...OWNER_FIELDS],
    filters: { id: cartId },
  })
  return { owner: cart as Owner | undefined, notFound: `Cart id not found: ${cartId}` }
}

export const restrictCartToOwner = guard((query, req) => cartOwner(query, req.params.id))

export const restrictCartInBodyToOwner = guard((query, req) =>
  cartOwner(query, (req.body as { cart_id?: unknown } | undefined)?.cart_id)
)

export const restrictPaymentCollectionToOwner = guard(async (query, req) => {
  const {
    data: [collection],
  } = await query.graph({
    entity: "payment_collection",
    fields: ["id", ...OWNER_FIELDS.map((f) => `cart.${f}`)],
    filters: { id: req.params.id },
  })
  const cart = (collection as { cart?: Owner | null } | undefined)?.cart ?? undefined
  return { owner: cart, notFound: `Payment collection with id: ${req.params.id} was not found` }
})

export const restrictOrderToOwner = guard(async (query, req) => {
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: ["id", ...OWNER_FIELDS],
    filters: { id: req.params.id },
  })
  return {
    owner: order as Owner | undefined,
    notFound: `Order with id: ${req.params.id} was not found`,
  }
})

const customerIfAny = authenticate("customer", ["session", "bearer"], {
  allowUnauthenticated: true,
})

export const storeOwnershipMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/carts/:id", middlewares: [customerIfAny, restrictCartToOwner] },
  { matcher: "/store/carts/:id/*", middlewares: [customerIfAny, restrictCartToOwner] },
  {
    method: ["POST"],
    matcher: "/store/payment-collections",
    middlewares: [customerIfAny, restrictCartInBodyToOwner],
  },
  {
    matcher: "/store/payment-collections/:id/*",
    middlewares: [customerIfAny, restrictPaymentCollectionToOwner],
  },
  {
    method: ["GET"],
    matcher: "/store/orders/:id",
    middlewares: [customerIfAny, restrictOrderToOwner],
  },
]

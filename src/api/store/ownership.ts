import {
  authenticate,
  type AuthenticatedMedusaRequest,
  type MedusaNextFunction,
  type MedusaResponse,
  type MiddlewareRoute,
} from "@medusajs/framework/http"
import type { RemoteQueryFunction } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"

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

/** What the cart guard reads of a cart: its id, to know it exists, and its customer. */
export const CART_OWNER_SELECT = ["id", "customer_id"]

/**
 * Read from the cart and customer modules directly rather than through Query: this runs before
 * every cart request of a checkout, and a linked-entity Query costs several times the CPU of two
 * selective reads. The customer is read only when it could be someone other than the caller.
 */
export async function cartOwner(
  scope: AuthenticatedMedusaRequest["scope"],
  req: AuthenticatedMedusaRequest,
  cartId: unknown
) {
  if (typeof cartId !== "string" || cartId === "") return undefined
  const [cart] = await scope
    .resolve(Modules.CART)
    .listCarts({ id: cartId }, { select: CART_OWNER_SELECT, take: 1 })
  const notFound = `Cart id not found: ${cartId}`
  if (!cart?.customer_id || cart.customer_id === req.auth_context?.actor_id) {
    return { owner: cart ? { customer_id: cart.customer_id } : undefined, notFound }
  }
  const [customer] = await scope
    .resolve(Modules.CUSTOMER)
    .listCustomers({ id: cart.customer_id }, { select: ["id", "has_account"], take: 1 })
  return { owner: { customer_id: cart.customer_id, customer: customer ?? null }, notFound }
}

export const restrictCartToOwner = guard((_query, req) => cartOwner(req.scope, req, req.params.id))

export const restrictCartInBodyToOwner = guard((_query, req) =>
  cartOwner(req.scope, req, (req.body as { cart_id?: unknown } | undefined)?.cart_id)
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
  // Without a method Medusa mounts this with `app.use`, which also matches every path under the
  // cart (line items, shipping methods, complete): one pattern, so the owner is looked up once.
  { matcher: "/store/carts/:id", middlewares: [customerIfAny, restrictCartToOwner] },
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

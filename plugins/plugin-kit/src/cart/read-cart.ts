import type { HttpTypes, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/**
 * How Zoco's cart reads load the cart module's own relations (line items, their tax lines and
 * adjustments, shipping methods and theirs, addresses, credit lines): in one joined statement
 * rather than Medusa's default of one statement per relation (seven for a cart with a shipping
 * method). A cart's rows multiply only within itself (lines × tax lines × adjustments × shipping
 * methods), small for a shopping cart. Relations in other modules (variants, region, customer,
 * promotions, payment collection) are still read by Medusa's query, one module at a time.
 */
export const CART_READ_STRATEGY = "joined" as const

/**
 * The cart with `fields`, as Medusa's `refetchCart` answers a cart route (the same data and the
 * same 404), with the cart module's relations read in one statement.
 */
export async function readCart(
  scope: MedusaContainer,
  id: string,
  fields: string[]
): Promise<HttpTypes.StoreCart> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart",
    fields,
    filters: { id },
    strategy: CART_READ_STRATEGY,
  })
  const cart = data[0] as HttpTypes.StoreCart | undefined
  if (!cart) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id '${id}' not found`)
  }
  return cart
}

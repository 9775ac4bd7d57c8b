import type { HttpTypes, MedusaContainer } from "@medusajs/framework/types"
import {
  ContainerRegistrationKeys,
  MedusaError,
  remoteQueryObjectFromString,
} from "@medusajs/framework/utils"

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
 * The cart's relations in other modules that bring relations of their own in that module: a
 * region its countries, a product its tags and categories, a customer its groups. Query reads
 * each such relation with one statement per list it holds; joined, each is one statement.
 * (Relations reached through a link module, the promotions and the payment collection, take no
 * read options.)
 */
const JOINED_REMOTE_RELATIONS = new Set([
  "region",
  "customer",
  "items.product",
  "items.variant",
  "items.variant.inventory_items.inventory",
])

/**
 * The remote-query variables (Medusa's `useRemoteQueryStep`, `remoteQueryObjectFromString`)
 * that read the cart `id` with `fields`: the cart module's relations and every relation of
 * `JOINED_REMOTE_RELATIONS` that `fields` reaches, each joined. `id` may be a workflow's input.
 */
export function cartReadVariables<Id>(
  fields: string[],
  id: Id
): { id: Id } & Record<string, unknown> {
  const joined = { options: { strategy: CART_READ_STRATEGY } }
  const variables: { id: Id } & Record<string, unknown> = { id, ...joined }
  for (const field of fields) {
    // A relation is a node only when a field goes through it; its last segment is a field.
    const relations = field.split(".").slice(0, -1)
    for (let depth = 1; depth <= relations.length; depth++) {
      // `*region.countries` names the region node `*region`, and the variables must name it so.
      const path = relations.slice(0, depth).join(".")
      if (JOINED_REMOTE_RELATIONS.has(path.replace(/^\*/, ""))) variables[path] = joined
    }
  }
  return variables
}

/**
 * The cart with `fields`, as Medusa's `refetchCart` answers a cart route (the same data and the
 * same 404), with the cart module's relations read in one statement, and so each relation of
 * `JOINED_REMOTE_RELATIONS`.
 */
export async function readCart(
  scope: MedusaContainer,
  id: string,
  fields: string[]
): Promise<HttpTypes.StoreCart> {
  const remoteQuery = scope.resolve(ContainerRegistrationKeys.REMOTE_QUERY)
  const rows = (await remoteQuery(
    remoteQueryObjectFromString({
      entryPoint: "cart",
      fields,
      variables: cartReadVariables(fields, id),
    })
  )) as HttpTypes.StoreCart[]
  const cart = rows[0]
  if (!cart) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Cart with id '${id}' not found`)
  }
  return cart
}

import { remoteQueryObjectFromString } from "@medusajs/framework/utils"
import { defaultStoreCartFields } from "@medusajs/medusa/api/store/carts/query-config"
import { CART_REFRESH_FIELDS } from "../cart-fields"
import { cartReadVariables } from "../read-cart"

type Node = { __args?: Record<string, unknown> } & { [key: string]: unknown }

/** The remote query Medusa's query runs for a cart read with `fields`. */
function queryOf(fields: string[]): Node {
  const { __value } = remoteQueryObjectFromString({
    entryPoint: "cart",
    fields,
    variables: cartReadVariables(fields, "cart_1"),
  }) as { __value: { cart: Node } }
  return __value.cart
}

const joined = { options: { strategy: "joined" } }

describe("a cart read's relations in other modules", () => {
  it("asks the modules of a storefront cart's region, customer and products for joined reads", () => {
    const cart = queryOf(defaultStoreCartFields)
    expect(cart.__args).toEqual({ id: "cart_1", ...joined })
    // `*region.countries` and `region.id` are two nodes of the same relation; both are joined.
    expect((cart["*region"] as Node).__args).toEqual(joined)
    expect((cart.region as Node).__args).toEqual(joined)
    expect((cart.customer as Node).__args).toEqual(joined)
    expect(((cart.items as Node).product as Node).__args).toEqual(joined)
  })

  it("leaves the cart module's own relations and relations reached through links alone", () => {
    const cart = queryOf(defaultStoreCartFields)
    // Inside the cart's own statement, and through link modules, which take no read options.
    expect((cart.items as Node).__args).toBeUndefined()
    expect((cart.shipping_methods as Node).__args).toBeUndefined()
    expect((cart.promotions as Node).__args).toBeUndefined()
    expect((cart["*payment_collection"] as Node).__args).toBeUndefined()
  })

  it("names only relations the fields reach, which Medusa would otherwise read as filters", () => {
    const variables = cartReadVariables(["id", "email"], "cart_1")
    expect(variables).toEqual({ id: "cart_1", ...joined })
    expect(Object.keys(cartReadVariables(CART_REFRESH_FIELDS, "cart_1")).sort()).toEqual([
      "customer",
      "id",
      "items.product",
      "items.variant",
      "options",
      "region",
    ])
  })
})

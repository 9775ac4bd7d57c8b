import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import {
  StoreAddCartShippingMethods,
  type StoreAddCartShippingMethodsType,
} from "@medusajs/medusa/api/store/carts/validators"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { addShippingMethodToCartWorkflow, readCart } from "@zoco/plugin-kit/cart-workflows"

export const openapi: RouteDocs = {
  POST: {
    summary: "Add a shipping method to a cart",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Carts): the same body, answer and errors, served by Zoco's workflow, which prices a just-added option once when nothing else on the cart could change its price.",
    tags: ["Carts"],
    security: "publishable-key",
    body: StoreAddCartShippingMethods,
    responses: { 200: { description: "The cart, with the fields asked for in `fields`" } },
  },
}

/**
 * Medusa's route, with Zoco's workflow: the same body (validated by Medusa's middleware), the
 * same answer, fewer statements (see bench/README.md, "The statements of each step").
 */
export const POST = async (
  req: MedusaRequest<StoreAddCartShippingMethodsType>,
  res: MedusaResponse<HttpTypes.StoreCartResponse>
) => {
  const payload = req.validatedBody
  const options = Array.isArray(payload) ? payload : [payload]
  await addShippingMethodToCartWorkflow(req.scope).run({
    input: {
      options: options.map((option) => ({ id: option.option_id, data: option.data })),
      cart_id: req.params.id,
      additional_data: (payload as { additional_data?: Record<string, unknown> }).additional_data,
    },
  })
  const cart = await readCart(req.scope, req.params.id, req.queryConfig.fields)
  res.status(200).json({ cart })
}

import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import {
  StoreAddCartLineItem,
  type StoreAddCartLineItemType,
} from "@medusajs/medusa/api/store/carts/validators"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { addToCartWorkflow, readCart } from "@zoco/plugin-kit/cart-workflows"

export const openapi: RouteDocs = {
  POST: {
    summary: "Add a line item to a cart",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Carts): the same body, answer and errors, served by Zoco's workflow, which leaves the cart's promotions alone when recomputing them cannot change the cart.",
    tags: ["Carts"],
    security: "publishable-key",
    body: StoreAddCartLineItem,
    responses: { 200: { description: "The cart, with the fields asked for in `fields`" } },
  },
}

/**
 * Medusa's route, with Zoco's workflow: the same body (validated by Medusa's middleware), the
 * same answer, fewer statements (see bench/README.md, "The statements of each step").
 */
export const POST = async (
  req: MedusaRequest<StoreAddCartLineItemType>,
  res: MedusaResponse<HttpTypes.StoreCartResponse>
) => {
  const item = req.validatedBody
  await addToCartWorkflow(req.scope).run({
    input: {
      cart_id: req.params.id,
      items: [item],
      additional_data: (item as { additional_data?: Record<string, unknown> }).additional_data,
    },
  })
  const cart = await readCart(req.scope, req.params.id, req.queryConfig.fields)
  res.status(200).json({ cart })
}

import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import {
  StoreUpdateCartLineItem,
  type StoreUpdateCartLineItemType,
} from "@medusajs/medusa/api/store/carts/validators"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import {
  deleteLineItemsWorkflow,
  readCart,
  updateLineItemInCartWorkflow,
} from "@zoco/plugin-kit/cart-workflows"

export const openapi: RouteDocs = {
  POST: {
    summary: "Update a line item in a cart",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Carts): the same body, answer and errors (a quantity of 0 removes the line), served by Zoco's workflow, which leaves the cart's promotions alone when recomputing them cannot change the cart.",
    tags: ["Carts"],
    security: "publishable-key",
    body: StoreUpdateCartLineItem,
    responses: { 200: { description: "The cart, with the fields asked for in `fields`" } },
  },
  DELETE: {
    summary: "Remove a line item from a cart",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Carts): the same answer and errors, served by Zoco's workflow, which leaves the cart's promotions alone when recomputing them cannot change the cart.",
    tags: ["Carts"],
    security: "publishable-key",
    responses: {
      200: { description: "The deleted line item's id, and the cart with the fields asked for" },
    },
  },
}

/**
 * Medusa's routes, with Zoco's workflows: the same bodies (validated by Medusa's middleware),
 * the same answers, fewer statements (see bench/README.md, "The statements of each step").
 */
export const POST = async (
  req: MedusaRequest<StoreUpdateCartLineItemType>,
  res: MedusaResponse<HttpTypes.StoreCartResponse>
) => {
  const update = req.validatedBody
  await updateLineItemInCartWorkflow(req.scope).run({
    input: {
      cart_id: req.params.id,
      item_id: req.params.line_id,
      update,
      additional_data: (update as { additional_data?: Record<string, unknown> }).additional_data,
    },
  })
  const cart = await readCart(req.scope, req.params.id, req.queryConfig.fields)
  res.status(200).json({ cart })
}

export const DELETE = async (
  req: MedusaRequest,
  res: MedusaResponse<HttpTypes.StoreLineItemDeleteResponse>
) => {
  const id = req.params.line_id
  await deleteLineItemsWorkflow(req.scope).run({
    input: { cart_id: req.params.id, ids: [id] },
  })
  const cart = await readCart(req.scope, req.params.id, req.queryConfig.fields)
  res.status(200).json({
    id,
    object: "line-item",
    deleted: true,
    parent: cart,
  })
}

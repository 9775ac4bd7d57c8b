import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes, UpdateCartWorkflowInputDTO } from "@medusajs/framework/types"
import { UpdateCart, type StoreUpdateCartType } from "@medusajs/medusa/api/store/carts/validators"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { readCart, updateCartWorkflow } from "@zoco/plugin-kit/cart-workflows"

export const openapi: RouteDocs = {
  GET: {
    summary: "Get a cart",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Carts): the same answer and errors, with the cart's line items, shipping methods, their tax lines and adjustments read in one statement.",
    tags: ["Carts"],
    security: "publishable-key",
    responses: { 200: { description: "The cart, with the fields asked for in `fields`" } },
  },
  POST: {
    summary: "Update a cart",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Carts): the same body, answer and errors, served by Zoco's workflow, which leaves the cart's promotions alone when recomputing them cannot change the cart.",
    tags: ["Carts"],
    security: "publishable-key",
    body: UpdateCart,
    responses: { 200: { description: "The cart, with the fields asked for in `fields`" } },
  },
}

/** Medusa's route: the cart with the fields asked for, or 404. */
export const GET = async (req: MedusaRequest, res: MedusaResponse<HttpTypes.StoreCartResponse>) => {
  const cart = await readCart(req.scope, req.params.id, req.queryConfig.fields)
  res.json({ cart })
}

/**
 * Medusa's route, with Zoco's workflow: the same body (validated by Medusa's middleware), the
 * same answer, fewer statements (see bench/README.md, "The statements of each step").
 */
export const POST = async (
  req: MedusaRequest<StoreUpdateCartType>,
  res: MedusaResponse<HttpTypes.StoreCartResponse>
) => {
  const body = req.validatedBody
  await updateCartWorkflow(req.scope).run({
    input: {
      // Medusa's route hands the validated body to its workflow as it is; so does this one.
      ...(body as Omit<UpdateCartWorkflowInputDTO, "id">),
      id: req.params.id,
      additional_data: (body as { additional_data?: Record<string, unknown> }).additional_data,
    },
  })
  const cart = await readCart(req.scope, req.params.id, req.queryConfig.fields)
  res.status(200).json({ cart })
}

import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { CreateCartWorkflowInputDTO, HttpTypes } from "@medusajs/framework/types"
import { CreateCart, type StoreCreateCartType } from "@medusajs/medusa/api/store/carts/validators"
import { createCartWorkflow, readCart } from "@zoco/plugin-kit/cart-workflows"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"

export const openapi: RouteDocs = {
  POST: {
    summary: "Create a cart",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Carts): the same body, answer and errors, served by Zoco's workflow, which computes a new cart's promotions only when it is created with codes or the store has an automatic promotion.",
    tags: ["Carts"],
    security: "publishable-key",
    body: CreateCart,
    responses: { 200: { description: "The cart, with the fields asked for in `fields`" } },
  },
}

/**
 * Medusa's route, with Zoco's workflow: the same body (validated by Medusa's middleware, which
 * also sets the publishable key's sales channel), the same answer, fewer statements (see
 * bench/README.md, "After the cart-refresh cut").
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<StoreCreateCartType>,
  res: MedusaResponse<HttpTypes.StoreCartResponse>
) => {
  const { result } = await createCartWorkflow(req.scope).run({
    input: {
      // Medusa's route hands the validated body to its workflow as it is; so does this one.
      ...(req.validatedBody as CreateCartWorkflowInputDTO),
      customer_id: req.auth_context?.actor_id,
    },
  })
  const cart = await readCart(req.scope, result.id, req.queryConfig.fields)
  res.status(200).json({ cart })
}

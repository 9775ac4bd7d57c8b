import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { listShippingOptionsForCartWorkflow } from "@zoco/plugin-kit/cart-workflows"

export const openapi: RouteDocs = {
  GET: {
    summary: "List a cart's shipping options",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Shipping Options): the same query, answer and errors, served by Zoco's workflow, which reads the cart with its lines, shipping methods, their tax lines and adjustments in one statement.",
    tags: ["Shipping Options"],
    security: "publishable-key",
    responses: { 200: { description: "The shipping options that can ship the cart, priced" } },
  },
}

/**
 * Medusa's route, with Zoco's workflow: the same query (validated by Medusa's middleware), the
 * same answer, fewer statements (see bench/README.md, "The statements of each step").
 */
export const GET = async (
  req: MedusaRequest<unknown, HttpTypes.StoreGetShippingOptionList>,
  res: MedusaResponse<HttpTypes.StoreShippingOptionListResponse>
) => {
  const { cart_id, is_return } = req.filterableFields as { cart_id: string; is_return?: boolean }
  const { result: shipping_options } = await listShippingOptionsForCartWorkflow(req.scope).run({
    input: { cart_id, is_return: !!is_return, fields: req.queryConfig.fields },
  })
  // The workflow returns the options as Medusa's does; the Store API types them as listed.
  res.json({
    shipping_options:
      shipping_options as unknown as HttpTypes.StoreShippingOptionListResponse["shipping_options"],
  })
}

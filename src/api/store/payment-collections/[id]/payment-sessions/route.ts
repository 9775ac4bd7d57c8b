import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import { refetchPaymentCollection } from "@medusajs/medusa/api/store/payment-collections/helpers"
import type { StoreCreatePaymentSessionType } from "@medusajs/medusa/api/store/payment-collections/validators"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { createPaymentSessionsWorkflow } from "@zoco/plugin-kit/cart-workflows"
import { createPaymentSessionBody } from "../../middlewares"

export const openapi: RouteDocs = {
  POST: {
    summary: "Create a payment session",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Payment Collections): the same body, answer and errors, served by Zoco's workflow, which reads the collection once and the providers enabled in the cart's region from the cache of configuration reads. The collection's earlier session is deleted; `data` is checked per provider.",
    tags: ["Payment Collections"],
    security: "publishable-key",
    body: createPaymentSessionBody,
    responses: { 200: { description: "The payment collection with its new session" } },
  },
}

/**
 * Medusa's route, with Zoco's workflow (the body is validated by Medusa's middleware and
 * Zoco's, `../../middlewares.ts`).
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<StoreCreatePaymentSessionType>,
  res: MedusaResponse<HttpTypes.StorePaymentCollectionResponse>
) => {
  const { provider_id, data } = req.validatedBody
  await createPaymentSessionsWorkflow(req.scope).run({
    input: {
      payment_collection_id: req.params.id,
      provider_id,
      customer_id: req.auth_context?.actor_id,
      data,
    },
  })
  const paymentCollection = await refetchPaymentCollection(
    req.params.id,
    req.scope,
    req.queryConfig.fields
  )
  res.status(200).json({
    payment_collection: paymentCollection as HttpTypes.StorePaymentCollection,
  })
}

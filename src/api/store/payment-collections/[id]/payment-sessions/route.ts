import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { createPaymentSessionsWorkflow } from "@zoco/plugin-kit/cart-workflows"
import { createPaymentSessionBody } from "../../middlewares"

export const openapi: RouteDocs = {
  POST: {
    summary: "Start a payment session",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Payment Collections): the same answer and errors, served by Zoco's workflow, which reads the collection with its sessions in one statement and deletes earlier sessions only when there are some. `data` is checked per provider (Zoco's Stripe and PayPal accept only `return_url` and `cancel_url`).",
    tags: ["Payment Collections"],
    security: "publishable-key",
    body: createPaymentSessionBody,
    responses: { 200: { description: "The payment collection with its sessions" } },
  },
}

type SessionBody = { provider_id: string; data?: Record<string, unknown> }

/**
 * Medusa's route, with Zoco's workflow: the session is started for the signed-in customer if
 * there is one, and the collection is answered as it is afterwards.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<SessionBody, HttpTypes.SelectParams>,
  res: MedusaResponse<HttpTypes.StorePaymentCollectionResponse>
) => {
  const { id } = req.params
  const { provider_id, data } = req.validatedBody
  await createPaymentSessionsWorkflow(req.scope).run({
    input: {
      payment_collection_id: id,
      provider_id,
      customer_id: req.auth_context?.actor_id,
      data,
    },
  })
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [paymentCollection],
  } = await query.graph({
    entity: "payment_collection",
    fields: req.queryConfig.fields,
    filters: { id },
    // Medusa's strategy: a joined read leaves out a session's `payment` when it has none, where
    // Medusa's answer shows `payment: null`.
  })
  res
    .status(200)
    .json({ payment_collection: paymentCollection as HttpTypes.StorePaymentCollection })
}

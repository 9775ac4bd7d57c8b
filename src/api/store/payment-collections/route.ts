import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HttpTypes, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  StoreCreatePaymentCollection,
  type StoreCreatePaymentCollectionType,
} from "@medusajs/medusa/api/store/payment-collections/validators"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { createPaymentCollectionForCartWorkflow } from "@zoco/plugin-kit/cart-workflows"

export const openapi: RouteDocs = {
  POST: {
    summary: "Create a cart's payment collection",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store, Payment Collections): the same body, answer and errors, served by Zoco's workflow, which reads the cart's total with its lines, shipping methods, their tax lines and adjustments in one statement. A cart that has a payment collection gets that one.",
    tags: ["Payment Collections"],
    security: "publishable-key",
    body: StoreCreatePaymentCollection,
    responses: { 200: { description: "The cart's payment collection" } },
  },
}

async function cartPaymentCollection(scope: MedusaContainer, cartId: string, fields: string[]) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart_payment_collection",
    fields: fields.map((field) => `payment_collection.${field}`),
    filters: { cart_id: cartId },
  })
  const [link] = data as { payment_collection?: HttpTypes.StorePaymentCollection }[]
  return link?.payment_collection
}

/**
 * Medusa's route, with Zoco's workflow: the cart's payment collection, created when it has none
 * (the body is validated by Medusa's middleware).
 */
export const POST = async (
  req: MedusaRequest<StoreCreatePaymentCollectionType>,
  res: MedusaResponse<HttpTypes.StorePaymentCollectionResponse>
) => {
  const { cart_id } = req.validatedBody
  const fields = req.queryConfig.fields
  let paymentCollection = await cartPaymentCollection(req.scope, cart_id, fields)
  if (!paymentCollection) {
    await createPaymentCollectionForCartWorkflow(req.scope).run({ input: { cart_id } })
    paymentCollection = await cartPaymentCollection(req.scope, cart_id, fields)
  }
  res.status(200).json({
    payment_collection: paymentCollection as HttpTypes.StorePaymentCollection,
  })
}

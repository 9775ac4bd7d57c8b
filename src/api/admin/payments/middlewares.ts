import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import {
  ContainerRegistrationKeys,
  defaultCurrencies,
  MathBN,
  MedusaError,
} from "@medusajs/framework/utils"
import { validated } from "../../validation"
import { ReconcileBody, ReconcileQuery } from "./reconciliation/validators"

type CapturedPayment = {
  id: string
  provider_id: string
  amount: number
  currency_code: string
  captures?: { amount: number }[] | null
}

/**
 * Stripe captures a card payment once and releases whatever is not captured, so a partial capture
 * would leave Medusa expecting to capture the rest later from an authorization Stripe no longer
 * holds. Such a capture is refused before Stripe is called; the merchant captures the whole
 * amount and refunds what is not owed.
 */
async function refuseStripePartialCapture(
  req: MedusaRequest<{ amount?: unknown }>,
  _res: MedusaResponse,
  next: MedusaNextFunction
) {
  try {
    const amount = req.body?.amount
    if (typeof amount !== "number") return next()
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [payment],
    } = await query.graph({
      entity: "payment",
      fields: ["id", "provider_id", "amount", "currency_code", "captures.amount"],
      filters: { id: req.params.id },
    })
    const found = payment as CapturedPayment | undefined
    if (!found?.provider_id.startsWith("pp_stripe")) return next()
    const decimals = defaultCurrencies[found.currency_code.toUpperCase()]?.decimal_digits ?? 2
    const captured = MathBN.add(0, ...(found.captures ?? []).map((c) => c.amount))
    const left = MathBN.sub(found.amount, captured).decimalPlaces(decimals, 4)
    if (MathBN.convert(amount).decimalPlaces(decimals, 4).lt(left)) {
      const code = found.currency_code.toUpperCase()
      return next(
        new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Stripe captures a card payment once and releases the rest: capture the whole ` +
            `${left.toFixed(decimals)} ${code}, then refund what is not owed. Nothing was captured.`
        )
      )
    }
    next()
  } catch (error) {
    next(error)
  }
}

export const adminPaymentMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/payments/reconciliation",
    middlewares: [validated("query", ReconcileQuery)],
  },
  {
    method: ["POST"],
    matcher: "/admin/payments/reconciliation",
    middlewares: [validated("body", ReconcileBody)],
  },
  {
    method: ["POST"],
    matcher: "/admin/payments/:id/capture",
    middlewares: [refuseStripePartialCapture],
  },
]

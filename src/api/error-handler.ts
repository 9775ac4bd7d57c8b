import {
  errorHandler,
  getHttpResponseFromError,
  type MedusaErrorHandlerFunction,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { GATEWAY_UNAVAILABLE } from "../lib/payments/errors"
import { OUT_OF_STOCK, OVERSELL_HINT } from "../modules/stock-guard/service"

/** Routes whose handlers call a payment gateway on the request's behalf. */
const GATEWAY_ROUTES = [
  /^\/store\/payment-collections\/[^/]+\/payment-sessions\/?$/,
  /^\/admin\/payments\/[^/]+\/(capture|refund)\/?$/,
  // Cancelling an order voids its payments' authorizations at the gateway.
  /^\/admin\/orders\/[^/]+\/cancel\/?$/,
  /^\/admin\/payment-collections\/[^/]+\/mark-as-paid\/?$/,
]

export const GATEWAY_FAILURE = {
  type: "payment_provider_error",
  code: GATEWAY_UNAVAILABLE,
  message:
    "The payment provider could not complete the request (it failed or did not answer in time). Try again in a moment.",
} as const

/**
 * Gateway SDKs (Stripe's among them) throw plain errors when the gateway
 * answers 5xx or times out, which Medusa reports as a bare "unknown error"
 * 500. On the routes that talk to a gateway, say what happened with a 502
 * instead; everything else keeps Medusa's handling.
 */
export function isGatewayFailure(error: unknown, path: string): boolean {
  if (providerUnavailable(error)) {
    return true
  }
  if (!GATEWAY_ROUTES.some((route) => route.test(path))) {
    return false
  }
  // Only what Medusa could not classify: validation, not-found, conflicts and
  // the provider's own MedusaErrors keep their status and message.
  return getHttpResponseFromError(error).body.type === "unknown_error"
}

/**
 * Providers that know the gateway failed say so with this error code (the PayPal plugin does);
 * such an error is a 502 on any route, cart completion included.
 */
function providerUnavailable(error: unknown): error is { message: string } {
  const e = error as { code?: unknown; message?: unknown } | null
  return e?.code === GATEWAY_FAILURE.code && typeof e.message === "string"
}

/**
 * The stock guard's refusal, identified by the hint its trigger raises (PostgreSQL's `hint`,
 * kept by the driver on the error or on an error it wraps), with the item and location of its
 * message.
 */
function oversellRefusal(error: unknown): { item: string; location: string } | undefined {
  let e = error as { hint?: unknown; message?: unknown; cause?: unknown } | null | undefined
  for (let depth = 0; e && depth < 5; depth++, e = e.cause as typeof e) {
    if (e.hint !== OVERSELL_HINT) continue
    const stock = typeof e.message === "string" ? OUT_OF_STOCK.exec(e.message) : null
    return stock ? { item: stock[1], location: stock[2] } : { item: "?", location: "?" }
  }
  return undefined
}

// MikroORM's refusal of an `order` query parameter naming no field; the field is user input.
const UNKNOWN_ORDER_FIELD = /^Trying to order by not existing property \w+\.(.*)$/s

/**
 * Errors that reach the handler from the database layer but are caused by the request, which
 * Medusa would answer with a bare 500:
 * - the stock guard's refusal, the same as Medusa's own stock check, so the same answer: 400
 *   not_allowed naming the item and location;
 * - an `order` query parameter naming a field the entity does not have: 400 invalid_data.
 * Neither answer carries SQL.
 */
export function requestCausedError(error: unknown): MedusaError | undefined {
  if (error instanceof MedusaError) return undefined
  const stock = oversellRefusal(error)
  if (stock) {
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Not enough stock available for item ${stock.item} at location ${stock.location}`
    )
  }
  const message = (error as { message?: unknown } | null)?.message
  if (typeof message !== "string") return undefined
  const order = UNKNOWN_ORDER_FIELD.exec(message)
  if (order) {
    return new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid query: cannot order by ${JSON.stringify(order[1].slice(0, 40))}`
    )
  }
  return undefined
}

const medusaErrorHandler = errorHandler()

export const zocoErrorHandler: MedusaErrorHandlerFunction = (
  error: unknown,
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) => {
  const refused = requestCausedError(error)
  if (refused) {
    return medusaErrorHandler(refused, req, res, next)
  }
  if (!isGatewayFailure(error, req.path)) {
    return medusaErrorHandler(error, req, res, next)
  }
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  logger.error(`Payment provider failure at ${req.method} ${req.path}`, error as Error)
  // The provider's own message says which gateway call failed; it never holds secrets.
  const message = providerUnavailable(error) ? error.message : GATEWAY_FAILURE.message
  res.status(502).json({ ...GATEWAY_FAILURE, message })
}

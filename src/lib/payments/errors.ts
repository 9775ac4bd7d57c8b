/**
 * The code of an error that says the payment gateway failed or did not answer: the API answers it
 * with a 502 on any route (src/api/error-handler.ts). The PayPal plugin's errors carry the same.
 */
export const GATEWAY_UNAVAILABLE = "payment_provider_unavailable"

/** An error the API answers with a 502 and its standard message. */
export function gatewayUnavailable(message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code: GATEWAY_UNAVAILABLE })
}

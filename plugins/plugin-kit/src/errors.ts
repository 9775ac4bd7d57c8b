/**
 * The code of an error that says a payment gateway failed or did not answer. Zoco's API answers
 * it with a 502 and this message on any route (the app's error handler), where Medusa would
 * answer a bare 500; payment providers give their errors this code when the gateway is at fault.
 */
export const GATEWAY_UNAVAILABLE = "payment_provider_unavailable"

/** An error the API answers with a 502 and its message. */
export function gatewayUnavailable(message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code: GATEWAY_UNAVAILABLE })
}

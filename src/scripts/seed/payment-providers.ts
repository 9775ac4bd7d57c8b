/** Medusa's built-in provider; needs no configuration, so every region gets it. */
export const SYSTEM_PAYMENT_PROVIDER_ID = "pp_system_default"

/**
 * Payment providers to enable in every region. Stripe and PayPal are only
 * registered in medusa-config when their credentials are set, so the same
 * variables decide whether the seed enables them.
 */
export function enabledPaymentProviders(env: NodeJS.ProcessEnv = process.env): string[] {
  const providers = [SYSTEM_PAYMENT_PROVIDER_ID]
  if (env.STRIPE_API_KEY) {
    providers.push("pp_stripe_stripe")
  }
  if (env.PAYPAL_CLIENT_ID) {
    providers.push("pp_paypal_paypal")
  }
  return providers
}

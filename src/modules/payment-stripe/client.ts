import type Stripe from "stripe"

/**
 * The time limit of one request to Stripe unless one is configured. The SDK's own, 80 s, kept a
 * buyer waiting minutes for a payment session when Stripe did not answer; PayPal's is 15 s too.
 */
export const STRIPE_DEFAULT_TIMEOUT_MS = 15_000

/** Where and how long Zoco's Stripe clients talk to Stripe (see `STRIPE_API_BASE`). */
export type StripeConnection = {
  /** Replaces https://api.stripe.com: a proxy, or a local stand-in such as stripe-mock. */
  apiBase?: string
  /** Time limit of one request (the SDK retries it once); 15 s by default. */
  timeoutMs?: number
}

/** The Stripe SDK's settings for a connection: Stripe's own host unless `apiBase` names another. */
export function stripeConfig({
  apiBase,
  timeoutMs = STRIPE_DEFAULT_TIMEOUT_MS,
}: StripeConnection): Stripe.StripeConfig {
  const config: Stripe.StripeConfig = {}
  if (apiBase) {
    const url = new URL(apiBase)
    const protocol = url.protocol === "http:" ? "http" : "https"
    config.protocol = protocol
    config.host = url.hostname
    config.port = Number(url.port || (protocol === "http" ? 80 : 443))
  }
  config.timeout = timeoutMs
  return config
}

/** The SDK's own setter of a client setting, which its constructor uses. */
type ConfigurableClient = { _setApiField?: (key: string, value: unknown) => void }

/**
 * Points a client made by Medusa's provider, from the key alone, at `apiBase` and bounds its
 * requests by `timeoutMs`. The client stays the one Medusa's provider made, with the SDK version
 * and API version it was built for; the SDK's constructor sets these same fields this way.
 */
export function pointStripeClient(client: Stripe, connection: StripeConnection): void {
  const config = stripeConfig(connection)
  const set = (client as unknown as ConfigurableClient)._setApiField
  if (typeof set !== "function") {
    throw new Error(
      "This version of the Stripe SDK cannot be given a time limit per request (STRIPE_TIMEOUT_SECONDS) or pointed at STRIPE_API_BASE"
    )
  }
  for (const [key, value] of Object.entries(config)) set.call(client, key, value)
}

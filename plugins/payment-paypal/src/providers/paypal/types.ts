/** Options of the PayPal payment provider, passed in `medusa-config.ts`. */
export type PayPalOptions = {
  /**
   * Client ID of the REST app in the PayPal developer dashboard (Apps & Credentials).
   * @example process.env.PAYPAL_CLIENT_ID
   */
  clientId: string
  /**
   * Secret of the same REST app. Used only to obtain OAuth2 access tokens.
   * @example process.env.PAYPAL_CLIENT_SECRET
   */
  clientSecret: string
  /**
   * Which PayPal environment the credentials belong to.
   * @default "sandbox"
   */
  environment?: "sandbox" | "live"
  /**
   * Overrides the REST base URL chosen by `environment` (for a proxy or a local fake in tests).
   * @example "http://127.0.0.1:4010"
   */
  apiBase?: string
  /**
   * `true` captures the money when the buyer completes checkout (order intent CAPTURE);
   * `false` only authorizes it and the merchant captures later from the admin.
   * @default false
   */
  capture?: boolean
  /**
   * ID of the webhook registered in the PayPal dashboard. Every webhook event is verified against
   * it with PayPal; without it, webhook events are ignored (logged as a warning).
   * @example process.env.PAYPAL_WEBHOOK_ID
   */
  webhookId?: string
  /**
   * Shop name shown to the buyer on the PayPal approval page.
   * @example "Zoco"
   */
  brandName?: string
  /**
   * What to do with an amount that has digits below the currency's minor unit, such as the
   * 64.4488 USD a 4% sales tax on 61.97 gives (Medusa does not round tax). `"half-up"` charges
   * 64.45, as Medusa's Stripe provider would, and keeps the exact amount in the session data's
   * `medusa_amount`; `"reject"` refuses the payment session with a 400 instead.
   * @default "half-up"
   */
  amountRounding?: "half-up" | "reject"
  /**
   * Origins the buyer may be sent back to after approving at PayPal (`return_url` and
   * `cancel_url` of the session data). A URL on any other origin is refused with a 400. Without
   * it any http(s) URL is accepted.
   * @example ["https://shop.example.com"]
   */
  allowedReturnOrigins?: string[]
  /**
   * Time limit of one HTTP request to PayPal, in milliseconds. A request that times out is retried
   * like a 5xx answer (with the same PayPal-Request-Id, so it can never charge twice).
   * @default 15000
   */
  timeoutMs?: number
  /**
   * How many times a request that timed out or got a 5xx answer is retried before it fails.
   * @default 2
   */
  maxRetries?: number
  /**
   * Delay before the first retry in milliseconds; it doubles on each further retry.
   * @default 250
   */
  retryBaseDelayMs?: number
}

export type PayPalIntent = "CAPTURE" | "AUTHORIZE"

export type PayPalMoney = { currency_code: string; value: string }

export type PayPalLink = { href: string; rel: string; method?: string }

export type PayPalCapture = {
  id: string
  status: string
  amount?: PayPalMoney
  custom_id?: string
  invoice_id?: string
  final_capture?: boolean
}

export type PayPalAuthorization = {
  id: string
  status: string
  amount?: PayPalMoney
  custom_id?: string
}

export type PayPalRefund = {
  id: string
  status: string
  amount?: PayPalMoney
  custom_id?: string
  links?: PayPalLink[]
}

export type PayPalPurchaseUnit = {
  reference_id?: string
  custom_id?: string
  amount: PayPalMoney
  payments?: {
    authorizations?: PayPalAuthorization[]
    captures?: PayPalCapture[]
    refunds?: PayPalRefund[]
  }
}

/** The subset of a PayPal Orders v2 order this provider reads. */
export type PayPalOrder = {
  id: string
  status: string
  intent: PayPalIntent
  purchase_units: PayPalPurchaseUnit[]
  links?: PayPalLink[]
}

/**
 * One capture or refund as kept in the Medusa payment data: `value` is what PayPal moved (a PayPal
 * string), `amount` what Medusa booked for it when that differs (sub-cent totals).
 */
export type LedgerEntry = {
  id: string
  status: string
  value: string
  amount?: string
  capture_id?: string
  /** The PayPal-Request-Id Zoco made it with; absent when it was made in PayPal's dashboard. */
  key?: string
  /** When it was recorded from PayPal's order rather than from PayPal's answer (a lost answer). */
  adopted_at?: string
}

/**
 * What the provider stores in the Medusa payment session / payment `data`. The storefront reads
 * `approval_url` to send the buyer to PayPal.
 */
export type PayPalSessionData = {
  /** PayPal order id. */
  id: string
  session_id?: string
  status: string
  intent: PayPalIntent
  currency_code: string
  /** Order amount as a PayPal `value` string. */
  value: string
  /** The exact amount Medusa asked for, present when `value` is it rounded to the minor unit. */
  medusa_amount?: string
  approval_url?: string
  authorization_id?: string
  captures?: LedgerEntry[]
  refunds?: LedgerEntry[]
}

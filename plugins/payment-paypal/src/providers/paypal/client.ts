import { MedusaError } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import { setTimeout as sleep } from "timers/promises"
import { GATEWAY_UNAVAILABLE } from "@zoco/plugin-kit/errors"

/**
 * `code` of the error thrown when PayPal answered 5xx or did not answer in time on every try, so
 * the host app can tell a gateway outage (502) from a fault of its own: the kit's, which the
 * app's error handler answers.
 */
export const PAYPAL_UNAVAILABLE = GATEWAY_UNAVAILABLE

// Plain `fetch` rather than `@paypal/paypal-server-sdk`: that SDK fixes its base URL by
// environment, so it could not be pointed at a proxy or at the local fake the tests run.

const BASE_URLS = {
  sandbox: "https://api-m.sandbox.paypal.com",
  live: "https://api-m.paypal.com",
} as const

// Renew the token this long before PayPal says it expires, so a request never leaves with a token
// that expires in flight.
const TOKEN_MARGIN_MS = 60_000

export type PayPalClientConfig = {
  clientId: string
  clientSecret: string
  environment?: "sandbox" | "live"
  apiBase?: string
  timeoutMs?: number
  maxRetries?: number
  retryBaseDelayMs?: number
}

type RequestOptions = {
  body?: unknown
  /** Raw JSON body, sent as is (webhook verification must not re-serialize the event). */
  rawBody?: string
  /** PayPal-Request-Id: PayPal answers a repeated id with the first result, without acting again. */
  requestId?: string
}

/** PayPal's error body (https://developer.paypal.com/api/rest/responses/). */
type PayPalErrorBody = {
  name?: string
  message?: string
  debug_id?: string
  details?: { issue?: string; description?: string }[]
  error?: string
  error_description?: string
}

/** An error PayPal answered with; `issue` is the first detail's code (e.g. INSTRUMENT_DECLINED). */
export class PayPalApiError extends MedusaError {
  constructor(
    type: string,
    message: string,
    readonly httpStatus: number,
    readonly issue: string | undefined,
    readonly debugId: string | undefined
  ) {
    super(type, message)
  }
}

// The PayPal issue (or error name) decides which Medusa error the caller sees: a declined card is
// the buyer's problem (422), a wrong state is a 400, anything unknown is ours (500).
const ISSUE_TYPES: Record<string, string> = {
  INSTRUMENT_DECLINED: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
  TRANSACTION_REFUSED: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
  PAYER_CANNOT_PAY: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
  AUTHORIZATION_DENIED: MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR,
  ORDER_NOT_APPROVED: MedusaError.Types.NOT_ALLOWED,
  ORDER_ALREADY_CAPTURED: MedusaError.Types.NOT_ALLOWED,
  ORDER_ALREADY_AUTHORIZED: MedusaError.Types.NOT_ALLOWED,
  AUTHORIZATION_VOIDED: MedusaError.Types.NOT_ALLOWED,
  AUTHORIZATION_EXPIRED: MedusaError.Types.NOT_ALLOWED,
  REFUND_AMOUNT_EXCEEDED: MedusaError.Types.NOT_ALLOWED,
  CAPTURE_FULLY_REFUNDED: MedusaError.Types.NOT_ALLOWED,
  UNPROCESSABLE_ENTITY: MedusaError.Types.INVALID_DATA,
  INVALID_REQUEST: MedusaError.Types.INVALID_DATA,
  RESOURCE_NOT_FOUND: MedusaError.Types.NOT_FOUND,
}

/** PayPal's token endpoint failed or answered 5xx: an outage, retried like any other call. */
class TokenUnavailable extends Error {}

export class PayPalClient {
  private readonly baseUrl: string
  private token?: { value: string; expiresAt: number }
  private tokenRequest?: Promise<string>

  constructor(
    private readonly config: PayPalClientConfig,
    private readonly logger?: Pick<Logger, "warn" | "error">
  ) {
    this.baseUrl = (config.apiBase ?? BASE_URLS[config.environment ?? "sandbox"]).replace(/\/$/, "")
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path, {})
  }

  post<T>(path: string, body: unknown, requestId: string): Promise<T> {
    return this.request<T>("POST", path, { body, requestId })
  }

  postRaw<T>(path: string, rawBody: string): Promise<T> {
    return this.request<T>("POST", path, { rawBody })
  }

  patch(path: string, body: unknown, requestId: string): Promise<unknown> {
    return this.request("PATCH", path, { body, requestId })
  }

  /** One API call, with token handling and bounded retries of 5xx answers and timeouts. */
  async request<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const maxRetries = this.config.maxRetries ?? 2
    const baseDelay = this.config.retryBaseDelayMs ?? 250
    let lastFailure = ""
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        await sleep(baseDelay * 2 ** (attempt - 1))
      }
      let response: Response
      try {
        response = await this.send(method, path, options)
      } catch (e) {
        if (e instanceof MedusaError) throw e
        // A timeout or a dropped connection leaves the outcome unknown; retrying is safe because
        // the retry carries the same PayPal-Request-Id.
        lastFailure = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
        this.logger?.warn(
          `PayPal ${method} ${path} failed (${lastFailure}), attempt ${attempt + 1}`
        )
        continue
      }
      if (response.status === 401 && this.token) {
        // The cached token was revoked or expired early: fetch a new one once, not in a loop.
        this.token = undefined
        response = await this.send(method, path, options)
      }
      if (response.status >= 500) {
        lastFailure = `HTTP ${response.status}`
        this.logger?.warn(
          `PayPal ${method} ${path} answered ${response.status}, attempt ${attempt + 1}`
        )
        continue
      }
      const text = await response.text()
      const body = text ? JSON.parse(text) : {}
      if (response.ok) {
        return body as T
      }
      throw this.toError(method, path, response.status, body as PayPalErrorBody)
    }
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `PayPal did not answer ${method} ${path} after ${maxRetries + 1} attempts (${lastFailure})`,
      PAYPAL_UNAVAILABLE
    )
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${await this.accessToken()}`,
      "Content-Type": "application/json",
      // Full representations, so every answer carries the order status, payments and links.
      Prefer: "return=representation",
    }
    if (options.requestId) {
      headers["PayPal-Request-Id"] = options.requestId
    }
    const body =
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(this.config.timeoutMs ?? 15_000),
    })
  }

  /** OAuth2 client-credentials token, cached until shortly before it expires. */
  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.expiresAt) {
      return this.token.value
    }
    // Concurrent callers share one token request instead of each fetching their own.
    this.tokenRequest ??= this.fetchToken().finally(() => {
      this.tokenRequest = undefined
    })
    return this.tokenRequest
  }

  private async fetchToken(): Promise<string> {
    const basic = Buffer.from(`${this.config.clientId}:${this.config.clientSecret}`).toString(
      "base64"
    )
    let response: Response
    try {
      response = await fetch(`${this.baseUrl}/v1/oauth2/token`, {
        method: "POST",
        headers: {
          Authorization: `Basic ${basic}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials",
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 15_000),
      })
    } catch (e) {
      throw new TokenUnavailable(
        `token request failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`
      )
    }
    if (response.status >= 500) {
      this.logger?.warn(`PayPal token request answered ${response.status}`)
      throw new TokenUnavailable(`token request answered HTTP ${response.status}`)
    }
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string
      expires_in?: number
      error_description?: string
    }
    if (!response.ok || !body.access_token) {
      this.logger?.error(`PayPal token request answered ${response.status}`)
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `PayPal refused the credentials (HTTP ${response.status}${
          body.error_description ? `: ${body.error_description}` : ""
        }); check clientId, clientSecret and environment`
      )
    }
    const lifetimeMs = (body.expires_in ?? 0) * 1000
    this.token = {
      value: body.access_token,
      expiresAt: Date.now() + Math.max(lifetimeMs - TOKEN_MARGIN_MS, 0),
    }
    return body.access_token
  }

  private toError(method: string, path: string, status: number, body: PayPalErrorBody) {
    const issue = body.details?.[0]?.issue
    const name = body.name ?? body.error
    // debug_id is what PayPal support asks for; it goes to the log, not to the buyer.
    this.logger?.warn(
      `PayPal ${method} ${path} answered ${status} ${name ?? ""} ${issue ?? ""} ` +
        `debug_id=${body.debug_id ?? "-"}`
    )
    const type =
      (issue && ISSUE_TYPES[issue]) ||
      (name && ISSUE_TYPES[name]) ||
      (status === 404 ? MedusaError.Types.NOT_FOUND : undefined) ||
      (status === 422 || status === 400 ? MedusaError.Types.INVALID_DATA : undefined) ||
      MedusaError.Types.UNEXPECTED_STATE
    const description = body.details?.[0]?.description ?? body.message ?? body.error_description
    const message = `PayPal refused the request: ${issue ?? name ?? `HTTP ${status}`}${
      description ? ` (${description})` : ""
    }`
    return new PayPalApiError(type, message, status, issue ?? name, body.debug_id)
  }
}

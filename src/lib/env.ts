import path from "path"
import { randomBytes } from "crypto"
import { z } from "@medusajs/framework/zod"
import type { MailModuleOptions } from "@zoco/notifications/modules/mail/service"
import type { EmailProviderOptions } from "@zoco/notifications/providers/email/service"

/**
 * The one place where Zoco reads its environment. Everything else
 * (medusa-config.ts, the launcher, scripts) takes a `ZocoEnv` from here, so a
 * setting has one name, one default and one validation rule.
 */

/** Secrets that ship in tutorials and starters; never acceptable in production. */
const KNOWN_DEFAULT_SECRETS = new Set([
  "supersecret",
  "secret",
  "changeme",
  "change-me",
  "jwt_secret",
  "cookie_secret",
  "something",
])

/** Minimum length of a production secret: 32 characters, i.e. >= 128 bits of hex. */
const MIN_SECRET_LENGTH = 32

const LOCAL_ORIGINS = [
  "http://localhost:8000",
  "http://localhost:9000",
  "http://localhost:5173",
  "http://127.0.0.1:8000",
  "http://127.0.0.1:9000",
].join(",")

export class ConfigError extends Error {
  constructor(
    public readonly variable: string,
    message: string
  ) {
    super(`${variable}: ${message}`)
    this.name = "ConfigError"
  }
}

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes")

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()))

/** "<requests>/<seconds>", e.g. "10/900" for ten per quarter hour; "off" disables the limit. */
const rateLimit = optionalString.pipe(
  z
    .string()
    .regex(/^(off|[1-9]\d*\/[1-9]\d*)$/, 'must be "<requests>/<seconds>" (e.g. 10/900) or "off"')
    .optional()
)

/** A scheduled job's cron expression, or "off". */
const schedule = optionalString.pipe(
  z
    .string()
    .regex(
      /^(off|\S+( \S+){4})$/,
      'must be a five-field cron expression (e.g. "*/15 * * * *") or "off"'
    )
    .optional()
)

/** The schedule a job runs on: the one given, its default, or none for "off". */
function scheduleOf(given: string | undefined, fallback: string): string | undefined {
  return given === "off" ? undefined : (given ?? fallback)
}

/** Where Medusa's caching module keeps its entries: Redis only when asked, and only with Redis. */
function cachingStore(
  given: "memory" | "redis" | undefined,
  redisUrl: string | undefined
): "memory" | "redis" {
  if (given === "redis" && !redisUrl) {
    throw new ConfigError("CACHING_STORE", "is redis, but REDIS_URL is not set.")
  }
  return given ?? "memory"
}

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test", "staging"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(9000),
  HOST: optionalString,
  MEDUSA_BACKEND_URL: optionalString.pipe(z.string().url().optional()),
  DATABASE_URL: optionalString,
  DATABASE_SSL: booleanString.optional(),
  REDIS_URL: optionalString,
  LOCK_MAX_TTL_SECONDS: z.coerce.number().int().min(5).max(3_600).optional(),
  LOCK_WAIT_SECONDS: z.coerce.number().int().min(1).max(300).optional(),
  JWT_SECRET: optionalString,
  COOKIE_SECRET: optionalString,
  COOKIE_SECURE: booleanString.optional(),
  STORE_CORS: optionalString,
  ADMIN_CORS: optionalString,
  AUTH_CORS: optionalString,
  WORKER_MODE: z.enum(["shared", "server", "worker"]).default("shared"),
  DISABLE_ADMIN: booleanString.optional(),
  RECORD_CART_COMPLETIONS: booleanString.optional(),
  ZOCO_DATA_DIR: optionalString,
  ZOCO_UPLOADS_DIR: optionalString,
  STRIPE_API_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret or restricted key (sk_… or rk_…)")
      .optional()
  ),
  STRIPE_WEBHOOK_SECRET: optionalString.pipe(
    z.string().startsWith("whsec_", "must be a webhook signing secret (whsec_…)").optional()
  ),
  STRIPE_CAPTURE: booleanString.optional(),
  STRIPE_AUTOMATIC_PAYMENT_METHODS: booleanString.optional(),
  STRIPE_API_BASE: optionalString.pipe(
    z
      .string()
      .url()
      .regex(/^https?:\/\//, "must be an http(s) URL")
      .optional()
  ),
  STRIPE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).optional(),
  PAYPAL_CLIENT_ID: optionalString,
  PAYPAL_CLIENT_SECRET: optionalString,
  PAYPAL_ENVIRONMENT: optionalString.pipe(z.enum(["sandbox", "live"]).optional()),
  PAYPAL_API_BASE: optionalString.pipe(z.string().url().optional()),
  PAYPAL_WEBHOOK_ID: optionalString,
  PAYPAL_CAPTURE: booleanString.optional(),
  PAYPAL_BRAND_NAME: optionalString,
  PAYPAL_AMOUNT_ROUNDING: optionalString.pipe(z.enum(["half-up", "reject"]).optional()),
  PAYPAL_RETURN_ORIGINS: optionalString,
  PAYPAL_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).optional(),
  PAYMENT_RECONCILE_SCHEDULE: schedule,
  PAYMENT_WEBHOOK_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  PAYMENT_WEBHOOK_RETRIES: z.coerce.number().int().min(1).max(10).default(3),
  STOCK_SWEEP_SCHEDULE: schedule,
  AUTH_RATE_LIMIT_PER_IP: rateLimit,
  AUTH_RATE_LIMIT_PER_ACCOUNT: rateLimit,
  AUTH_LOGIN_MIN_MS: z.coerce.number().int().min(0).max(10_000).default(400),
  STORE_CACHE: booleanString.optional(),
  REVIEWS_AUTO_APPROVE_VERIFIED: booleanString.optional(),
  REVIEWS_RATE_LIMIT: rateLimit,
  WEBHOOKS_ALLOWED_HOSTS: z.string().optional(),
  WEBHOOKS_ALLOW_HTTP: booleanString.optional(),
  WEBHOOKS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).optional(),
  WEBHOOKS_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3_600).optional(),
  WEBHOOKS_RETRY_MAX_SECONDS: z.coerce.number().int().min(1).max(604_800).optional(),
  WEBHOOKS_PAUSE_AFTER_HOURS: z.coerce.number().int().min(1).max(720).optional(),
  WEBHOOKS_LEASE_SECONDS: z.coerce.number().int().min(10).max(3_600).optional(),
  STORE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(65_536).default(64),
  CACHING: booleanString.optional(),
  CACHING_MAX_MB: z.coerce.number().int().min(1).max(65_536).default(64),
  CACHING_STORE: optionalString.pipe(z.enum(["memory", "redis"]).optional()),
  STORE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  STORE_CACHE_CDN_MAX_AGE: z.coerce.number().int().min(0).max(3_600).default(5),
  STORE_CACHE_KEY_TTL_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  LOG_LEVEL: optionalString,
  METRICS_TOKEN: optionalString.pipe(
    z.string().min(16, "must be at least 16 characters (openssl rand -hex 24)").optional()
  ),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: optionalString,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^/]/, "must be the collector's http(s) URL, e.g. http://collector:4318")
      .optional()
  ),
  OTEL_SERVICE_NAME: optionalString,
  READY_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_000),
  ACCESS_LOG: booleanString.optional(),
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^smtps?:\/\/[^/]/,
        "must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465"
      )
      .optional()
  ),
  MAIL_FROM: optionalString,
  MAIL_REPLY_TO: optionalString,
  MAIL_SHOP_NAME: optionalString,
  MAIL_LOGO_URL: optionalString.pipe(z.string().url().optional()),
  MAIL_LOCALE: optionalString,
  MAIL_TEMPLATES_DIR: optionalString,
  STOREFRONT_URL: optionalString.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^/]/, "must be the storefront's http(s) URL")
      .optional()
  ),
  STOREFRONT_RESET_PASSWORD_PATH: optionalString,
  STOREFRONT_ORDER_PATH: optionalString,
  STOREFRONT_GUEST_ORDER_PATH: optionalString,
  STOREFRONT_ACCOUNT_PATH: optionalString,
  ADMIN_URL: optionalString.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^/]/, "must be the dashboard's http(s) URL, with its /app")
      .optional()
  ),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_CALLBACK_URL: optionalString,
  GITHUB_CLIENT_ID: optionalString,
  GITHUB_CLIENT_SECRET: optionalString,
  GITHUB_CALLBACK_URL: optionalString,
  CUSTOMER_OIDC_ISSUER: optionalString,
  CUSTOMER_OIDC_CLIENT_ID: optionalString,
  CUSTOMER_OIDC_CLIENT_SECRET: optionalString,
  CUSTOMER_OIDC_CALLBACK_URL: optionalString,
  CUSTOMER_OIDC_NAME: optionalString,
  CUSTOMER_OIDC_EMAILS_VERIFIED: booleanString.optional(),
  CUSTOMER_AUTH_LINK_EMAIL: booleanString.optional(),
  ADMIN_OIDC_ISSUER: optionalString,
  ADMIN_OIDC_CLIENT_ID: optionalString,
  ADMIN_OIDC_CLIENT_SECRET: optionalString,
  ADMIN_OIDC_CALLBACK_URL: optionalString,
  ADMIN_OIDC_NAME: optionalString,
  ADMIN_OIDC_EMAILS_VERIFIED: booleanString.optional(),
  ADMIN_OIDC_ALLOWED_DOMAINS: optionalString,
  ADMIN_OIDC_LINK_EMAIL: booleanString.optional(),
})

export type WorkerMode = "shared" | "server" | "worker"

/** Options of Medusa's Stripe provider, present when STRIPE_API_KEY is set. */
export type StripeEnv = {
  apiKey: string
  webhookSecret: string | undefined
  /** Capture at authorization instead of from the admin later. */
  capture: boolean
  automaticPaymentMethods: boolean
  /** Replaces https://api.stripe.com (a proxy, or a local stand-in in tests). */
  apiBase?: string
  /** Time limit of one request to Stripe; Stripe's SDK waits 80 s otherwise. */
  timeoutMs?: number
}

/** Options of the PayPal provider (@zoco/payment-paypal), present when PAYPAL_CLIENT_ID is set. */
export type PayPalEnv = {
  clientId: string
  clientSecret: string
  environment: "sandbox" | "live"
  /** Replaces the REST base URL chosen by `environment` (a proxy, or a local fake in tests). */
  apiBase: string | undefined
  webhookId: string | undefined
  /** Capture when the buyer completes checkout instead of from the admin later. */
  capture: boolean
  /** Shop name on PayPal's approval page. */
  brandName: string | undefined
  /** What PayPal is charged for a total with sub-cent tax: rounded half-up, or nothing (refused). */
  amountRounding: "half-up" | "reject"
  /** Origins PayPal may send the buyer back to (the session's return and cancel URLs). */
  returnOrigins: string[]
  /** Time limit of one request to PayPal, in milliseconds (the provider's default when unset). */
  timeoutMs: number | undefined
}

/** At most `points` requests per `seconds`-long window. */
export type RateLimit = { points: number; seconds: number }

export type AuthProtection = {
  /** Every auth request from one client address; undefined when turned off. */
  perIp: RateLimit | undefined
  /** Attempts naming one account (email or identifier); undefined when turned off. */
  perAccount: RateLimit | undefined
  /**
   * Password logins answer no sooner than this, so an unknown email (answered
   * without hashing) takes as long as a wrong password.
   */
  loginMinMs: number
}

function parseRateLimit(value: string | undefined, fallback: RateLimit): RateLimit | undefined {
  if (value === "off") return undefined
  if (!value) return fallback
  const [points, seconds] = value.split("/").map(Number)
  return { points, seconds }
}

export type ZocoEnv = {
  nodeEnv: "development" | "production" | "test" | "staging"
  isProduction: boolean
  port: number
  host: string | undefined
  /** Public URL of this server, used for links to uploaded files. */
  backendUrl: string
  /**
   * The API URL compiled into the admin dashboard: MEDUSA_BACKEND_URL when set,
   * else "/" so the dashboard calls the server that serves it, on any port.
   */
  adminBackendUrl: string
  /** Unset means: no database configured (the launcher then starts an embedded one). */
  databaseUrl: string | undefined
  databaseSsl: boolean
  redisUrl: string | undefined
  /**
   * Longest a lock may be held before it lapses (LOCK_MAX_TTL_SECONDS): how long the carts a
   * crashed process was completing stay locked. Unset: the time each caller asks for (Medusa's
   * cart completion asks for two minutes).
   */
  lockMaxTtlSeconds: number | undefined
  /**
   * How long a request waits for a lock whose caller names no wait (LOCK_WAIT_SECONDS), such as
   * the per-item lock Medusa reserves stock under at checkout. Default 30 s, Medusa's wait for a
   * cart being completed; Medusa's own providers wait 5 s.
   */
  lockWaitSeconds: number
  jwtSecret: string
  cookieSecret: string
  /** Session cookies only over HTTPS. Defaults to true in production. */
  cookieSecure: boolean
  storeCors: string
  adminCors: string
  authCors: string
  workerMode: WorkerMode
  disableAdmin: boolean
  /**
   * Keep Medusa's three-day record of each cart completion (Settings → Workflows in the admin)
   * at about 1.7× the CPU per completion (RECORD_CART_COMPLETIONS). Off by default.
   */
  recordCartCompletions: boolean
  /** Where local state lives: embedded database, generated secrets, logs. */
  dataDir: string | undefined
  /**
   * Where uploaded files (product images) are kept and served from under `/static`
   * (ZOCO_UPLOADS_DIR, absolute); unset: Medusa's default, `static/` in the working directory.
   * Every process of one deployment names the same folder, so each serves every upload.
   */
  uploadsDir: string | undefined
  stripe: StripeEnv | undefined
  authProtection: AuthProtection
  paypal: PayPalEnv | undefined
  storeCache: StoreCacheEnv
  /**
   * Medusa's caching module for the reads a cart makes again and again: regions, shipping
   * options, prices, promotions (CACHING, on by default). By default in each process's memory
   * (CACHING_MAX_MB each), every invalidation shared with the other processes on the database
   * through PostgreSQL; with CACHING_STORE=redis (which needs REDIS_URL), in Redis, shared by
   * every process: a round trip per read, but one copy however many processes there are.
   */
  caching: { enabled: boolean; maxBytes: number; store: "memory" | "redis" }
  observability: ObservabilityEnv
  reviews: ReviewsEnv
  webhooks: WebhooksEnv
  mail: MailEnv
  /** Redirect sign-in methods (OpenID Connect, Google, GitHub); see `SignInEnv`. */
  signIn: SignInEnv
  /** When the payment reconciliation job runs (cron); undefined: it does not. */
  paymentReconcileSchedule: string | undefined
  /**
   * How long a gateway's webhook waits before it is handled, and how often it is tried
   * (the payment module's `webhook_delay` and `webhook_retries`; Medusa's 5 s and 3 by default).
   */
  paymentWebhooks: { delayMs: number; retries: number }
  /**
   * When stock held by reservations whose order line no longer exists is given back (cron);
   * undefined: never.
   */
  stockSweepSchedule: string | undefined
  /** OpenTelemetry traces, exported over OTLP/HTTP; unset: no tracing. */
  tracing: TracingEnv | undefined
}

/** An OAuth client of an identity provider, as the shop registered it there. */
export type OAuthClientEnv = {
  clientId: string
  clientSecret: string | undefined
  /** Where the provider may send the person back; the first is the default. */
  callbackUrls: string[]
}

/** An OpenID Connect provider for one actor. */
export type OidcEnv = OAuthClientEnv & {
  issuer: string
  /** "Sign in with <name>". */
  name: string
  /** Every email it gives is verified (a company directory without `email_verified`). */
  emailsVerified: boolean
}

/**
 * Redirect sign-in methods, wired into Medusa's auth module and `@zoco/auth-oidc` by
 * `src/lib/modules.ts`. Each is off until its client id is set.
 */
export type SignInEnv = {
  /** Customers sign in with Google (GOOGLE_*). */
  google: OAuthClientEnv | undefined
  /** Customers sign in with GitHub (GITHUB_*). */
  github: OAuthClientEnv | undefined
  /** Customers sign in with an OpenID Connect provider (CUSTOMER_OIDC_*), as provider `oidc`. */
  customerOidc: OidcEnv | undefined
  /** A first Google or OpenID Connect sign-in with a verified email reaches that customer's account. */
  customerLinkEmail: boolean
  /** Admin users sign in with an OpenID Connect provider (ADMIN_OIDC_*), as provider `oidc-admin`. */
  adminOidc: (OidcEnv & { allowedDomains: string[]; linkEmail: boolean }) | undefined
}

export type TracingEnv = {
  /** OTLP/HTTP base URL of the collector; traces go to `<endpoint>/v1/traces`. */
  endpoint: string
  serviceName: string
}

/** Options of @zoco/observability: request ids, access lines, /metrics and /ready. */
export type ObservabilityEnv = {
  /** Bearer token for /metrics; unset, /metrics answers 404. */
  metricsToken: string | undefined
  /** A port of its own serving /metrics without a token (the only way to read a worker's). */
  metricsPort: number | undefined
  metricsHost: string
  readyTimeoutMs: number
  accessLog: boolean
}

/**
 * Transactional mail (@zoco/notifications): the `email` channel's provider, and the outbox module
 * with the shop details and links the mails carry.
 */
export type MailEnv = {
  provider: EmailProviderOptions
  outbox: MailModuleOptions
}

/** Options of outgoing webhooks (@zoco/webhooks). */
export type WebhooksEnv = {
  /** Hosts webhooks may reach although they resolve to private addresses. */
  allowedHosts: string[]
  /** Accept http:// endpoint URLs (never in production). */
  allowHttp: boolean
  /** Attempts and waits of failed deliveries; unset parts keep the plugin's defaults. */
  retry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number }
  /** An endpoint failing for this long is paused. */
  pauseAfterMs?: number
  /** How long a worker holds a delivery it is sending. */
  leaseMs?: number
}

/** Options of product reviews (@zoco/product-reviews). */
export type ReviewsEnv = {
  /** Publish reviews by verified buyers without moderation. */
  autoApproveVerified: boolean
  /** Reviews one customer may post per period; undefined when turned off. */
  rateLimit: RateLimit | undefined
}

/** Options of the Store API cache (@zoco/store-cache); it uses Redis when REDIS_URL is set. */
export type StoreCacheEnv = {
  enabled: boolean
  maxBytes: number
  ttlSeconds: number
  cdnMaxAgeSeconds: number
  /** How long each process trusts a publishable key it checked; 0: check every request. */
  publishableKeyTtlSeconds: number
}

function formatZodIssue(issue: z.ZodIssue): ConfigError {
  const variable = String(issue.path[0] ?? "environment")
  return new ConfigError(variable, issue.message)
}

function checkSecret(name: string, value: string | undefined): string {
  if (!value) {
    throw new ConfigError(
      name,
      "is required in production. Generate one with `openssl rand -hex 32`."
    )
  }
  if (KNOWN_DEFAULT_SECRETS.has(value.toLowerCase())) {
    throw new ConfigError(name, "is a well-known default value and must not be used in production.")
  }
  if (value.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      name,
      `must be at least ${MIN_SECRET_LENGTH} characters long in production.`
    )
  }
  return value
}

function checkOrigins(name: string, value: string, production: boolean): string {
  const origins = value
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean)
  if (production && origins.some((o) => o === "*" || o.includes("*"))) {
    throw new ConfigError(
      name,
      "must list exact origins in production; '*' would let any site call the API with the user's credentials."
    )
  }
  return origins.join(",")
}

/**
 * Parses and validates an environment. Pure: it reads only `source` and
 * throws a `ConfigError` naming the variable at fault.
 *
 * Outside production, missing secrets are filled by `fallbackSecrets` (the
 * launcher persists them under the data dir so logins survive restarts).
 */
export function parseEnv(
  source: NodeJS.ProcessEnv,
  fallbackSecrets?: () => { jwtSecret: string; cookieSecret: string } | undefined
): ZocoEnv {
  const parsed = schema.safeParse(source)
  if (!parsed.success) {
    throw formatZodIssue(parsed.error.issues[0])
  }
  const v = parsed.data
  const isProduction = v.NODE_ENV === "production"

  let jwtSecret = v.JWT_SECRET
  let cookieSecret = v.COOKIE_SECRET
  if (isProduction) {
    jwtSecret = checkSecret("JWT_SECRET", jwtSecret)
    cookieSecret = checkSecret("COOKIE_SECRET", cookieSecret)
  } else if (!jwtSecret || !cookieSecret) {
    const fallback = fallbackSecrets?.() ?? ephemeralSecrets()
    jwtSecret ??= fallback.jwtSecret
    cookieSecret ??= fallback.cookieSecret
  }

  const backendUrl = (v.MEDUSA_BACKEND_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, "")

  return {
    nodeEnv: v.NODE_ENV,
    isProduction,
    port: v.PORT,
    host: v.HOST,
    backendUrl,
    adminBackendUrl: v.MEDUSA_BACKEND_URL ? backendUrl : "/",
    databaseUrl: v.DATABASE_URL,
    databaseSsl: v.DATABASE_SSL ?? false,
    redisUrl: v.REDIS_URL,
    lockMaxTtlSeconds: v.LOCK_MAX_TTL_SECONDS,
    lockWaitSeconds: v.LOCK_WAIT_SECONDS ?? 30,
    jwtSecret: jwtSecret as string,
    cookieSecret: cookieSecret as string,
    cookieSecure: v.COOKIE_SECURE ?? isProduction,
    storeCors: checkOrigins("STORE_CORS", v.STORE_CORS ?? LOCAL_ORIGINS, isProduction),
    adminCors: checkOrigins("ADMIN_CORS", v.ADMIN_CORS ?? LOCAL_ORIGINS, isProduction),
    authCors: checkOrigins("AUTH_CORS", v.AUTH_CORS ?? LOCAL_ORIGINS, isProduction),
    workerMode: v.WORKER_MODE,
    disableAdmin: v.DISABLE_ADMIN ?? false,
    recordCartCompletions: v.RECORD_CART_COMPLETIONS ?? false,
    dataDir: v.ZOCO_DATA_DIR,
    uploadsDir: v.ZOCO_UPLOADS_DIR ? path.resolve(v.ZOCO_UPLOADS_DIR) : undefined,
    stripe: stripeEnv(v, isProduction),
    authProtection: {
      perIp: parseRateLimit(v.AUTH_RATE_LIMIT_PER_IP, { points: 60, seconds: 60 }),
      perAccount: parseRateLimit(v.AUTH_RATE_LIMIT_PER_ACCOUNT, { points: 10, seconds: 900 }),
      loginMinMs: v.AUTH_LOGIN_MIN_MS,
    },
    paypal: paypalEnv(v, isProduction, v.STORE_CORS ?? LOCAL_ORIGINS),
    storeCache: {
      enabled: v.STORE_CACHE ?? true,
      maxBytes: v.STORE_CACHE_MAX_MB * 1024 * 1024,
      ttlSeconds: v.STORE_CACHE_TTL_SECONDS,
      cdnMaxAgeSeconds: v.STORE_CACHE_CDN_MAX_AGE,
      publishableKeyTtlSeconds: v.STORE_CACHE_KEY_TTL_SECONDS,
    },
    caching: {
      enabled: v.CACHING ?? true,
      maxBytes: v.CACHING_MAX_MB * 1024 * 1024,
      store: cachingStore(v.CACHING_STORE, v.REDIS_URL),
    },
    webhooks: webhooksEnv(v, isProduction),
    mail: mailEnv(v, isProduction, backendUrl),
    signIn: signInEnv(v, isProduction, backendUrl),
    paymentReconcileSchedule: scheduleOf(v.PAYMENT_RECONCILE_SCHEDULE, "*/15 * * * *"),
    paymentWebhooks: { delayMs: v.PAYMENT_WEBHOOK_DELAY_MS, retries: v.PAYMENT_WEBHOOK_RETRIES },
    stockSweepSchedule: scheduleOf(v.STOCK_SWEEP_SCHEDULE, "*/10 * * * *"),
    reviews: {
      autoApproveVerified: v.REVIEWS_AUTO_APPROVE_VERIFIED ?? false,
      rateLimit: parseRateLimit(v.REVIEWS_RATE_LIMIT, { points: 5, seconds: 3600 }),
    },
    tracing: v.OTEL_EXPORTER_OTLP_ENDPOINT
      ? {
          endpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, ""),
          serviceName: v.OTEL_SERVICE_NAME ?? "zoco",
        }
      : undefined,
    observability: {
      metricsToken: v.METRICS_TOKEN,
      metricsPort: v.METRICS_PORT,
      metricsHost: v.METRICS_HOST ?? "127.0.0.1",
      readyTimeoutMs: v.READY_TIMEOUT_MS,
      accessLog: v.ACCESS_LOG ?? true,
    },
  }
}

/** Comma-separated callback URLs, each absolute; https in production (but for localhost). */
function callbackUrls(name: string, value: string, production: boolean): string[] {
  const urls = value
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean)
  for (const url of urls) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new ConfigError(name, `is not a URL: ${url}`)
    }
    const local = ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname)
    if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && (!production || local))) {
      throw new ConfigError(name, `must use https in production: ${url}`)
    }
  }
  if (urls.length === 0) throw new ConfigError(name, "names no URL.")
  return urls
}

function oauthClient(
  v: z.infer<typeof schema>,
  prefix: "GOOGLE" | "GITHUB" | "CUSTOMER_OIDC" | "ADMIN_OIDC",
  production: boolean,
  options: { secretRequired: boolean; defaultCallback?: string }
): OAuthClientEnv | undefined {
  const id = v[`${prefix}_CLIENT_ID`]
  const secret = v[`${prefix}_CLIENT_SECRET`]
  const callback = v[`${prefix}_CALLBACK_URL`] ?? options.defaultCallback
  if (!id) {
    if (secret)
      throw new ConfigError(
        `${prefix}_CLIENT_ID`,
        `is required when ${prefix}_CLIENT_SECRET is set.`
      )
    return undefined
  }
  if (options.secretRequired && !secret) {
    throw new ConfigError(`${prefix}_CLIENT_SECRET`, `is required when ${prefix}_CLIENT_ID is set.`)
  }
  if (!callback) {
    throw new ConfigError(
      `${prefix}_CALLBACK_URL`,
      `is required when ${prefix}_CLIENT_ID is set: the storefront page the provider sends people back to.`
    )
  }
  return {
    clientId: id,
    clientSecret: secret,
    callbackUrls: callbackUrls(`${prefix}_CALLBACK_URL`, callback, production),
  }
}

function oidc(
  v: z.infer<typeof schema>,
  prefix: "CUSTOMER_OIDC" | "ADMIN_OIDC",
  production: boolean,
  defaultCallback?: string
): OidcEnv | undefined {
  const client = oauthClient(v, prefix, production, { secretRequired: false, defaultCallback })
  const issuer = v[`${prefix}_ISSUER`]
  if (!client) {
    if (issuer)
      throw new ConfigError(`${prefix}_CLIENT_ID`, `is required when ${prefix}_ISSUER is set.`)
    return undefined
  }
  if (!issuer)
    throw new ConfigError(`${prefix}_ISSUER`, `is required when ${prefix}_CLIENT_ID is set.`)
  // Medusa's provider refuses the same when its module loads, with a stack and no variable name.
  let url: URL
  try {
    url = new URL(issuer)
  } catch {
    throw new ConfigError(`${prefix}_ISSUER`, `is not a URL: ${issuer}`)
  }
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local && !production)) {
    throw new ConfigError(
      `${prefix}_ISSUER`,
      `must use https (plain http only for localhost outside production): ${issuer}`
    )
  }
  return {
    ...client,
    issuer,
    name: v[`${prefix}_NAME`] ?? "OpenID Connect",
    emailsVerified: v[`${prefix}_EMAILS_VERIFIED`] ?? false,
  }
}

function signInEnv(v: z.infer<typeof schema>, production: boolean, backendUrl: string): SignInEnv {
  // The dashboard finishes its own sign-ins on its login page (`@zoco/auth-oidc`'s widget).
  const dashboard = (v.ADMIN_URL ?? `${backendUrl}/app`).replace(/\/+$/, "")
  const admin = oidc(v, "ADMIN_OIDC", production, `${dashboard}/login`)
  return {
    google: oauthClient(v, "GOOGLE", production, { secretRequired: true }),
    github: oauthClient(v, "GITHUB", production, { secretRequired: true }),
    customerOidc: oidc(v, "CUSTOMER_OIDC", production),
    customerLinkEmail: v.CUSTOMER_AUTH_LINK_EMAIL ?? false,
    adminOidc: admin && {
      ...admin,
      allowedDomains: (v.ADMIN_OIDC_ALLOWED_DOMAINS ?? "")
        .split(",")
        .map((d) => d.trim().toLowerCase())
        .filter(Boolean),
      linkEmail: v.ADMIN_OIDC_LINK_EMAIL ?? true,
    },
  }
}

function mailEnv(v: z.infer<typeof schema>, production: boolean, backendUrl: string): MailEnv {
  if (production && v.SMTP_URL && !v.MAIL_FROM) {
    throw new ConfigError(
      "MAIL_FROM",
      'is required when SMTP_URL is set in production: the address mails come from, e.g. "Shop <shop@example.com>".'
    )
  }
  const locale = v.MAIL_LOCALE ?? "en-US"
  try {
    new Intl.NumberFormat(locale)
  } catch {
    throw new ConfigError("MAIL_LOCALE", `is not a locale: ${locale} (e.g. en-US, de-DE, ja-JP).`)
  }
  const templatesDir = v.MAIL_TEMPLATES_DIR ? path.resolve(v.MAIL_TEMPLATES_DIR) : undefined
  return {
    outbox: {
      templatesDir,
      storefrontUrl: v.STOREFRONT_URL,
      adminUrl: v.ADMIN_URL ?? `${backendUrl}/app`,
      paths: {
        resetPassword: v.STOREFRONT_RESET_PASSWORD_PATH,
        order: v.STOREFRONT_ORDER_PATH,
        guestOrder: v.STOREFRONT_GUEST_ORDER_PATH,
        account: v.STOREFRONT_ACCOUNT_PATH,
      },
      shopName: v.MAIL_SHOP_NAME,
      logoUrl: v.MAIL_LOGO_URL,
      locale,
    },
    provider: {
      smtpUrl: v.SMTP_URL,
      from: v.MAIL_FROM ?? "Zoco <no-reply@zoco.local>",
      replyTo: v.MAIL_REPLY_TO,
      templatesDir,
      locale,
    },
  }
}

function webhooksEnv(v: z.infer<typeof schema>, production: boolean): WebhooksEnv {
  if (production && v.WEBHOOKS_ALLOW_HTTP) {
    // Payloads carry customers' names, addresses and orders.
    throw new ConfigError("WEBHOOKS_ALLOW_HTTP", "must not be true in production.")
  }
  const base = v.WEBHOOKS_RETRY_BASE_SECONDS
  const max = v.WEBHOOKS_RETRY_MAX_SECONDS
  if (max !== undefined && max < (base ?? 30)) {
    throw new ConfigError(
      "WEBHOOKS_RETRY_MAX_SECONDS",
      `must not be below the first wait (WEBHOOKS_RETRY_BASE_SECONDS, ${base ?? 30} s).`
    )
  }
  const retry = {
    ...(v.WEBHOOKS_MAX_ATTEMPTS !== undefined && { maxAttempts: v.WEBHOOKS_MAX_ATTEMPTS }),
    ...(base !== undefined && { baseDelayMs: base * 1000 }),
    ...(max !== undefined && { maxDelayMs: max * 1000 }),
  }
  return {
    allowedHosts: (v.WEBHOOKS_ALLOWED_HOSTS ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean),
    allowHttp: v.WEBHOOKS_ALLOW_HTTP ?? false,
    ...(Object.keys(retry).length && { retry }),
    ...(v.WEBHOOKS_PAUSE_AFTER_HOURS !== undefined && {
      pauseAfterMs: v.WEBHOOKS_PAUSE_AFTER_HOURS * 3_600_000,
    }),
    ...(v.WEBHOOKS_LEASE_SECONDS !== undefined && { leaseMs: v.WEBHOOKS_LEASE_SECONDS * 1000 }),
  }
}

function stripeEnv(v: z.infer<typeof schema>, production: boolean): StripeEnv | undefined {
  if (!v.STRIPE_API_KEY) {
    if (v.STRIPE_WEBHOOK_SECRET) {
      throw new ConfigError("STRIPE_API_KEY", "is required when STRIPE_WEBHOOK_SECRET is set.")
    }
    return undefined
  }
  if (production && !v.STRIPE_WEBHOOK_SECRET) {
    // Without it Stripe's webhooks cannot be verified, and payments that
    // complete asynchronously would leave orders pending forever.
    throw new ConfigError(
      "STRIPE_WEBHOOK_SECRET",
      "is required in production when Stripe is enabled."
    )
  }
  if (production && v.STRIPE_API_KEY.includes("_test_")) {
    console.warn("STRIPE_API_KEY is a test-mode key: no real money moves.")
  }
  return {
    apiKey: v.STRIPE_API_KEY,
    webhookSecret: v.STRIPE_WEBHOOK_SECRET,
    capture: v.STRIPE_CAPTURE ?? false,
    automaticPaymentMethods: v.STRIPE_AUTOMATIC_PAYMENT_METHODS ?? false,
    ...(v.STRIPE_API_BASE ? { apiBase: v.STRIPE_API_BASE } : {}),
    ...(v.STRIPE_TIMEOUT_SECONDS ? { timeoutMs: v.STRIPE_TIMEOUT_SECONDS * 1000 } : {}),
  }
}

/** The exact http(s) origins of a comma-separated list; patterns and wildcards are left out. */
function exactOrigins(list: string): string[] {
  return list
    .split(",")
    .map((o) => o.trim())
    .filter((o) => /^https?:\/\/[^/*\s]+$/.test(o))
}

function paypalEnv(
  v: z.infer<typeof schema>,
  production: boolean,
  storeCors: string
): PayPalEnv | undefined {
  if (!v.PAYPAL_CLIENT_ID || !v.PAYPAL_CLIENT_SECRET) {
    // The two belong together: one without the other is a half-done setup, not "PayPal off".
    if (v.PAYPAL_CLIENT_ID) {
      throw new ConfigError("PAYPAL_CLIENT_SECRET", "is required when PAYPAL_CLIENT_ID is set.")
    }
    if (v.PAYPAL_CLIENT_SECRET) {
      throw new ConfigError("PAYPAL_CLIENT_ID", "is required when PAYPAL_CLIENT_SECRET is set.")
    }
    if (v.PAYPAL_WEBHOOK_ID) {
      throw new ConfigError("PAYPAL_CLIENT_ID", "is required when PAYPAL_WEBHOOK_ID is set.")
    }
    return undefined
  }
  if (production && !v.PAYPAL_WEBHOOK_ID) {
    // PayPal's webhooks are verified against this id; without it they are all ignored, and a
    // buyer who approves but never comes back to the shop would never get an order.
    throw new ConfigError("PAYPAL_WEBHOOK_ID", "is required in production when PayPal is enabled.")
  }
  const environment = v.PAYPAL_ENVIRONMENT ?? "sandbox"
  if (production && environment === "sandbox") {
    console.warn("PAYPAL_ENVIRONMENT is sandbox: no real money moves.")
  }
  return {
    clientId: v.PAYPAL_CLIENT_ID,
    clientSecret: v.PAYPAL_CLIENT_SECRET,
    environment,
    apiBase: v.PAYPAL_API_BASE,
    webhookId: v.PAYPAL_WEBHOOK_ID,
    capture: v.PAYPAL_CAPTURE ?? false,
    brandName: v.PAYPAL_BRAND_NAME,
    amountRounding: v.PAYPAL_AMOUNT_ROUNDING ?? "half-up",
    returnOrigins: returnOrigins(v.PAYPAL_RETURN_ORIGINS, storeCors),
    timeoutMs: v.PAYPAL_TIMEOUT_SECONDS === undefined ? undefined : v.PAYPAL_TIMEOUT_SECONDS * 1000,
  }
}

function returnOrigins(explicit: string | undefined, storeCors: string): string[] {
  if (explicit === undefined) return exactOrigins(storeCors)
  const origins = explicit.split(",").map((o) => o.trim())
  const bad = origins.find((o) => !/^https?:\/\/[^/*\s]+$/.test(o))
  if (bad !== undefined) {
    throw new ConfigError(
      "PAYPAL_RETURN_ORIGINS",
      `must list origins such as https://shop.example.com (scheme and host, no path); got "${bad}".`
    )
  }
  return origins
}

/** Random per-process secrets, for tests and one-off commands. */
export function ephemeralSecrets(): { jwtSecret: string; cookieSecret: string } {
  return {
    jwtSecret: randomBytes(32).toString("hex"),
    cookieSecret: randomBytes(32).toString("hex"),
  }
}

/**
 * What the launcher (`npm start`) tells the processes it starts, as opposed to what a user
 * configures: what a first start asks of `src/scripts/setup.ts` (ZOCO_SETUP_*), where the seed
 * catalogue is (SEED_DATA_DIR: a built server runs from `.medusa/server`, without `data/`), and
 * whether the launcher has already said that Redis is not configured (ZOCO_QUIET_REDIS_WARNING).
 */
export function launcherRequest(source: NodeJS.ProcessEnv = process.env) {
  const email = source.ZOCO_SETUP_ADMIN_EMAIL
  const password = source.ZOCO_SETUP_ADMIN_PASSWORD
  return {
    seed: source.ZOCO_SETUP_SEED === "1",
    admin: email && password ? { email, password } : undefined,
    seedDataDir: path.resolve(source.SEED_DATA_DIR || path.join(process.cwd(), "data")),
    redisWarningGiven: Boolean(source.ZOCO_QUIET_REDIS_WARNING),
  }
}

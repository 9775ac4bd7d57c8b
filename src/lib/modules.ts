import type { InputConfig } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { githubSignIn, googleSignIn, oidcSignIn, type SignIn } from "@zoco/auth-oidc/providers"
import type { ZocoEnv } from "./env"
import type { LockLimits } from "./lock-limits"

export type ModuleList = Extract<NonNullable<InputConfig["modules"]>, unknown[]>
export type PluginList = NonNullable<InputConfig["plugins"]>

/**
 * Redirect sign-in methods from the environment: Medusa's own providers (`auth-oidc`,
 * `auth-google`, `auth-github`) for the auth module, and `@zoco/auth-oidc` for what Medusa leaves
 * to the app (callback allowlist, linking by verified email, the dashboard's SSO button).
 */
export function signIn(env: Pick<ZocoEnv, "signIn">): SignIn[] {
  const { google, github, customerOidc, customerLinkEmail, adminOidc } = env.signIn
  const methods: SignIn[] = []
  if (customerOidc) {
    methods.push(
      oidcSignIn({
        ...customerOidc,
        id: "oidc",
        actor: "customer",
        linkVerifiedEmail: customerLinkEmail,
      })
    )
  }
  if (google) {
    methods.push(
      googleSignIn({ ...google, actor: "customer", linkVerifiedEmail: customerLinkEmail })
    )
  }
  if (github) methods.push(githubSignIn({ ...github, actor: "customer" }))
  if (adminOidc) {
    methods.push(
      oidcSignIn({
        ...adminOidc,
        id: "oidc-admin",
        actor: "user",
        allowedEmailDomains: adminOidc.allowedDomains,
        linkVerifiedEmail: adminOidc.linkEmail,
      })
    )
  }
  return methods
}

/**
 * `@zoco/auth-oidc` with the configured methods, also when there are none: the dashboard is built
 * once, with the plugin's login-page widget in it, and the widget shows what the server lists.
 */
export function signInPlugins(env: Pick<ZocoEnv, "signIn">): PluginList {
  const methods = signIn(env).map((s) => s.method)
  return [{ resolve: "@zoco/auth-oidc", options: { methods } }]
}

/**
 * Medusa's auth module with email and password and every configured redirect method. Under
 * `NODE_ENV=test` passwords are hashed at a low scrypt cost: a test run signs in and registers
 * hundreds of times, and each hash at Medusa's cost (logN 15) takes 0.15 s of CPU or more. A
 * hash carries its own cost, so verifying works whichever cost made it; every other environment
 * keeps Medusa's.
 */
export function authModule(env: Pick<ZocoEnv, "nodeEnv" | "signIn">): ModuleList {
  const redirects = signIn(env).map((s) => s.provider)
  // Several methods may share one provider (Google for customers and for admin users).
  const providers = redirects.filter((p, i) => redirects.findIndex((q) => q.id === p.id) === i)
  if (env.nodeEnv !== "test" && providers.length === 0) return []
  return [
    {
      resolve: "@medusajs/medusa/auth",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/auth-emailpass",
            id: "emailpass",
            options: env.nodeEnv === "test" ? { hashConfig: { logN: 8, r: 8, p: 1 } } : {},
          },
          ...providers,
        ],
      },
    },
  ]
}

/**
 * The sign-in methods of each actor, Medusa's `http.authMethodsPerActor`: with the list set,
 * Medusa's own route middleware refuses a provider that is not configured (400, "The actor type
 * customer is not allowed to use the auth provider x") before the auth module is asked for it,
 * which logged an error with a stack for every such request anyone sent.
 */
export function authMethodsPerActor(
  env: Pick<ZocoEnv, "signIn">
): Record<"user" | "customer", string[]> {
  const methods = signIn(env).map((s) => s.method)
  const of = (actor: "user" | "customer") => [
    "emailpass",
    ...methods.filter((m) => m.actor === actor).map((m) => m.id),
  ]
  return { user: of("user"), customer: of("customer") }
}

/**
 * Uploaded files (product images) on local disk, served under /static: from the uploads folder
 * when one is named (`src/api/static-uploads.ts`), else from Medusa's own `static/`.
 */
export function fileModule(env: Pick<ZocoEnv, "backendUrl" | "uploadsDir">): ModuleList {
  return [
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: {
              backend_url: `${env.backendUrl}/static`,
              // Both in one folder, as Medusa's default keeps them.
              ...(env.uploadsDir
                ? { upload_dir: env.uploadsDir, private_upload_dir: env.uploadsDir }
                : {}),
            },
          },
        ],
      },
    },
  ]
}

/**
 * Integrity guards of Zoco's own: the stock guard refuses, in PostgreSQL, reservations that would
 * hold more than is stocked (two cart lines on one inventory item, Medusa #16569).
 */
export function integrityModules(): ModuleList {
  return [{ resolve: "./src/modules/stock-guard" }]
}

/**
 * The Store API cache plugin: its middlewares and subscribers (the plugin) and its storage (the
 * module), shared through Redis when REDIS_URL is set.
 */
export function storeCache(env: Pick<ZocoEnv, "storeCache" | "redisUrl">): {
  plugins: NonNullable<InputConfig["plugins"]>
  modules: ModuleList
} {
  return {
    plugins: [{ resolve: "@zoco/store-cache", options: {} }],
    modules: [
      {
        resolve: "@zoco/store-cache/modules/store-cache",
        options: { ...env.storeCache, redisUrl: env.redisUrl },
      },
    ],
  }
}

/**
 * Version of the routes Zoco adds, sent as `x-zoco-api-version` and in /docs/openapi.json. A
 * breaking change to a route ships under a new path instead; the old one is marked deprecated.
 */
export const ZOCO_API_VERSION = "1"

/**
 * Observability plugin: request ids and access lines (its middlewares), placed-order counts (its
 * subscriber), and the metrics registry and readiness checks behind /metrics and /ready (the
 * module), which checks the Redis Medusa uses when there is one. The payment module is handed to
 * it so payment failures are counted by provider.
 */
export function observability(env: Pick<ZocoEnv, "observability" | "redisUrl">): {
  plugins: NonNullable<InputConfig["plugins"]>
  modules: ModuleList
} {
  return {
    plugins: [{ resolve: "@zoco/observability", options: {} }],
    modules: [
      {
        resolve: "@zoco/observability/modules/observability",
        options: { ...env.observability, redisUrl: env.redisUrl, apiVersion: ZOCO_API_VERSION },
        dependencies: [Modules.PAYMENT],
      },
    ],
  }
}

/**
 * Product reviews: the Store and Admin routes, workflows, the merchant's notification and the
 * admin pages (the plugin), and the reviews and ratings (the module). The post rate limit is
 * shared through Redis when REDIS_URL is set.
 */
export function productReviews(env: Pick<ZocoEnv, "reviews" | "redisUrl">): {
  plugins: NonNullable<InputConfig["plugins"]>
  modules: ModuleList
} {
  return {
    plugins: [{ resolve: "@zoco/product-reviews", options: {} }],
    modules: [
      {
        resolve: "@zoco/product-reviews/modules/product-review",
        options: {
          autoApproveVerified: env.reviews.autoApproveVerified,
          rateLimit: env.reviews.rateLimit ?? false,
          redisUrl: env.redisUrl,
        },
      },
    ],
  }
}

/**
 * Outgoing webhooks: the Admin API, the subscriber that writes deliveries and the jobs that send
 * and reconcile them (the plugin), and the endpoints and deliveries (the module).
 */
export function webhooks(env: Pick<ZocoEnv, "webhooks">): {
  plugins: NonNullable<InputConfig["plugins"]>
  modules: ModuleList
} {
  return {
    plugins: [{ resolve: "@zoco/webhooks", options: {} }],
    modules: [
      {
        resolve: "@zoco/webhooks/modules/webhooks",
        options: { ...env.webhooks },
      },
    ],
  }
}

/**
 * Transactional mail: the subscribers that queue a mail per event, the retry job, the admin's
 * Mailbox page and its API (the plugin), the outbox (the mail module), and Medusa's Notification
 * module with two channels: `feed` (the dashboard's bell, Medusa's local provider, as Medusa
 * configures it by default) and `email` (Zoco's provider: SMTP, or the dev mailbox without it).
 */
export function notifications(env: Pick<ZocoEnv, "mail">): {
  plugins: NonNullable<InputConfig["plugins"]>
  modules: ModuleList
} {
  return {
    plugins: [{ resolve: "@zoco/notifications", options: {} }],
    modules: [
      { resolve: "@zoco/notifications/modules/mail", options: { ...env.mail.outbox } },
      {
        resolve: "@medusajs/medusa/notification",
        options: {
          providers: [
            {
              resolve: "@medusajs/medusa/notification-local",
              id: "local",
              options: { name: "Local Notification Provider", channels: ["feed"] },
            },
            {
              resolve: "@zoco/notifications/providers/email",
              id: "email",
              options: { ...env.mail.provider, channels: ["email"] },
            },
          ],
        },
      },
    ],
  }
}

/**
 * What a production start says when no mail can leave it; undefined when mail is sent or the
 * server is not in production (where the dev Mailbox is the point).
 */
export function mailWarning(env: Pick<ZocoEnv, "isProduction" | "mail">): string | undefined {
  if (!env.isProduction || env.mail.provider.smtpUrl) return undefined
  return "SMTP_URL is not set: no mail leaves this server (order confirmations, password resets, invitations). They are kept in the dashboard's Mailbox; set SMTP_URL to send them."
}

/** Locks that hold across every process sharing the database or Redis. */
function lockingModule(
  provider: "redis" | "postgres",
  env: Pick<ZocoEnv, "redisUrl" | "lockMaxTtlSeconds" | "lockWaitSeconds">
): ModuleList[number] {
  const limits: LockLimits = {
    maxTtlSeconds: env.lockMaxTtlSeconds,
    waitSeconds: env.lockWaitSeconds,
  }
  return {
    resolve: "@medusajs/medusa/locking",
    options: {
      providers: [
        provider === "redis"
          ? {
              // Medusa's Redis provider, with the lock lifetime bounded (see the module).
              resolve: "./src/modules/locking-redis",
              id: "locking-redis",
              is_default: true,
              options: { redisUrl: env.redisUrl, ...limits },
            }
          : {
              // Medusa's PostgreSQL provider with non-blocking waits (see the module).
              resolve: "./src/modules/locking-postgres",
              id: "locking-postgres-nonblocking",
              is_default: true,
              options: limits,
            },
      ],
    },
  }
}

/**
 * Medusa's caching module for the configuration reads of carts and checkout. On Redis, Medusa's
 * Redis provider, shared by every process. Without it, each process keeps its entries in memory
 * and every invalidation reaches the others through PostgreSQL (see the provider): Medusa's own
 * in-memory provider is cleared only by its own process's events, so a price changed through one
 * server would stay stale on another.
 */
function cachingModule(env: Pick<ZocoEnv, "redisUrl" | "caching">): ModuleList {
  if (!env.caching.enabled) return []
  // In each process's memory also with Redis: a cart step makes dozens of these reads, and each
  // one from Redis is a round trip that took back most of what the cache saves.
  const provider =
    env.caching.store === "redis" && env.redisUrl
      ? {
          resolve: "./src/modules/caching-redis",
          id: "caching-redis",
          is_default: true,
          options: { redisUrl: env.redisUrl },
        }
      : {
          resolve: "./src/modules/caching-postgres",
          id: "caching-postgres",
          is_default: true,
          options: { maxBytes: env.caching.maxBytes },
        }
  // Used only with Medusa's `caching` feature flag, which medusa-config.ts sets from the same
  // setting.
  return [{ resolve: "@medusajs/medusa/caching", options: { providers: [provider] } }]
}

/**
 * Redis-backed event bus, workflow engine, locking and caching when REDIS_URL
 * is set, so several server and worker processes share one state. Without it
 * Medusa's in-memory event bus and workflow engine apply, but locks still go
 * through PostgreSQL: Medusa's default in-memory lock only holds within one
 * process, and two servers on one database could then complete a cart twice.
 */
export function infrastructureModules(
  env: Pick<ZocoEnv, "redisUrl" | "lockMaxTtlSeconds" | "lockWaitSeconds" | "caching">
): ModuleList {
  const redisUrl = env.redisUrl
  if (!redisUrl) {
    return [lockingModule("postgres", env), ...cachingModule(env)]
  }
  return [
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
    // Medusa's cache module: among others, the auth module keeps a redirect sign-in's state and
    // PKCE verifier there between its start and its callback, which may reach another server.
    { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
    lockingModule("redis", env),
    ...cachingModule(env),
  ]
}

/**
 * The payment module with every gateway configured in the environment. Medusa's
 * system provider (`pp_system_default`, for manual payments) is always there.
 */
export function paymentModule(
  env: Pick<ZocoEnv, "stripe" | "paypal" | "paymentWebhooks">
): ModuleList {
  const providers = []
  if (env.stripe) {
    providers.push({
      // Medusa's Stripe providers, the card one extended (refunds that move money once).
      resolve: "./src/modules/payment-stripe",
      id: "stripe",
      options: {
        apiKey: env.stripe.apiKey,
        webhookSecret: env.stripe.webhookSecret,
        capture: env.stripe.capture,
        automaticPaymentMethods: env.stripe.automaticPaymentMethods,
        apiBase: env.stripe.apiBase,
        timeoutMs: env.stripe.timeoutMs,
      },
    })
  }
  if (env.paypal) {
    // A workspace plugin: Medusa loads its build output, which `npm start` and `npm test` keep
    // current (scripts/lib/build.ts).
    providers.push({
      resolve: "@zoco/payment-paypal/providers/paypal",
      id: "paypal",
      options: {
        clientId: env.paypal.clientId,
        clientSecret: env.paypal.clientSecret,
        environment: env.paypal.environment,
        apiBase: env.paypal.apiBase,
        webhookId: env.paypal.webhookId,
        capture: env.paypal.capture,
        brandName: env.paypal.brandName,
        amountRounding: env.paypal.amountRounding,
        allowedReturnOrigins: env.paypal.returnOrigins,
        ...(env.paypal.timeoutMs ? { timeoutMs: env.paypal.timeoutMs } : {}),
      },
    })
  }
  if (providers.length === 0) {
    return []
  }
  return [
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers,
        // Read by the webhook route (src/api/hooks/payment/[provider]/route.ts).
        webhook_delay: env.paymentWebhooks.delayMs,
        webhook_retries: env.paymentWebhooks.retries,
      },
    },
  ]
}

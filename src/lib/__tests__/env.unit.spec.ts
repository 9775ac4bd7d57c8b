import path from "path"
import { ConfigError, launcherRequest, parseEnv } from "../env"
import {
  infrastructureModules,
  mailWarning,
  notifications,
  observability,
  paymentModule,
  productReviews,
  storeCache,
  webhooks,
} from "../modules"

const STRONG = "a".repeat(16) + "b".repeat(16) + "c".repeat(8)

describe("parseEnv", () => {
  it("runs locally with nothing configured", () => {
    const env = parseEnv({})
    expect(env.nodeEnv).toBe("development")
    expect(env.port).toBe(9000)
    expect(env.databaseUrl).toBeUndefined()
    expect(env.redisUrl).toBeUndefined()
    expect(env.jwtSecret).toHaveLength(64)
    expect(env.cookieSecret).not.toBe(env.jwtSecret)
    expect(env.storeCors).toContain("http://localhost:8000")
    expect(env.workerMode).toBe("shared")
    expect(env.cookieSecure).toBe(false)
    // The admin bundle must work on whatever port it is served from.
    expect(env.adminBackendUrl).toBe("/")
  })

  it("uses the secrets the caller persisted when none are set", () => {
    const env = parseEnv({}, () => ({
      jwtSecret: "persisted-jwt",
      cookieSecret: "persisted-cookie",
    }))
    expect(env.jwtSecret).toBe("persisted-jwt")
    expect(env.cookieSecret).toBe("persisted-cookie")
  })

  it.each([
    [{ COOKIE_SECRET: STRONG }, "JWT_SECRET"],
    [{ JWT_SECRET: STRONG }, "COOKIE_SECRET"],
    [{ JWT_SECRET: "supersecret", COOKIE_SECRET: STRONG }, "JWT_SECRET"],
    [{ JWT_SECRET: STRONG, COOKIE_SECRET: "supersecret" }, "COOKIE_SECRET"],
    [{ JWT_SECRET: "short", COOKIE_SECRET: STRONG }, "JWT_SECRET"],
  ])("refuses production with a missing or default secret (%j)", (vars, variable) => {
    let error: unknown
    try {
      parseEnv({ NODE_ENV: "production", ...vars }, () => ({
        jwtSecret: STRONG,
        cookieSecret: STRONG,
      }))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe(variable)
    expect((error as ConfigError).message).toContain(variable)
  })

  it("compiles an explicit public URL into the admin and image links", () => {
    const env = parseEnv({ MEDUSA_BACKEND_URL: "https://api.shop.example/" })
    expect(env.backendUrl).toBe("https://api.shop.example")
    expect(env.adminBackendUrl).toBe("https://api.shop.example")
  })

  it("refuses a wildcard CORS origin in production", () => {
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        JWT_SECRET: STRONG,
        COOKIE_SECRET: STRONG,
        STORE_CORS: "*",
      })
    ).toThrow(/STORE_CORS/)
  })

  it("accepts a configured production environment, with secure cookies by default", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      JWT_SECRET: STRONG,
      COOKIE_SECRET: STRONG + "x",
      DATABASE_URL: "postgres://u:p@db:5432/shop",
      REDIS_URL: "redis://cache:6379",
      STORE_CORS: "https://shop.example.com",
      WORKER_MODE: "worker",
      PORT: "8080",
    })
    expect(env.isProduction).toBe(true)
    expect(env.cookieSecure).toBe(true)
    expect(env.port).toBe(8080)
    expect(env.backendUrl).toBe("http://localhost:8080")
    expect(env.adminBackendUrl).toBe("/")
    expect(env.storeCors).toBe("https://shop.example.com")
    expect(env.workerMode).toBe("worker")
  })

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ WORKER_MODE: "both" }, "WORKER_MODE"],
    [{ MEDUSA_BACKEND_URL: "not a url" }, "MEDUSA_BACKEND_URL"],
    [{ COOKIE_SECURE: "maybe" }, "COOKIE_SECURE"],
  ])("names the variable of a malformed value (%j)", (vars, variable) => {
    expect(() => parseEnv(vars)).toThrow(new RegExp(`^${variable}:`))
  })
})

describe("infrastructureModules", () => {
  it("keeps locks in PostgreSQL without Redis, so they hold across processes", () => {
    const env = {
      redisUrl: undefined,
      lockMaxTtlSeconds: undefined,
      lockWaitSeconds: 30,
      caching: { enabled: false, maxBytes: 1, store: "memory" as const },
    }
    expect(infrastructureModules(env)).toEqual([
      {
        resolve: "@medusajs/medusa/locking",
        options: {
          providers: [
            {
              resolve: "./src/modules/locking-postgres",
              id: "locking-postgres-nonblocking",
              is_default: true,
              options: { maxTtlSeconds: undefined, waitSeconds: 30 },
            },
          ],
        },
      },
    ])
  })

  it("bounds every lock's lifetime by LOCK_MAX_TTL_SECONDS, with Redis or without", () => {
    const env = parseEnv({ LOCK_MAX_TTL_SECONDS: "20" })
    expect(env.lockMaxTtlSeconds).toBe(20)
    for (const redisUrl of [undefined, "redis://r:6379"]) {
      const locking = JSON.stringify(infrastructureModules({ ...env, redisUrl }))
      expect(locking).toMatch(/"maxTtlSeconds":20/)
    }
    expect(parseEnv({}).lockMaxTtlSeconds).toBeUndefined()
    expect(() => parseEnv({ LOCK_MAX_TTL_SECONDS: "1" })).toThrow(/^LOCK_MAX_TTL_SECONDS:/)
  })

  it("waits LOCK_WAIT_SECONDS (30 unless set) for a lock whose caller names no wait", () => {
    expect(parseEnv({}).lockWaitSeconds).toBe(30)
    const env = parseEnv({ LOCK_WAIT_SECONDS: "12" })
    for (const redisUrl of [undefined, "redis://r:6379"]) {
      expect(JSON.stringify(infrastructureModules({ ...env, redisUrl }))).toMatch(
        /"waitSeconds":12/
      )
    }
    expect(() => parseEnv({ LOCK_WAIT_SECONDS: "0" })).toThrow(/^LOCK_WAIT_SECONDS:/)
  })

  it("runs payment reconciliation on PAYMENT_RECONCILE_SCHEDULE, quarter-hourly unless off", () => {
    expect(parseEnv({}).paymentReconcileSchedule).toBe("*/15 * * * *")
    expect(parseEnv({ PAYMENT_RECONCILE_SCHEDULE: "0 * * * *" }).paymentReconcileSchedule).toBe(
      "0 * * * *"
    )
    expect(parseEnv({ PAYMENT_RECONCILE_SCHEDULE: "off" }).paymentReconcileSchedule).toBeUndefined()
    expect(() => parseEnv({ PAYMENT_RECONCILE_SCHEDULE: "hourly" })).toThrow(
      /^PAYMENT_RECONCILE_SCHEDULE: must be a five-field cron expression/
    )
  })

  it("sweeps orphaned reservations on STOCK_SWEEP_SCHEDULE, every 10 minutes unless off", () => {
    expect(parseEnv({}).stockSweepSchedule).toBe("*/10 * * * *")
    expect(parseEnv({ STOCK_SWEEP_SCHEDULE: "0 3 * * *" }).stockSweepSchedule).toBe("0 3 * * *")
    expect(parseEnv({ STOCK_SWEEP_SCHEDULE: "off" }).stockSweepSchedule).toBeUndefined()
    expect(() => parseEnv({ STOCK_SWEEP_SCHEDULE: "nightly" })).toThrow(
      /^STOCK_SWEEP_SCHEDULE: must be a five-field cron expression/
    )
  })

  it("caches configuration reads in memory without Redis, invalidated through PostgreSQL", () => {
    const env = parseEnv({ CACHING_MAX_MB: "16" })
    expect(env.caching).toEqual({ enabled: true, maxBytes: 16 * 1024 * 1024, store: "memory" })
    const caching = infrastructureModules(env).find(
      (m) =>
        typeof m === "object" && m && "resolve" in m && m.resolve === "@medusajs/medusa/caching"
    )
    expect(caching).toEqual({
      resolve: "@medusajs/medusa/caching",
      options: {
        providers: [
          {
            resolve: "./src/modules/caching-postgres",
            id: "caching-postgres",
            is_default: true,
            options: { maxBytes: 16 * 1024 * 1024 },
          },
        ],
      },
    })
    for (const redisUrl of [undefined, "redis://r:6379"]) {
      const off = parseEnv({ CACHING: "false", ...(redisUrl ? { REDIS_URL: redisUrl } : {}) })
      expect(JSON.stringify(infrastructureModules(off))).not.toContain("/caching")
    }
    expect(() => parseEnv({ CACHING_MAX_MB: "0" })).toThrow(/^CACHING_MAX_MB:/)
  })

  it("keeps the cache in memory with Redis too, unless CACHING_STORE=redis", () => {
    const provider = (vars: NodeJS.ProcessEnv) =>
      JSON.stringify(infrastructureModules(parseEnv(vars))).match(
        /"resolve":"\.\/src\/modules\/(caching-[a-z]+)"/
      )?.[1]
    expect(provider({ REDIS_URL: "redis://r:6379" })).toBe("caching-postgres")
    expect(provider({ REDIS_URL: "redis://r:6379", CACHING_STORE: "memory" })).toBe(
      "caching-postgres"
    )
    expect(provider({ REDIS_URL: "redis://r:6379", CACHING_STORE: "redis" })).toBe("caching-redis")
    expect(() => parseEnv({ CACHING_STORE: "redis" })).toThrow(
      /^CACHING_STORE: is redis, but REDIS_URL is not set/
    )
    expect(() => parseEnv({ CACHING_STORE: "disk" })).toThrow(/^CACHING_STORE:/)
  })

  it("wires event bus, workflow engine, locking and caching to REDIS_URL", () => {
    const modules = infrastructureModules({
      redisUrl: "redis://r:6379",
      lockMaxTtlSeconds: undefined,
      lockWaitSeconds: 30,
      caching: { enabled: true, maxBytes: 1, store: "redis" },
    })
    const resolves = modules.map((m) =>
      typeof m === "object" && m && "resolve" in m ? m.resolve : m
    )
    expect(resolves).toEqual([
      "@medusajs/medusa/event-bus-redis",
      // Sign-in state (the auth module's cache) shared by every server.
      "@medusajs/medusa/cache-redis",
      "@medusajs/medusa/workflow-engine-redis",
      "@medusajs/medusa/locking",
      "@medusajs/medusa/caching",
    ])
    expect(JSON.stringify(modules)).toContain('"resolve":"./src/modules/locking-redis"')
    expect(JSON.stringify(modules)).not.toMatch(/"url"/)
    expect(JSON.stringify(modules).match(/redis:\/\/r:6379/g)).toHaveLength(5)
  })
})

describe("Stripe configuration", () => {
  it("is off without STRIPE_API_KEY, and no payment module override is registered", () => {
    const env = parseEnv({})
    expect(env.stripe).toBeUndefined()
    expect(paymentModule(env)).toEqual([])
  })

  it("registers Medusa's Stripe provider with the configured options", () => {
    const env = parseEnv({
      STRIPE_API_KEY: "sk_test_123",
      STRIPE_WEBHOOK_SECRET: "whsec_abc",
      STRIPE_CAPTURE: "true",
    })
    expect(paymentModule(env)).toEqual([
      {
        resolve: "@medusajs/medusa/payment",
        options: {
          providers: [
            {
              resolve: "./src/modules/payment-stripe",
              id: "stripe",
              options: {
                apiKey: "sk_test_123",
                webhookSecret: "whsec_abc",
                capture: true,
                automaticPaymentMethods: false,
              },
            },
          ],
          webhook_delay: 5_000,
          webhook_retries: 3,
        },
      },
    ])
  })

  it("waits PAYMENT_WEBHOOK_DELAY_MS before handling a gateway's webhook, and refuses nonsense", () => {
    const env = parseEnv({
      STRIPE_API_KEY: "sk_test_123",
      PAYMENT_WEBHOOK_DELAY_MS: "1500",
      PAYMENT_WEBHOOK_RETRIES: "5",
    })
    const [payment] = paymentModule(env) as { options: object }[]
    expect(payment.options).toMatchObject({ webhook_delay: 1_500, webhook_retries: 5 })
    expect(() => parseEnv({ PAYMENT_WEBHOOK_DELAY_MS: "-1" })).toThrow(/^PAYMENT_WEBHOOK_DELAY_MS:/)
    expect(() => parseEnv({ PAYMENT_WEBHOOK_DELAY_MS: "soon" })).toThrow(
      /^PAYMENT_WEBHOOK_DELAY_MS:/
    )
    expect(() => parseEnv({ PAYMENT_WEBHOOK_RETRIES: "0" })).toThrow(/^PAYMENT_WEBHOOK_RETRIES:/)
  })

  it("points the provider at STRIPE_API_BASE and bounds its requests by STRIPE_TIMEOUT_SECONDS", () => {
    const env = parseEnv({
      STRIPE_API_KEY: "sk_test_123",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
      STRIPE_TIMEOUT_SECONDS: "5",
    })
    expect(env.stripe).toMatchObject({ apiBase: "http://127.0.0.1:12111", timeoutMs: 5_000 })
    const [payment] = paymentModule(env) as { options: { providers: { options: object }[] } }[]
    expect(payment.options.providers[0].options).toMatchObject({
      apiBase: "http://127.0.0.1:12111",
      timeoutMs: 5_000,
    })
  })

  it.each([
    [{ STRIPE_API_KEY: "pk_test_123" }, "STRIPE_API_KEY"],
    [{ STRIPE_API_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "secret" }, "STRIPE_WEBHOOK_SECRET"],
    [{ STRIPE_WEBHOOK_SECRET: "whsec_1" }, "STRIPE_API_KEY"],
    [{ STRIPE_API_KEY: "sk_test_1", STRIPE_API_BASE: "api.stripe.com" }, "STRIPE_API_BASE"],
    [{ STRIPE_API_KEY: "sk_test_1", STRIPE_API_BASE: "ftp://stripe.test" }, "STRIPE_API_BASE"],
    [{ STRIPE_API_KEY: "sk_test_1", STRIPE_TIMEOUT_SECONDS: "0" }, "STRIPE_TIMEOUT_SECONDS"],
    [{ STRIPE_API_KEY: "sk_test_1", STRIPE_TIMEOUT_SECONDS: "soon" }, "STRIPE_TIMEOUT_SECONDS"],
  ])("names the variable of a wrong Stripe setting (%j)", (vars, variable) => {
    expect(() => parseEnv(vars)).toThrow(new RegExp(`^${variable}:`))
  })

  it("requires the webhook secret in production", () => {
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        JWT_SECRET: STRONG,
        COOKIE_SECRET: STRONG,
        STRIPE_API_KEY: "sk_live_1",
      })
    ).toThrow(/^STRIPE_WEBHOOK_SECRET:/)
  })
})

describe("PayPal configuration", () => {
  const credentials = { PAYPAL_CLIENT_ID: "client-id", PAYPAL_CLIENT_SECRET: "client-secret" }

  it("is off without credentials", () => {
    const env = parseEnv({ PAYPAL_ENVIRONMENT: "live", PAYPAL_CAPTURE: "true" })
    expect(env.paypal).toBeUndefined()
    expect(paymentModule(env)).toEqual([])
  })

  it("defaults to the sandbox, authorizing only, with no API override", () => {
    expect(parseEnv(credentials).paypal).toEqual({
      clientId: "client-id",
      clientSecret: "client-secret",
      environment: "sandbox",
      apiBase: undefined,
      webhookId: undefined,
      capture: false,
      brandName: undefined,
      amountRounding: "half-up",
      // Where PayPal may send the buyer back: the storefront origins of STORE_CORS by default.
      returnOrigins: expect.arrayContaining(["http://localhost:8000"]),
    })
  })

  it("limits PayPal's return URLs to the store's exact origins, or to the listed ones", () => {
    const fromCors = parseEnv({ ...credentials, STORE_CORS: "https://shop.test, /vercel\\.app$/" })
    expect(fromCors.paypal?.returnOrigins).toEqual(["https://shop.test"])
    const listed = parseEnv({
      ...credentials,
      PAYPAL_RETURN_ORIGINS: "https://a.test, https://b.test:8443",
    })
    expect(listed.paypal?.returnOrigins).toEqual(["https://a.test", "https://b.test:8443"])
    expect(() =>
      parseEnv({ ...credentials, PAYPAL_RETURN_ORIGINS: "https://a.test/checkout" })
    ).toThrow(/^PAYPAL_RETURN_ORIGINS: must list origins/)
  })

  it("registers the PayPal provider with every option, next to Stripe", () => {
    const env = parseEnv({
      ...credentials,
      PAYPAL_ENVIRONMENT: "live",
      PAYPAL_API_BASE: "http://127.0.0.1:4010",
      PAYPAL_WEBHOOK_ID: "WH-1",
      PAYPAL_CAPTURE: "yes",
      PAYPAL_BRAND_NAME: " Zoco Shop ",
      PAYPAL_AMOUNT_ROUNDING: "reject",
      PAYPAL_RETURN_ORIGINS: "https://shop.test",
      PAYPAL_TIMEOUT_SECONDS: "5",
      STRIPE_API_KEY: "sk_test_123",
    })
    const [payment] = paymentModule(env)
    expect(payment).toMatchObject({ resolve: "@medusajs/medusa/payment" })
    const providers = (payment as { options: { providers: { id: string }[] } }).options.providers
    expect(providers.map((p) => p.id)).toEqual(["stripe", "paypal"])
    expect(providers[1]).toEqual({
      resolve: "@zoco/payment-paypal/providers/paypal",
      id: "paypal",
      options: {
        clientId: "client-id",
        clientSecret: "client-secret",
        environment: "live",
        apiBase: "http://127.0.0.1:4010",
        webhookId: "WH-1",
        capture: true,
        brandName: "Zoco Shop",
        amountRounding: "reject",
        allowedReturnOrigins: ["https://shop.test"],
        timeoutMs: 5_000,
      },
    })
  })

  it.each([
    [{ PAYPAL_CLIENT_ID: "client-id" }, "PAYPAL_CLIENT_SECRET"],
    [{ PAYPAL_CLIENT_ID: "client-id", PAYPAL_CLIENT_SECRET: " " }, "PAYPAL_CLIENT_SECRET"],
    [{ PAYPAL_CLIENT_SECRET: "client-secret" }, "PAYPAL_CLIENT_ID"],
    [{ PAYPAL_WEBHOOK_ID: "WH-1" }, "PAYPAL_CLIENT_ID"],
    [{ ...credentials, PAYPAL_ENVIRONMENT: "production" }, "PAYPAL_ENVIRONMENT"],
    [{ ...credentials, PAYPAL_API_BASE: "api-m.paypal.com" }, "PAYPAL_API_BASE"],
    [{ ...credentials, PAYPAL_CAPTURE: "sometimes" }, "PAYPAL_CAPTURE"],
    [{ ...credentials, PAYPAL_TIMEOUT_SECONDS: "0" }, "PAYPAL_TIMEOUT_SECONDS"],
    [{ ...credentials, PAYPAL_TIMEOUT_SECONDS: "soon" }, "PAYPAL_TIMEOUT_SECONDS"],
    [{ ...credentials, PAYPAL_AMOUNT_ROUNDING: "down" }, "PAYPAL_AMOUNT_ROUNDING"],
  ])("names the variable of a wrong PayPal setting (%j)", (vars, variable) => {
    expect(() => parseEnv(vars)).toThrow(new RegExp(`^${variable}:`))
  })

  it("requires the webhook id in production, where webhooks must be verifiable", () => {
    const production = { NODE_ENV: "production", JWT_SECRET: STRONG, COOKIE_SECRET: STRONG }
    expect(() => parseEnv({ ...production, ...credentials, PAYPAL_ENVIRONMENT: "live" })).toThrow(
      /^PAYPAL_WEBHOOK_ID: is required in production/
    )
    const env = parseEnv({
      ...production,
      ...credentials,
      PAYPAL_ENVIRONMENT: "live",
      PAYPAL_WEBHOOK_ID: "WH-1",
    })
    expect(env.paypal?.webhookId).toBe("WH-1")
  })
})

describe("auth protection settings", () => {
  it("limits every address and every account by default", () => {
    expect(parseEnv({}).authProtection).toEqual({
      perIp: { points: 60, seconds: 60 },
      perAccount: { points: 10, seconds: 900 },
      loginMinMs: 400,
    })
  })

  it("reads '<requests>/<seconds>' and 'off'", () => {
    const env = parseEnv({ AUTH_RATE_LIMIT_PER_IP: "100/30", AUTH_RATE_LIMIT_PER_ACCOUNT: "off" })
    expect(env.authProtection.perIp).toEqual({ points: 100, seconds: 30 })
    expect(env.authProtection.perAccount).toBeUndefined()
  })

  it.each([
    ["AUTH_RATE_LIMIT_PER_IP", "10"],
    ["AUTH_RATE_LIMIT_PER_ACCOUNT", "0/60"],
    ["AUTH_LOGIN_MIN_MS", "-1"],
  ])("refuses %s=%s, naming the variable", (variable, value) => {
    expect(() => parseEnv({ [variable]: value })).toThrow(new RegExp(`^${variable}:`))
  })
})

describe("Store API cache settings", () => {
  it("is on by default, in process, with documented bounds", () => {
    const env = parseEnv({})
    expect(env.storeCache).toEqual({
      enabled: true,
      maxBytes: 64 * 1024 * 1024,
      ttlSeconds: 300,
      cdnMaxAgeSeconds: 5,
      publishableKeyTtlSeconds: 5,
    })
    const { plugins, modules } = storeCache(env)
    expect(plugins).toEqual([{ resolve: "@zoco/store-cache", options: {} }])
    expect(modules).toEqual([
      {
        resolve: "@zoco/store-cache/modules/store-cache",
        options: { ...env.storeCache, redisUrl: undefined },
      },
    ])
  })

  it("shares the cache through Redis and reads every setting", () => {
    const env = parseEnv({
      REDIS_URL: "redis://cache:6379",
      STORE_CACHE: "false",
      STORE_CACHE_MAX_MB: "8",
      STORE_CACHE_TTL_SECONDS: "60",
      STORE_CACHE_CDN_MAX_AGE: "0",
      STORE_CACHE_KEY_TTL_SECONDS: "0",
    })
    expect(storeCache(env).modules[0]).toMatchObject({
      options: {
        enabled: false,
        maxBytes: 8 * 1024 * 1024,
        ttlSeconds: 60,
        cdnMaxAgeSeconds: 0,
        publishableKeyTtlSeconds: 0,
        redisUrl: "redis://cache:6379",
      },
    })
  })

  it.each([
    [{ STORE_CACHE: "maybe" }, "STORE_CACHE"],
    [{ STORE_CACHE_MAX_MB: "0" }, "STORE_CACHE_MAX_MB"],
    [{ STORE_CACHE_TTL_SECONDS: "-1" }, "STORE_CACHE_TTL_SECONDS"],
    [{ STORE_CACHE_CDN_MAX_AGE: "soon" }, "STORE_CACHE_CDN_MAX_AGE"],
  ])("names the variable of a wrong setting (%j)", (vars, variable) => {
    expect(() => parseEnv(vars)).toThrow(new RegExp(`^${variable}: `))
  })
})

describe("cart completion record", () => {
  it("keeps none unless RECORD_CART_COMPLETIONS asks for Medusa's", () => {
    expect(parseEnv({}).recordCartCompletions).toBe(false)
    expect(parseEnv({ RECORD_CART_COMPLETIONS: "true" }).recordCartCompletions).toBe(true)
    expect(() => parseEnv({ RECORD_CART_COMPLETIONS: "always" })).toThrow(
      /^RECORD_CART_COMPLETIONS: /
    )
  })
})

describe("observability settings", () => {
  it("keeps /metrics off without a token, and checks the Redis Medusa uses", () => {
    const env = parseEnv({ REDIS_URL: "redis://cache:6379" })
    expect(env.observability).toEqual({
      metricsToken: undefined,
      metricsPort: undefined,
      metricsHost: "127.0.0.1",
      readyTimeoutMs: 1_000,
      accessLog: true,
    })
    const { plugins, modules } = observability(env)
    expect(plugins).toEqual([{ resolve: "@zoco/observability", options: {} }])
    expect(modules).toEqual([
      {
        resolve: "@zoco/observability/modules/observability",
        options: { ...env.observability, redisUrl: "redis://cache:6379", apiVersion: "1" },
        // Handed the payment module so it can count payment failures by provider.
        dependencies: ["payment"],
      },
    ])
  })

  it("reads every setting", () => {
    const env = parseEnv({
      METRICS_TOKEN: "0123456789abcdef0123",
      METRICS_PORT: "9464",
      METRICS_HOST: "0.0.0.0",
      READY_TIMEOUT_MS: "250",
      ACCESS_LOG: "false",
    })
    expect(env.observability).toEqual({
      metricsToken: "0123456789abcdef0123",
      metricsPort: 9464,
      metricsHost: "0.0.0.0",
      readyTimeoutMs: 250,
      accessLog: false,
    })
  })

  it.each([
    [{ METRICS_TOKEN: "short" }, "METRICS_TOKEN"],
    [{ READY_TIMEOUT_MS: "0" }, "READY_TIMEOUT_MS"],
    [{ METRICS_PORT: "99999" }, "METRICS_PORT"],
    [{ ACCESS_LOG: "sometimes" }, "ACCESS_LOG"],
  ])("names the variable of a wrong setting (%j)", (vars, variable) => {
    expect(() => parseEnv(vars)).toThrow(new RegExp(`^${variable}: `))
  })
})

describe("product review settings", () => {
  it("moderates every review and limits posts to 5 an hour by default, through Medusa's Redis", () => {
    const env = parseEnv({ REDIS_URL: "redis://cache:6379" })
    expect(env.reviews).toEqual({
      autoApproveVerified: false,
      rateLimit: { points: 5, seconds: 3600 },
    })
    const { plugins, modules } = productReviews(env)
    expect(plugins).toEqual([{ resolve: "@zoco/product-reviews", options: {} }])
    expect(modules).toEqual([
      {
        resolve: "@zoco/product-reviews/modules/product-review",
        options: {
          autoApproveVerified: false,
          rateLimit: { points: 5, seconds: 3600 },
          redisUrl: "redis://cache:6379",
        },
      },
    ])
  })

  it("reads auto-approval and the post limit, which can be turned off", () => {
    const env = parseEnv({ REVIEWS_AUTO_APPROVE_VERIFIED: "true", REVIEWS_RATE_LIMIT: "off" })
    expect(env.reviews).toEqual({ autoApproveVerified: true, rateLimit: undefined })
    expect(productReviews(env).modules[0].options).toMatchObject({ rateLimit: false })
    expect(parseEnv({ REVIEWS_RATE_LIMIT: "20/60" }).reviews.rateLimit).toEqual({
      points: 20,
      seconds: 60,
    })
    expect(() => parseEnv({ REVIEWS_RATE_LIMIT: "lots" })).toThrow(/^REVIEWS_RATE_LIMIT: /)
  })
})

describe("webhook settings", () => {
  it("guards addresses and requires https unless told otherwise", () => {
    const env = parseEnv({})
    expect(env.webhooks).toEqual({ allowedHosts: [], allowHttp: false })
    expect(webhooks(env)).toEqual({
      plugins: [{ resolve: "@zoco/webhooks", options: {} }],
      modules: [
        {
          resolve: "@zoco/webhooks/modules/webhooks",
          options: { allowedHosts: [], allowHttp: false },
        },
      ],
    })
    expect(
      parseEnv({ WEBHOOKS_ALLOWED_HOSTS: " erp.internal, 10.0.0.5 ", WEBHOOKS_ALLOW_HTTP: "true" })
        .webhooks
    ).toEqual({ allowedHosts: ["erp.internal", "10.0.0.5"], allowHttp: true })
  })

  it("passes retry, pause and lease settings to the plugin in its units, and only those set", () => {
    const env = parseEnv({
      WEBHOOKS_MAX_ATTEMPTS: "5",
      WEBHOOKS_RETRY_BASE_SECONDS: "10",
      WEBHOOKS_RETRY_MAX_SECONDS: "600",
      WEBHOOKS_PAUSE_AFTER_HOURS: "2",
      WEBHOOKS_LEASE_SECONDS: "90",
    })
    expect(webhooks(env).modules[0]).toEqual({
      resolve: "@zoco/webhooks/modules/webhooks",
      options: {
        allowedHosts: [],
        allowHttp: false,
        retry: { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 600_000 },
        pauseAfterMs: 7_200_000,
        leaseMs: 90_000,
      },
    })
    expect(parseEnv({ WEBHOOKS_MAX_ATTEMPTS: "3" }).webhooks).toStrictEqual({
      allowedHosts: [],
      allowHttp: false,
      retry: { maxAttempts: 3 },
    })
    expect(() => parseEnv({ WEBHOOKS_MAX_ATTEMPTS: "0" })).toThrow(/^WEBHOOKS_MAX_ATTEMPTS: /)
    expect(() => parseEnv({ WEBHOOKS_LEASE_SECONDS: "1" })).toThrow(/^WEBHOOKS_LEASE_SECONDS: /)
    expect(() => parseEnv({ WEBHOOKS_RETRY_MAX_SECONDS: "20" })).toThrow(
      /^WEBHOOKS_RETRY_MAX_SECONDS: must not be below the first wait/
    )
  })

  it("refuses http endpoints in production", () => {
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        JWT_SECRET: STRONG,
        COOKIE_SECRET: STRONG + "x",
        STORE_CORS: "https://shop.example",
        ADMIN_CORS: "https://admin.example",
        AUTH_CORS: "https://shop.example",
        WEBHOOKS_ALLOW_HTTP: "true",
      })
    ).toThrow(/^WEBHOOKS_ALLOW_HTTP: must not be true in production/)
  })
})

describe("mail settings", () => {
  const PRODUCTION = {
    NODE_ENV: "production",
    JWT_SECRET: STRONG,
    COOKIE_SECRET: STRONG + "x",
    STORE_CORS: "https://shop.example",
    ADMIN_CORS: "https://admin.example",
    AUTH_CORS: "https://shop.example",
  }

  it("keeps mails in the dev mailbox without SMTP_URL, with links to a local storefront and admin", () => {
    const env = parseEnv({})
    expect(env.mail.provider).toMatchObject({
      smtpUrl: undefined,
      from: "Zoco <no-reply@zoco.local>",
      locale: "en-US",
    })
    expect(env.mail.outbox).toMatchObject({
      adminUrl: "http://localhost:9000/app",
      storefrontUrl: undefined,
      locale: "en-US",
    })
    const wired = notifications(env)
    expect(wired.plugins).toEqual([{ resolve: "@zoco/notifications", options: {} }])
    // Medusa's default feed channel (the dashboard's bell) stays next to the email channel.
    expect(wired.modules[1]).toMatchObject({
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/notification-local", options: { channels: ["feed"] } },
          {
            resolve: "@zoco/notifications/providers/email",
            id: "email",
            options: { channels: ["email"], from: "Zoco <no-reply@zoco.local>" },
          },
        ],
      },
    })
  })

  it("reads the SMTP server, the sender, the links and the shop's details", () => {
    const env = parseEnv({
      SMTP_URL: "smtps://apikey:secret@smtp.example.com:465",
      MAIL_FROM: "Shop <shop@example.com>",
      MAIL_REPLY_TO: "help@example.com",
      MAIL_SHOP_NAME: "Shop",
      MAIL_LOGO_URL: "https://cdn.example.com/logo.png",
      MAIL_LOCALE: "de-DE",
      MAIL_TEMPLATES_DIR: "mail-templates",
      STOREFRONT_URL: "https://shop.example.com",
      STOREFRONT_RESET_PASSWORD_PATH: "/account/reset/{token}",
      STOREFRONT_GUEST_ORDER_PATH: "/order/{order_id}/confirmed",
      ADMIN_URL: "https://admin.example.com/app",
    })
    expect(env.mail.provider).toMatchObject({
      smtpUrl: "smtps://apikey:secret@smtp.example.com:465",
      from: "Shop <shop@example.com>",
      replyTo: "help@example.com",
      locale: "de-DE",
    })
    expect(env.mail.provider.templatesDir).toMatch(/\/mail-templates$/)
    expect(env.mail.outbox).toMatchObject({
      storefrontUrl: "https://shop.example.com",
      adminUrl: "https://admin.example.com/app",
      shopName: "Shop",
      logoUrl: "https://cdn.example.com/logo.png",
      paths: { resetPassword: "/account/reset/{token}", guestOrder: "/order/{order_id}/confirmed" },
    })
  })

  it("refuses an SMTP URL that is not one, and a locale that is not one", () => {
    expect(() => parseEnv({ SMTP_URL: "https://mail.example.com" })).toThrow(/^SMTP_URL: /)
    expect(() => parseEnv({ MAIL_LOCALE: "not a locale" })).toThrow(/^MAIL_LOCALE: /)
    expect(() => parseEnv({ STOREFRONT_URL: "shop.example.com" })).toThrow(/^STOREFRONT_URL: /)
  })

  it("warns a production start that no mail leaves it without SMTP_URL, and nobody else", () => {
    expect(mailWarning(parseEnv(PRODUCTION))).toMatch(/^SMTP_URL is not set: no mail leaves/)
    expect(
      mailWarning(parseEnv({ ...PRODUCTION, SMTP_URL: "smtp://relay:25", MAIL_FROM: "s@x.test" }))
    ).toBeUndefined()
    expect(mailWarning(parseEnv({}))).toBeUndefined()
  })

  it("requires MAIL_FROM when a production server sends through SMTP", () => {
    expect(() => parseEnv({ ...PRODUCTION, SMTP_URL: "smtp://relay.internal:25" })).toThrow(
      /^MAIL_FROM: is required when SMTP_URL is set in production/
    )
    expect(
      parseEnv({ ...PRODUCTION, SMTP_URL: "smtp://relay.internal:25", MAIL_FROM: "s@example.com" })
        .mail.provider.from
    ).toBe("s@example.com")
  })
})

describe("tracing settings", () => {
  it("traces only when an OTLP endpoint is named", () => {
    expect(parseEnv({}).tracing).toBeUndefined()
    expect(parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }).tracing).toEqual({
      endpoint: "http://collector:4318",
      serviceName: "zoco",
    })
    expect(
      parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SERVICE_NAME: "shop-eu" })
        .tracing?.serviceName
    ).toBe("shop-eu")
  })

  it("names a malformed endpoint", () => {
    expect(() => parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" })).toThrow(
      /^OTEL_EXPORTER_OTLP_ENDPOINT: /
    )
  })
})

describe("what the launcher tells the processes it starts", () => {
  it("asks for the seed and the admin only when it says so, with both email and password", () => {
    expect(launcherRequest({})).toMatchObject({ seed: false, admin: undefined })
    expect(
      launcherRequest({ ZOCO_SETUP_SEED: "1", ZOCO_SETUP_ADMIN_EMAIL: "a@b.test" })
    ).toMatchObject({ seed: true, admin: undefined })
    expect(
      launcherRequest({ ZOCO_SETUP_ADMIN_EMAIL: "a@b.test", ZOCO_SETUP_ADMIN_PASSWORD: "pw" }).admin
    ).toEqual({ email: "a@b.test", password: "pw" })
  })

  it("finds the seed catalogue in SEED_DATA_DIR, else in data/ of the working directory", () => {
    expect(launcherRequest({ SEED_DATA_DIR: "seed" }).seedDataDir).toBe(path.resolve("seed"))
    expect(launcherRequest({}).seedDataDir).toBe(path.join(process.cwd(), "data"))
    expect(launcherRequest({ ZOCO_QUIET_REDIS_WARNING: "1" }).redisWarningGiven).toBe(true)
    expect(launcherRequest({}).redisWarningGiven).toBe(false)
  })
})

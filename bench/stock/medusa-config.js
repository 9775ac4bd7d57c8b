// Stock Medusa for the benchmark: the same pinned version, database and data as Zoco, with none of
// Zoco's modules, plugins, routes or middlewares. BENCH_MEDUSA_CACHING=1 adds Medusa's own
// caching module (behind its `caching` feature flag) on Redis. BENCH_MEDUSA_REDIS=1 is Medusa's
// production setup: its Redis event bus, workflow engine, cache and locking provider.
const { defineConfig } = require("@medusajs/framework/utils")

const caching = process.env.BENCH_MEDUSA_CACHING === "1"
const redisUrl = process.env.REDIS_URL
const onRedis = process.env.BENCH_MEDUSA_REDIS === "1"

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET,
      cookieSecret: process.env.COOKIE_SECRET,
    },
  },
  admin: { disable: true },
  featureFlags: caching ? { caching: true } : {},
  modules: [
    ...(onRedis
      ? [
          { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
          { resolve: "@medusajs/medusa/cache-redis", options: { redisUrl } },
          { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
          {
            resolve: "@medusajs/medusa/locking",
            options: {
              providers: [
                {
                  resolve: "@medusajs/medusa/locking-redis",
                  id: "locking-redis",
                  is_default: true,
                  options: { redisUrl },
                },
              ],
            },
          },
        ]
      : []),
    ...(caching
      ? [
          {
            resolve: "@medusajs/medusa/caching",
            options: {
              providers: [
                {
                  resolve: "@medusajs/caching-redis",
                  id: "caching-redis",
                  is_default: true,
                  options: { redisUrl },
                },
              ],
            },
          },
        ]
      : []),
  ],
})

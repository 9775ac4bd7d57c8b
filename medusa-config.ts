import { defineConfig } from "@medusajs/framework/utils"
import type { InputConfig } from "@medusajs/framework/types"
import { loadZocoEnv } from "./src/lib/medusa-config"

const env = loadZocoEnv()

type ModuleList = NonNullable<Extract<InputConfig["modules"], unknown[]>>

/** Redis-backed infrastructure when REDIS_URL is set; Medusa's in-memory defaults otherwise. */
function infrastructureModules(redisUrl: string | undefined): ModuleList {
  if (!redisUrl) {
    return []
  }
  return [
    {
      resolve: "@medusajs/medusa/event-bus-redis",
      options: { redisUrl },
    },
    {
      resolve: "@medusajs/medusa/workflow-engine-redis",
      options: { redis: { redisUrl } },
    },
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
}

if (!env.redisUrl && env.nodeEnv !== "test" && !process.env.ZOCO_QUIET_REDIS_WARNING) {
  console.warn(
    "REDIS_URL is not set: using in-memory event bus, workflow engine, locking and caching (one process only, not for production)."
  )
}

export default defineConfig({
  projectConfig: {
    databaseUrl: env.databaseUrl,
    databaseDriverOptions: env.databaseSsl
      ? { connection: { ssl: { rejectUnauthorized: false } } }
      : undefined,
    redisUrl: env.redisUrl,
    workerMode: env.workerMode,
    http: {
      storeCors: env.storeCors,
      adminCors: env.adminCors,
      authCors: env.authCors,
      jwtSecret: env.jwtSecret,
      cookieSecret: env.cookieSecret,
    },
    cookieOptions: { secure: env.cookieSecure },
  },
  admin: {
    disable: env.disableAdmin || env.workerMode === "worker",
    backendUrl: env.backendUrl,
  },
  featureFlags: env.redisUrl ? { caching: true } : undefined,
  modules: [
    {
      resolve: "@medusajs/medusa/file",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/file-local",
            id: "local",
            options: { backend_url: `${env.backendUrl}/static` },
          },
        ],
      },
    },
    ...infrastructureModules(env.redisUrl),
  ],
})

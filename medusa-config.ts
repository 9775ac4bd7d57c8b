import { logger } from "@medusajs/framework/logger"
import { defineConfig } from "@medusajs/framework/utils"
import { createRequestLogger } from "@zoco/observability/logger"
import {
  CART_COMPLETION_WORKFLOW,
  findPreviousStepsByLastDot,
  keepNoCheckpointsOf,
  skipCheckpointLookupsOfUnstoredWorkflows,
} from "@zoco/plugin-kit/workflow-checkpoints"
import { launcherRequest } from "./src/lib/env"
import { loadZocoEnv } from "./src/lib/medusa-config"
import {
  authMethodsPerActor,
  authModule,
  fileModule,
  infrastructureModules,
  integrityModules,
  mailWarning,
  notifications,
  observability,
  paymentModule,
  signInPlugins,
  productReviews,
  storeCache,
  webhooks,
} from "./src/lib/modules"

// Wiring only: every value comes from the environment through src/lib/env.ts.
const env = loadZocoEnv()
const cache = storeCache(env)
const observe = observability(env)
const reviews = productReviews(env)
const hooks = webhooks(env)
const mail = notifications(env)

if (!env.redisUrl && env.nodeEnv !== "test" && !launcherRequest().redisWarningGiven) {
  console.warn(
    "REDIS_URL is not set: using the in-memory event bus, workflow engine and sign-in cache (one process only; locks and cache invalidations go through PostgreSQL)."
  )
}

const noMail = mailWarning(env)
if (noMail) console.warn(noMail)

// Workflows that never store a checkpoint do not look for one (see its doc comment): every
// process that runs workflows loads this file.
skipCheckpointLookupsOfUnstoredWorkflows()
// Each finished step makes Medusa look up every step's predecessor; by the last dot is cheaper.
findPreviousStepsByLastDot()
// Cart completions keep no checkpoints just to be listed in the admin, unless asked to.
if (!env.recordCartCompletions) keepNoCheckpointsOf([CART_COMPLETION_WORKFLOW])

export default defineConfig({
  // Medusa's logger, with request ids appended and secrets masked.
  logger: createRequestLogger(logger),
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
      authMethodsPerActor: authMethodsPerActor(env),
    },
    cookieOptions: { secure: env.cookieSecure },
  },
  admin: {
    disable: env.disableAdmin || env.workerMode === "worker",
    backendUrl: env.adminBackendUrl,
  },
  featureFlags: env.caching.enabled ? { caching: true } : undefined,
  plugins: [
    ...observe.plugins,
    ...cache.plugins,
    ...reviews.plugins,
    ...hooks.plugins,
    ...mail.plugins,
    ...signInPlugins(env),
  ],
  modules: [
    ...authModule(env),
    ...fileModule(env),
    ...infrastructureModules(env),
    ...integrityModules(),
    ...paymentModule(env),
    ...cache.modules,
    ...observe.modules,
    ...reviews.modules,
    ...hooks.modules,
    ...mail.modules,
  ],
})

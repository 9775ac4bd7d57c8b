import type { ChildProcess } from "child_process"
import { mkdirSync } from "fs"
import path from "path"
import { ConfigError, parseEnv, type ZocoEnv } from "../../src/lib/env"
import { loadOrCreateLocalSecrets } from "../../src/lib/local-secrets"
import {
  adminCredentials,
  generateAdminPassword,
  setupEnv,
  type AdminCredentials,
} from "./admin-credentials"
import {
  appBuildEnv,
  buildHash,
  buildStalePlugins,
  isBuildCurrent,
  linkBuildDir,
  assertNoBuildUsers,
  registerBuildUser,
  serverDir,
  stampBuild,
} from "./build"
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres"
import { serverNodeOptions } from "./node-options"
import { run, signalGroup, spawnLogged, waitForHttp } from "./run"
import { schemaHash } from "./schema-hash"
import {
  adminUserExists,
  countProducts,
  migratedSchema,
  publishableKey,
  recordMigratedSchema,
  withSetupLock,
} from "./store-state"

const ROOT = path.resolve(__dirname, "../..")
const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")
const READY_TIMEOUT_MS = 180_000

type Mode = "production" | "development"
/** `server`: HTTP only; `worker`: subscribers, scheduled jobs and workflows, no routes. */
export type Role = "server" | "worker"

function say(line: string) {
  process.stdout.write(`[zoco] ${line}\n`)
}

/**
 * `npm start` / `npm run dev`: database (embedded unless DATABASE_URL),
 * migrations, first-run seed and admin user, build when sources changed, then
 * the server, stopped cleanly with everything it started.
 */
export async function launch(mode: Mode, role?: Role) {
  const explicitProduction = process.env.NODE_ENV === "production"
  const dataDir = path.resolve(process.env.ZOCO_DATA_DIR || path.join(ROOT, ".data"))
  mkdirSync(dataDir, { recursive: true })
  const logFile = path.join(dataDir, "logs", "setup.log")

  const childEnv: NodeJS.ProcessEnv = { ...process.env, ZOCO_DATA_DIR: dataDir }
  if (!explicitProduction) {
    // A local run on http://localhost: secrets of its own, kept in .data/, and
    // session cookies that work without TLS. An explicit NODE_ENV=production
    // gets none of this and must be configured like any deployment.
    const secrets = loadOrCreateLocalSecrets(dataDir)
    childEnv.JWT_SECRET ||= secrets.jwtSecret
    childEnv.COOKIE_SECRET ||= secrets.cookieSecret
    childEnv.COOKIE_SECURE ||= "false"
  }
  childEnv.NODE_ENV = mode
  if (mode === "production") {
    // The build folder is shared by every process of this checkout; uploads live outside it.
    childEnv.ZOCO_UPLOADS_DIR = path.resolve(
      childEnv.ZOCO_UPLOADS_DIR || path.join(dataDir, "static")
    )
    mkdirSync(childEnv.ZOCO_UPLOADS_DIR, { recursive: true })
  }
  if (role) {
    childEnv.WORKER_MODE = role
  }
  // Zoco's access line (route template, request id) replaces Medusa's, which logs at `http`.
  childEnv.LOG_LEVEL ||= "info"
  // Medusa's CLI sends usage data to Medusa unless told not to, and says so only in output kept in
  // the log file: off unless the operator asks for it (MEDUSA_DISABLE_TELEMETRY=false).
  childEnv.MEDUSA_DISABLE_TELEMETRY ||= "true"

  let env: ZocoEnv
  try {
    env = parseEnv(childEnv)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Zoco cannot start: ${error.message}`)
      process.exit(1)
    }
    throw error
  }

  let database: EmbeddedPostgres | undefined
  let server: ChildProcess | undefined
  let stopping = false

  const shutdown = async (code: number) => {
    if (stopping) return
    stopping = true
    if (server) {
      // The whole group: `medusa develop` exits on SIGTERM but leaves the server it started, and
      // that server's esbuild, running. Whatever is left after the grace period is killed.
      signalGroup(server, "SIGTERM")
      const deadline = Date.now() + 15_000
      while (signalGroup(server, 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100))
      }
      signalGroup(server, "SIGKILL")
    }
    if (database) {
      say("Stopping the embedded PostgreSQL")
      await database.stop().catch((e) => console.error(e))
    }
    process.exit(code)
  }
  // A parent that dies without passing the signal on (a shell, a process
  // manager) must not leave the server and the database running.
  const parent = process.ppid
  setInterval(() => {
    if (process.ppid !== parent) void shutdown(0)
  }, 1000).unref()
  // The launcher owns these signals: it stops the server's process group first, then the
  // database. embedded-postgres, once loaded, would otherwise stop the database by itself at the
  // same time and exit with 143, cutting a slow server shutdown (`medusa develop`'s) short.
  const ownSignals = () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.removeAllListeners(signal)
      process.on(signal, () => void shutdown(0))
    }
  }
  ownSignals()
  process.on("uncaughtException", (error) => {
    console.error(error)
    void shutdown(1)
  })

  try {
    if (env.databaseUrl) {
      say(`Database: ${redactUrl(env.databaseUrl)}`)
      await ensureDatabase(env.databaseUrl)
    } else {
      database = await startEmbeddedPostgres(path.join(dataDir, "postgres"), { log: say })
      ownSignals()
      childEnv.DATABASE_URL = database.url("zoco")
      await ensureDatabase(childEnv.DATABASE_URL)
      say(
        `Database: embedded PostgreSQL on 127.0.0.1:${database.port} (data in ${path.join(dataDir, "postgres")})`
      )
    }
    const databaseUrl = childEnv.DATABASE_URL as string
    // The warning about in-memory Redis replacements is printed once, here.
    childEnv.ZOCO_QUIET_REDIS_WARNING = "1"
    if (!env.redisUrl) {
      say(
        "Redis: REDIS_URL not set, using the in-memory event bus, workflow engine and sign-in cache; locks and cache invalidations in PostgreSQL"
      )
    }

    const appDir = mode === "production" ? serverDir(ROOT) : ROOT
    const ext = mode === "production" ? "js" : "ts"
    // Every later step loads medusa-config.ts, which may register a workspace plugin: Medusa
    // loads plugins from their build output, so build them first, in both modes.
    await buildStalePlugins(ROOT, async (plugin) => {
      say(`Building plugin ${path.basename(plugin)}`)
      await run(MEDUSA, ["plugin:build"], { cwd: plugin, env: childEnv, logFile })
    })
    if (mode === "production") {
      await buildIfNeeded(appBuildEnv(childEnv), logFile)
    }

    // Servers and workers of one deployment often start together: one at a time migrates and
    // seeds, the others then find nothing left to do.
    const admin = await withSetupLock(databaseUrl, say, async () => {
      // A no-op `medusa db:migrate` still loads every module (about 15 s of CPU): skip it when
      // this database was migrated by exactly these migrations, models and links.
      const schema = schemaHash(ROOT, childEnv)
      if ((await migratedSchema(databaseUrl)) === schema) {
        say("Database schema is current; no migrations to run")
      } else {
        say("Running database migrations")
        await run(MEDUSA, ["db:migrate"], { cwd: appDir, env: childEnv, logFile })
        await recordMigratedSchema(databaseUrl, schema)
      }

      // The catalogue of an empty store and the first admin, in one process: each `medusa`
      // command boots every module first, about 15 s of CPU.
      const seed = (await countProducts(databaseUrl)) === 0
      let admin = adminCredentials(dataDir, process.env)
      const adminMissing = !(await adminUserExists(databaseUrl, admin.email))
      if (adminMissing && !admin.password) admin = generateAdminPassword(dataDir, admin.email)
      if (seed) say("Empty store: seeding the catalogue from data/")
      if (adminMissing) say(`Creating the admin user ${admin.email}`)
      if (seed || adminMissing) {
        const password = admin.password
        const setup = setupEnv({
          seed,
          admin: adminMissing && password ? { email: admin.email, password } : undefined,
        })
        await run(MEDUSA, ["exec", `./src/scripts/setup.${ext}`], {
          cwd: appDir,
          env: { ...childEnv, ...setup, SEED_DATA_DIR: path.join(ROOT, "data") },
          logFile,
        })
      }
      return admin
    })

    say(`Starting the ${env.workerMode === "shared" ? "server" : env.workerMode} (${mode})`)
    server = spawnLogged(
      MEDUSA,
      [mode === "production" ? "start" : "develop", "--port", String(env.port)],
      { cwd: appDir, env: serverEnv(childEnv, env, databaseUrl), group: true }
    )
    server.on("close", (code, signal) => {
      if (!stopping) {
        console.error(`[zoco] The server stopped unexpectedly (${signal ?? `exit code ${code}`})`)
        void shutdown(code || 1)
      }
    })
    await waitForHttp(`http://127.0.0.1:${env.port}/health`, server, READY_TIMEOUT_MS)
    if (env.workerMode === "worker") {
      printWorkerBanner(env)
    } else {
      printBanner(env, admin, await publishableKey(databaseUrl), Boolean(database))
    }
  } catch (error) {
    console.error(`[zoco] ${error instanceof Error ? error.message : String(error)}`)
    await shutdown(1)
  }
}

/**
 * The server's environment: its young generation sized for request garbage (`node-options.ts`).
 * Without Redis, sessions would live in the server's memory and a restart would sign every
 * merchant out: the server then loads `session-preload.js`, which keeps them in PostgreSQL. With
 * Redis, Medusa keeps them there itself.
 */
function serverEnv(childEnv: NodeJS.ProcessEnv, env: ZocoEnv, databaseUrl: string) {
  const nodeOptions = serverNodeOptions(childEnv.NODE_OPTIONS)
  if (env.redisUrl) return { ...childEnv, NODE_OPTIONS: nodeOptions }
  const preload = path.join(__dirname, "session-preload.js")
  return {
    ...childEnv,
    ZOCO_SESSION_STORE: JSON.stringify({ url: databaseUrl, ssl: env.databaseSsl }),
    NODE_OPTIONS: `${nodeOptions} --require ${JSON.stringify(preload)}`,
  }
}

async function buildIfNeeded(env: NodeJS.ProcessEnv, logFile: string) {
  const hash = buildHash(ROOT, env)
  if (!isBuildCurrent(ROOT, hash)) {
    assertNoBuildUsers(ROOT)
    say("Building the server and admin dashboard (first start or changed sources, about a minute)")
    await run(MEDUSA, ["build"], { cwd: ROOT, env, logFile })
    stampBuild(ROOT, hash)
  }
  linkBuildDir(ROOT)
  // Until this launcher exits, a start from this checkout that would rebuild refuses instead.
  process.once("exit", registerBuildUser(ROOT))
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = "***"
    return u.toString()
  } catch {
    return "(unparseable DATABASE_URL)"
  }
}

function printBanner(
  env: ZocoEnv,
  admin: AdminCredentials,
  key: string | undefined,
  embedded: boolean
) {
  const base = `http://localhost:${env.port}`
  const lines = [
    "",
    "Zoco is ready.",
    `  Store API:        ${base}/store`,
    `  Admin:            ${base}/app`,
    `  Admin email:      ${admin.email}`,
    `  Admin password:   ${admin.password ?? "(set earlier; not known to this start)"}`,
    `  Publishable key:  ${key ?? "(none: create one in the admin under Settings > Publishable API Keys)"}`,
    `  Database:         ${embedded ? "embedded PostgreSQL" : "DATABASE_URL"}`,
    `  Redis:            ${env.redisUrl ? "REDIS_URL" : "not configured (in-memory fallbacks)"}`,
    `  Mail:             ${mailLine(env, base)}`,
    "",
    "Try it:",
    `  curl -H "x-publishable-api-key: ${key ?? "<key>"}" ${base}/store/products`,
    "",
    "Press Ctrl+C to stop.",
    "",
  ]
  process.stdout.write(lines.join("\n") + "\n")
}

/** Where mail goes: the SMTP server (host only: the URL holds a password), or the dev mailbox. */
function mailLine(env: ZocoEnv, base: string) {
  const smtp = env.mail.provider.smtpUrl
  if (!smtp) return `not sent (no SMTP_URL): read them in the Mailbox, ${base}/app/mailbox`
  const url = new URL(smtp)
  return `sent through ${url.protocol}//${url.host} (SMTP_URL)`
}

function printWorkerBanner(env: ZocoEnv) {
  const metrics = env.observability.metricsPort
  const lines = [
    "",
    "Zoco worker is ready.",
    "  Runs:             subscribers, scheduled jobs and workflow steps (no API routes)",
    `  Health:           http://localhost:${env.port}/health`,
    `  Metrics:          ${metrics ? `http://${env.observability.metricsHost}:${metrics}/metrics` : "(set METRICS_PORT to expose them)"}`,
    `  Redis:            ${env.redisUrl ? "REDIS_URL" : "not configured: a worker alone receives no events from servers"}`,
    "",
    "Press Ctrl+C to stop.",
    "",
  ]
  process.stdout.write(lines.join("\n") + "\n")
}

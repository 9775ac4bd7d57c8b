import { mkdtempSync, rmSync } from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres"
import { run } from "./run"
import { schemaHash } from "./schema-hash"
import { recordMigratedSchema } from "./store-state"

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"])

export type TestDatabase = {
  /** DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD as @medusajs/test-utils reads them. */
  env: NodeJS.ProcessEnv
  label: string
  close(): Promise<void>
}

/**
 * @medusajs/test-utils turns TLS on for every database host but the literal "localhost", so a
 * loopback address spelled otherwise makes every HTTP test hang on a TLS handshake the server
 * never answers. Loopback is loopback: name it the way the test runner recognises.
 */
export function testDbHost(host: string): string {
  return LOOPBACK.has(host) ? "localhost" : host
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query("SELECT 1")
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** A URL of database `database` on the server that `env` (DB_HOST, DB_PORT, …) names. */
export function postgresUrl(env: NodeJS.ProcessEnv, database = "postgres"): string {
  const url = new URL("postgres://localhost/")
  url.hostname = env.DB_HOST ?? "localhost"
  url.port = env.DB_PORT ?? "5432"
  url.username = env.DB_USERNAME ?? "postgres"
  url.password = env.DB_PASSWORD ?? ""
  url.pathname = `/${database}`
  return url.toString()
}

/**
 * The PostgreSQL the integration tiers use: the one the environment names (DATABASE_URL, or
 * DB_HOST/DB_USERNAME/DB_PASSWORD/DB_PORT as @medusajs/test-utils reads them) when it answers,
 * else an embedded one that lives for this run only.
 */
export async function resolveTestDatabase(log: (line: string) => void): Promise<TestDatabase> {
  const e = process.env
  const named = e.DATABASE_URL
    ? new URL(e.DATABASE_URL)
    : e.DB_HOST
      ? new URL(postgresUrl(e))
      : undefined
  if (named) {
    const probe = new URL(named.toString())
    probe.pathname = "/postgres"
    if (await answers(probe.toString())) {
      return {
        env: {
          DB_HOST: testDbHost(named.hostname),
          DB_PORT: named.port || "5432",
          DB_USERNAME: decodeURIComponent(named.username || "postgres"),
          DB_PASSWORD: decodeURIComponent(named.password),
        },
        label: `PostgreSQL at ${named.hostname}:${named.port || "5432"}`,
        close: async () => undefined,
      }
    }
    log(
      `The PostgreSQL named by the environment (${named.hostname}:${named.port || "5432"}) does not answer; using an embedded one`
    )
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "zoco-test-pg-"))
  const server: EmbeddedPostgres = await startEmbeddedPostgres(path.join(dir, "data"))
  const url = new URL(server.url("postgres"))
  return {
    env: {
      DB_HOST: "localhost",
      DB_PORT: String(server.port),
      DB_USERNAME: decodeURIComponent(url.username),
      DB_PASSWORD: decodeURIComponent(url.password),
    },
    label: `embedded PostgreSQL on port ${server.port}`,
    close: async () => {
      await server.stop().catch(() => undefined)
      rmSync(server.dataDir, { recursive: true, force: true })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const TEMPLATE_PREFIX = "zoco_test_template_"

export function templateName(root: string, env: NodeJS.ProcessEnv): string {
  return TEMPLATE_PREFIX + schemaHash(root, env).slice(0, 16)
}

/**
 * A database migrated once (modules, links) from which each HTTP test file's database is copied
 * (`CREATE DATABASE … TEMPLATE`), instead of every file running every migration. It is kept
 * between runs while the schema's sources stay the same; older ones are dropped. Each file still
 * runs Medusa's migrations on its copy, which find nothing left to do when the template is current.
 */
export async function ensureTemplate(
  root: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void
): Promise<string> {
  const name = templateName(root, env)
  const admin = new Client({ connectionString: postgresUrl(env) })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`${TEMPLATE_PREFIX}%`]
    )
    for (const { datname } of rows) {
      if (datname !== name && datname !== redisTemplateName(name)) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
      }
    }
    if (rows.some((r) => r.datname === name)) {
      log(`HTTP tests copy their database from ${name} (current)`)
      return name
    }
    log(`Migrating the template database ${name} for the HTTP tests`)
    await migrateTemplate(admin, root, env, name)
    return name
  } finally {
    await admin.end()
  }
}

/** The template's copy whose recorded schema is the one a start with REDIS_URL expects. */
export function redisTemplateName(template: string): string {
  return `${template}_redis`
}

/**
 * A copy of `template` migrated once more with REDIS_URL set, which records the schema hash of a
 * Redis setup (the Redis event bus, workflow engine and locking are other modules): `npm start`
 * with Redis on a copy of it then skips `medusa db:migrate` and its scripts, about 17 s of CPU
 * per start, as it does without Redis on a copy of the template itself.
 */
export async function ensureRedisTemplate(
  root: string,
  env: NodeJS.ProcessEnv,
  template: string,
  redisUrl: string,
  log: (line: string) => void
): Promise<string> {
  const name = redisTemplateName(template)
  const admin = new Client({ connectionString: postgresUrl(env) })
  await admin.connect()
  try {
    const { rows } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    if (rows.length > 0) return name
    log(`Migrating ${name}, the template of e2e servers that use Redis`)
    // A Redis database no test uses: loading the Redis modules registers queues in it.
    const url = new URL(redisUrl)
    url.pathname = "/14"
    await migrateTemplate(admin, root, { ...env, REDIS_URL: url.toString() }, name, template)
    return name
  } finally {
    await admin.end()
  }
}

/**
 * Makes database `name`: a new database (a copy of `from`, when given) migrated by `medusa
 * db:migrate` under `env`, with the schema hash of `env` recorded, so that `npm start` on a copy
 * knows its migrations are done. Renamed into place only once complete, so an interrupted run
 * never leaves a half-migrated template.
 */
async function migrateTemplate(
  admin: Client,
  root: string,
  env: NodeJS.ProcessEnv,
  name: string,
  from?: string
) {
  const building = `${name}_building`
  await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`)
  await admin.query(`CREATE DATABASE "${building}"${from ? ` TEMPLATE "${from}"` : ""}`)
  const logFile = path.join(os.tmpdir(), `${name}.log`)
  try {
    await run(
      path.join(root, "node_modules", ".bin", "medusa"),
      ["db:migrate", "--skip-scripts", "--execute-safe-links"],
      {
        cwd: root,
        env: { ...env, DATABASE_URL: postgresUrl(env, building), NODE_ENV: "test" },
        logFile,
      }
    )
  } catch (error) {
    await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`)
    throw error
  }
  await recordMigratedSchema(postgresUrl(env, building), schemaHash(root, env))
  await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`)
  rmSync(logFile, { force: true })
}

import { spawn } from "child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"
import { buildStalePlugins, listPlugins } from "./build"
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres"

const ROOT = path.resolve(__dirname, "../..")
const BIN = path.join(ROOT, "node_modules", ".bin")

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"])

type Counts = { passed: number; failed: number; skipped: number }
type StepResult = { name: string; ok: boolean; seconds: number; counts?: Counts }

function log(line: string) {
  process.stdout.write(`\n[test] ${line}\n`)
}

function exec(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = ROOT
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: "inherit" })
    child.on("close", (code) => resolve(code ?? 1))
    child.on("error", () => resolve(1))
  })
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

/**
 * The PostgreSQL the integration tiers use: the one the environment names
 * (DATABASE_URL, or DB_HOST/DB_USERNAME/DB_PASSWORD/DB_PORT as
 * @medusajs/test-utils reads them) when it answers, else an embedded one
 * that lives for this run only.
 */
/** A URL of the `postgres` database on the server that `env` (DB_HOST, DB_PORT, …) names. */
function postgresUrl(env: NodeJS.ProcessEnv): string {
  const url = new URL("postgres://localhost/postgres")
  url.hostname = env.DB_HOST ?? "localhost"
  url.port = env.DB_PORT ?? "5432"
  url.username = env.DB_USERNAME ?? "postgres"
  url.password = env.DB_PASSWORD ?? ""
  return url.toString()
}

async function resolveDatabase(): Promise<{
  env: NodeJS.ProcessEnv
  label: string
  embedded?: { server: EmbeddedPostgres; dir: string }
}> {
  const e = process.env
  let named: URL | undefined
  if (e.DATABASE_URL) {
    named = new URL(e.DATABASE_URL)
  } else if (e.DB_HOST) {
    named = new URL("postgres://localhost/postgres")
    named.hostname = e.DB_HOST
    named.port = e.DB_PORT ?? "5432"
    named.username = e.DB_USERNAME ?? "postgres"
    named.password = e.DB_PASSWORD ?? ""
  }
  if (named) {
    const probe = new URL(named.toString())
    probe.pathname = "/postgres"
    if (await answers(probe.toString())) {
      return {
        env: {
          // @medusajs/test-utils turns TLS on for every host but the literal "localhost".
          DB_HOST: LOOPBACK.has(named.hostname) ? "localhost" : named.hostname,
          DB_PORT: named.port || "5432",
          DB_USERNAME: decodeURIComponent(named.username || "postgres"),
          DB_PASSWORD: decodeURIComponent(named.password),
        },
        label: `PostgreSQL at ${named.hostname}:${named.port || "5432"}`,
      }
    }
    log(
      `The PostgreSQL named by the environment (${named.hostname}:${named.port || "5432"}) does not answer; using an embedded one`
    )
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "zoco-test-pg-"))
  const server = await startEmbeddedPostgres(path.join(dir, "data"))
  const url = new URL(server.url("postgres"))
  return {
    env: {
      DB_HOST: "localhost",
      DB_PORT: String(server.port),
      DB_USERNAME: decodeURIComponent(url.username),
      DB_PASSWORD: decodeURIComponent(url.password),
    },
    label: `embedded PostgreSQL on port ${server.port}`,
    embedded: { server, dir },
  }
}

async function jestTier(
  tier: string,
  env: NodeJS.ProcessEnv,
  extra: string[] = []
): Promise<StepResult> {
  const started = Date.now()
  const out = path.join(os.tmpdir(), `zoco-jest-${process.pid}-${tier.replace(/\W/g, "-")}.json`)
  const code = await exec(
    path.join(BIN, "jest"),
    [
      ...(tier === "unit" ? ["--runInBand"] : []),
      "--forceExit",
      "--passWithNoTests",
      "--json",
      `--outputFile=${out}`,
      ...extra,
    ],
    // Medusa's loaders use dynamic import(), which jest's VM supports only with this flag.
    {
      ...env,
      TEST_TYPE: tier,
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --experimental-vm-modules`.trim(),
    }
  )
  let counts: Counts | undefined
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, "utf8")) as {
      numPassedTests: number
      numFailedTests: number
      numPendingTests: number
      numTodoTests: number
      numRuntimeErrorTestSuites: number
    }
    counts = {
      passed: report.numPassedTests,
      // A suite that crashes before its tests run has no failed test; count it.
      failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
      skipped: report.numPendingTests + report.numTodoTests,
    }
    rmSync(out, { force: true })
  }
  return { name: `jest ${tier}`, ok: code === 0, seconds: (Date.now() - started) / 1000, counts }
}

async function command(
  name: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = ROOT
): Promise<StepResult> {
  const started = Date.now()
  log(name)
  const code = await exec(cmd, args, env, cwd)
  return {
    name,
    ok: code === 0,
    seconds: (Date.now() - started) / 1000,
    counts: { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 },
  }
}

/**
 * The HTTP tier loads medusa-config.ts, and with it any workspace plugin it registers, from the
 * plugin's build output; a clean checkout has none. Plugins whose build is current are skipped.
 */
async function buildPlugins(env: NodeJS.ProcessEnv): Promise<StepResult[]> {
  const results: StepResult[] = []
  await buildStalePlugins(ROOT, async (plugin) => {
    const name = `medusa plugin:build (${path.basename(plugin)})`
    const started = Date.now()
    log(name)
    const code = await exec(path.join(BIN, "medusa"), ["plugin:build"], env, plugin)
    // Not a test: it adds no passes to the count, only a failure when it breaks.
    results.push({ name, ok: code === 0, seconds: (Date.now() - started) / 1000 })
    if (code !== 0) {
      throw new Error(`${name} failed (exit code ${code})`)
    }
  }).catch((error: Error) => log(error.message))
  return results
}

export async function runTests(argv: string[]) {
  const only = argv.filter((a) => !a.startsWith("-"))
  const want = (tier: string) => only.length === 0 || only.includes(tier)
  // Medusa logs every boot step; failures are what a test run needs to show.
  const baseEnv: NodeJS.ProcessEnv = { LOG_LEVEL: "error", ...process.env, NODE_ENV: "test" }
  const results: StepResult[] = []

  if (want("static")) {
    results.push(
      await command("tsc --noEmit (app)", path.join(BIN, "tsc"), ["--noEmit", "-p", "."], baseEnv)
    )
    for (const plugin of listPlugins(ROOT)) {
      results.push(
        await command(
          `tsc --noEmit (${path.basename(plugin)})`,
          path.join(BIN, "tsc"),
          ["--noEmit", "-p", plugin],
          baseEnv
        )
      )
    }
    results.push(await command("eslint", path.join(BIN, "eslint"), ["."], baseEnv))
    results.push(
      await command("prettier --check", path.join(BIN, "prettier"), ["--check", "."], baseEnv)
    )
  }
  if (want("unit")) {
    log("unit tests")
    results.push(await jestTier("unit", baseEnv))
  }

  const needsDb = ["modules", "http", "e2e"].some(want)
  const db = needsDb ? await resolveDatabase() : undefined
  try {
    const env = { ...baseEnv, ...db?.env }
    if (db) log(`integration tiers use ${db.label}`)
    for (const plugin of listPlugins(ROOT)) {
      if (want("plugins")) {
        results.push(
          await command(
            `plugin tests (${path.basename(plugin)})`,
            "npm",
            ["test", "--if-present"],
            env,
            plugin
          )
        )
      }
    }
    if (want("http") || want("e2e")) {
      results.push(...(await buildPlugins(env)))
    }
    if (want("modules")) {
      log("module integration tests")
      results.push(await jestTier("integration:modules", env))
    }
    if (want("http")) {
      log("HTTP integration tests")
      results.push(await jestTier("integration:http", env))
    }
    if (want("e2e")) {
      log("end-to-end tests")
      // The e2e tier starts Zoco exactly as a user does: no database configured.
      const e2eEnv: NodeJS.ProcessEnv = { ...baseEnv }
      delete e2eEnv.DATABASE_URL
      // Tests that run several servers on one database of their own create it on this server.
      if (db) e2eEnv.ZOCO_TEST_PG_URL = postgresUrl(db.env)
      results.push(await jestTier("e2e", e2eEnv))
    }
  } finally {
    if (db?.embedded) {
      await db.embedded.server.stop().catch(() => undefined)
      rmSync(db.embedded.server.dataDir, { recursive: true, force: true })
      rmSync(db.embedded.dir, { recursive: true, force: true })
    }
  }

  const total = results.reduce<Counts>(
    (acc, r) => ({
      passed: acc.passed + (r.counts?.passed ?? 0),
      failed: acc.failed + (r.counts?.failed ?? (r.ok ? 0 : 1)),
      skipped: acc.skipped + (r.counts?.skipped ?? 0),
    }),
    { passed: 0, failed: 0, skipped: 0 }
  )
  process.stdout.write("\nSummary\n")
  for (const r of results) {
    const c = r.counts
      ? ` (${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped)`
      : ""
    process.stdout.write(`  ${r.ok ? "ok  " : "FAIL"} ${r.name}${c} ${r.seconds.toFixed(0)}s\n`)
  }
  const ok = results.every((r) => r.ok)
  process.stdout.write(
    `\nzoco: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`
  )
  process.exit(ok ? 0 : 1)
}

import { randomBytes } from "crypto"
import { readFileSync } from "fs"
import os from "os"
import path from "path"
import { exec, pool } from "./test-exec"
import { buildHash, buildStalePlugins, isBuildCurrent, listPlugins, stampBuild } from "./build"
import {
  ensureRedisTemplate,
  ensureTemplate,
  postgresUrl,
  resolveTestDatabase,
  type TestDatabase,
} from "./test-database"
import { formatReport, readJestReport, type StepResult } from "./test-report"
import {
  listTestFiles,
  parseArgs,
  SelectionError,
  TIER_DESCRIPTIONS,
  TIERS,
  tiersOf,
  type Selection,
  type TestFile,
  type Tier,
} from "./test-select"

const ROOT = path.resolve(__dirname, "../..")
const BIN = path.join(ROOT, "node_modules", ".bin")
// HTTP test files each boot their own app on their own database; two at a time fill two cores.
const HTTP_WORKERS = Math.max(1, Number(process.env.ZOCO_TEST_HTTP_WORKERS || 2))
// E2E files spend much of their time waiting (lapsing leases and locks, process starts, webhook
// delays): two of them at a time leave the cores less idle.
const E2E_WORKERS = Math.max(1, Number(process.env.ZOCO_TEST_E2E_WORKERS || 2))

function log(line: string) {
  process.stdout.write(`\n[test] ${line}\n`)
}

async function command(
  tier: Tier,
  name: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = ROOT
): Promise<StepResult> {
  const started = Date.now()
  const code = await exec(cmd, args, env, cwd, name)
  return {
    name,
    tier,
    ok: code === 0,
    seconds: (Date.now() - started) / 1000,
    counts: { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 },
  }
}

/**
 * The app's tsconfig takes in every plugin's sources, tests and fixtures included, resolved as the
 * plugin resolves them: one program type-checks them all, where a program per plugin would load
 * Medusa's types again each time. Each plugin's own build (`medusa plugin:build`) type-checks it
 * once more with its own tsconfig.
 */
function staticChecks(env: NodeJS.ProcessEnv): Promise<StepResult[]> {
  const steps = [
    () =>
      command(
        "static",
        "tsc --noEmit (app and plugins)",
        path.join(BIN, "tsc"),
        ["--noEmit", "-p", "."],
        env
      ),
    () => command("static", "eslint", path.join(BIN, "eslint"), ["."], env),
    () => command("static", "prettier --check", path.join(BIN, "prettier"), ["--check", "."], env),
  ]
  return pool(2, steps)
}

const JEST_TIER: Record<"unit" | "modules" | "http" | "e2e", string> = {
  unit: "unit",
  modules: "integration:modules",
  http: "integration:http",
  e2e: "e2e",
}

/** One jest run: a whole tier of the app, or the given files of it. */
async function jestTier(
  tier: keyof typeof JEST_TIER,
  env: NodeJS.ProcessEnv,
  files: string[],
  extra: string[],
  workers = 1
): Promise<StepResult> {
  const started = Date.now()
  const out = path.join(os.tmpdir(), `zoco-jest-${process.pid}-${tier}.json`)
  const code = await exec(
    path.join(BIN, "jest"),
    [
      // `--runInBand` from the command line wins: one process, errors reported as thrown.
      ...(extra.some((a) => a === "--runInBand" || a === "-i") ? [] : [`--maxWorkers=${workers}`]),
      // Each test's name and seconds: where the time of a slow file goes.
      ...(tier === "http" || tier === "e2e" ? ["--verbose"] : []),
      "--forceExit",
      "--json",
      `--outputFile=${out}`,
      ...extra,
      ...(files.length > 0 ? ["--runTestsByPath", ...files] : []),
    ],
    // Medusa's loaders use dynamic import(), which jest's VM supports only with this flag.
    {
      ...env,
      TEST_TYPE: JEST_TIER[tier],
      NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --experimental-vm-modules`.trim(),
    },
    ROOT
  )
  const report = readJestReport(out, ROOT)
  const empty = !report || report.suites === 0
  return {
    name: `jest ${tier}`,
    tier,
    ok: code === 0 && !empty,
    seconds: (Date.now() - started) / 1000,
    counts: report?.counts,
    files: report?.files,
    failures: report?.failures,
    note: empty
      ? `the ${tier} tier ran no test file: a tier with nothing in it fails (see README, "Tests")`
      : undefined,
  }
}

/**
 * A plugin's own tests, through its own `npm test` as a publisher would run them. Every plugin
 * ships tests: one without a test script, or whose tests find no file, fails the run.
 */
async function pluginTests(
  plugin: string,
  env: NodeJS.ProcessEnv,
  files: string[],
  extra: string[]
): Promise<StepResult> {
  const name = `plugin tests (${path.basename(plugin)})`
  const started = Date.now()
  const pkg = JSON.parse(readFileSync(path.join(plugin, "package.json"), "utf8")) as {
    scripts?: Record<string, string>
  }
  if (!pkg.scripts?.test) {
    return {
      name,
      tier: "plugins",
      ok: false,
      seconds: 0,
      note: `${path.relative(ROOT, plugin)}/package.json has no "test" script: every plugin ships its own tests (plugins/README.md)`,
    }
  }
  const out = path.join(os.tmpdir(), `zoco-jest-${process.pid}-${path.basename(plugin)}.json`)
  const relative = files.map((f) => path.relative(plugin, path.join(ROOT, f)))
  const code = await exec(
    "npm",
    [
      "test",
      "--",
      "--json",
      `--outputFile=${out}`,
      ...extra,
      ...(relative.length ? ["--runTestsByPath", ...relative] : []),
    ],
    env,
    plugin,
    name
  )
  const report = readJestReport(out, ROOT)
  const empty = !report || report.suites === 0
  return {
    name,
    tier: "plugins",
    ok: code === 0 && !empty,
    seconds: (Date.now() - started) / 1000,
    counts: report?.counts,
    files: report?.files,
    failures: report?.failures,
    note: empty
      ? `${path.relative(ROOT, plugin)} ran no test: every plugin ships its own tests (plugins/README.md)`
      : undefined,
  }
}

/**
 * The HTTP tier loads medusa-config.ts, and with it any workspace plugin it registers, from the
 * plugin's build output; a clean checkout has none. Plugins whose build is current are skipped.
 */
async function buildPlugins(env: NodeJS.ProcessEnv): Promise<StepResult[]> {
  const results: StepResult[] = []
  await buildStalePlugins(
    ROOT,
    async (plugin) => {
      const name = `medusa plugin:build (${path.basename(plugin)})`
      const started = Date.now()
      log(name)
      const code = await exec(path.join(BIN, "medusa"), ["plugin:build"], env, plugin)
      results.push({ name, tier: "build", ok: code === 0, seconds: (Date.now() - started) / 1000 })
      if (code !== 0) throw new Error(`${name} failed (exit code ${code})`)
    },
    2
  ).catch((error: Error) => log(error.message))
  return results
}

/**
 * The production build `npm start` serves, made once before the e2e tier as `npm start` would
 * make it (same fingerprint), so that no e2e file pays for it inside its own time limit.
 */
async function buildApp(env: NodeJS.ProcessEnv): Promise<StepResult[]> {
  const hash = buildHash(ROOT)
  if (isBuildCurrent(ROOT, hash)) return []
  const started = Date.now()
  log("medusa build")
  // The build reads medusa-config.ts, which refuses production without secrets; the build output
  // holds none of them (the server reads its own at start), so throwaway ones do.
  const buildEnv: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: "production",
    JWT_SECRET: env.JWT_SECRET || randomBytes(32).toString("hex"),
    COOKIE_SECRET: env.COOKIE_SECRET || randomBytes(32).toString("hex"),
  }
  const code = await exec(path.join(BIN, "medusa"), ["build"], buildEnv, ROOT)
  if (code === 0) stampBuild(ROOT, hash)
  return [
    { name: "medusa build", tier: "build", ok: code === 0, seconds: (Date.now() - started) / 1000 },
  ]
}

function printList(selection: Selection) {
  const files = listTestFiles(ROOT)
  process.stdout.write("Tiers, in the order `npm test` runs them:\n")
  for (const tier of TIERS) {
    const mine = files.filter((f) => f.tier === tier)
    const count = tier === "static" ? "" : ` (${mine.length} files)`
    process.stdout.write(`  ${tier.padEnd(8)} ${TIER_DESCRIPTIONS[tier]}${count}\n`)
    if (selection.tiers.includes(tier)) {
      for (const f of mine) process.stdout.write(`             ${f.file}\n`)
    }
  }
  process.stdout.write(
    "\n`npm test -- <tier …>` runs tiers; `npm test -- <path or pattern>` runs the matching files,\n" +
      "each in its own tier; `npm test -- --list <tier>` lists a tier's files.\n"
  )
}

export async function runTests(argv: string[]) {
  let selection: Selection
  try {
    selection = parseArgs(argv, ROOT, process.env.INIT_CWD || process.cwd())
  } catch (error) {
    if (error instanceof SelectionError) {
      process.stderr.write(`npm test: ${error.message}\n`)
      process.exit(2)
    }
    throw error
  }
  if (selection.list) {
    printList(selection)
    return
  }

  // Medusa logs every boot step; failures are what a test run needs to show.
  const baseEnv: NodeJS.ProcessEnv = { LOG_LEVEL: "error", ...process.env, NODE_ENV: "test" }
  const results: StepResult[] = []
  const tierSeconds = new Map<string, number>()
  const filesOf = (tier: Tier): string[] =>
    selection.files.filter((f) => f.tier === tier).map((f) => f.file)
  const whole = (tier: Tier) => selection.tiers.includes(tier)
  let db: TestDatabase | undefined
  let resolving: Promise<TestDatabase> | undefined
  const database = async () => {
    if (!resolving) {
      resolving = resolveTestDatabase(log).then((resolved) => {
        db = resolved
        log(`integration tiers use ${resolved.label}`)
        return resolved
      })
    }
    return { ...baseEnv, ...(await resolving).env }
  }
  // Built plugins and a migrated template database, made once for the HTTP and e2e tiers.
  let preparing: Promise<string> | undefined
  const prepared = () => {
    preparing ??= (async () => {
      const env = await database()
      results.push(...(await buildPlugins(env)))
      return ensureTemplate(ROOT, env, log)
    })()
    return preparing
  }

  const runTier = async (tier: Tier) => {
    const started = Date.now()
    const files = whole(tier) ? [] : filesOf(tier)
    log(`${tier}${files.length ? `: ${files.join(" ")}` : ""}`)
    if (tier === "static") {
      results.push(...(await staticChecks(baseEnv)))
    } else if (tier === "unit") {
      // Unit files share nothing: two at a time fill two cores (37 s → 25 s).
      results.push(await jestTier("unit", baseEnv, files, selection.jestArgs, 2))
    } else if (tier === "plugins") {
      const env = await database()
      const plugins = whole(tier)
        ? listPlugins(ROOT)
        : [...new Set(selection.files.filter((f) => f.tier === "plugins").map(pluginDir))]
      const mine = (plugin: string) =>
        files.filter((f) => f.startsWith(`${path.relative(ROOT, plugin)}/`))
      results.push(
        ...(await pool(
          2,
          plugins.map((p) => () => pluginTests(p, env, mine(p), selection.jestArgs))
        ))
      )
    } else if (tier === "modules") {
      // Module files wait on gateway timeouts more than they compute: two at a time.
      results.push(await jestTier("modules", await database(), files, selection.jestArgs, 2))
    } else if (tier === "http") {
      const env = await database()
      const template = await prepared()
      const httpEnv = { ...env, ZOCO_TEST_DB_TEMPLATE: template }
      results.push(await jestTier("http", httpEnv, files, selection.jestArgs, HTTP_WORKERS))
    } else {
      const env = await database()
      const template = await prepared()
      // The e2e tier starts Zoco exactly as a user does: no database configured. Tests that
      // run several servers on one database of their own create it on this server.
      const redisUrl = baseEnv.ZOCO_TEST_REDIS_URL
      // The app's build and the Redis template are independent: made side by side.
      const [built, redisTemplate] = await Promise.all([
        buildApp(baseEnv),
        redisUrl ? ensureRedisTemplate(ROOT, env, template, redisUrl, log) : undefined,
      ])
      results.push(...built)
      const e2eEnv: NodeJS.ProcessEnv = {
        ...baseEnv,
        ZOCO_TEST_PG_URL: postgresUrl(env),
        ZOCO_TEST_DB_TEMPLATE: template,
        ...(redisTemplate ? { ZOCO_TEST_DB_TEMPLATE_REDIS: redisTemplate } : {}),
      }
      delete e2eEnv.DATABASE_URL
      results.push(await jestTier("e2e", e2eEnv, files, selection.jestArgs, E2E_WORKERS))
    }
    tierSeconds.set(tier, (Date.now() - started) / 1000)
  }

  const runStarted = Date.now()
  const tiers = tiersOf(selection)
  try {
    // One tier at a time: each runs its files two at a time, which fills the two cores. Tiers
    // run side by side slowed both more than they overlapped (e2e 413 s alone, 1,216 s beside
    // http; http 344 s alone, 1,213 s beside e2e).
    for (const tier of tiers) await runTier(tier)
  } catch (error) {
    log(`stopped: ${(error as Error).message}`)
    results.push({ name: "test run", tier: "run", ok: false, seconds: 0, note: String(error) })
  } finally {
    await db?.close()
  }

  process.stdout.write(formatReport(results, tierSeconds, (Date.now() - runStarted) / 1000))
  process.exit(results.every((r) => r.ok) ? 0 : 1)
}

function pluginDir(file: TestFile): string {
  return path.join(ROOT, "plugins", file.plugin as string)
}

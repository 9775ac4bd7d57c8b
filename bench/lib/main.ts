import { randomBytes } from "crypto"
import Redis from "ioredis"
import { mkdirSync, readFileSync, writeFileSync } from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"
import { parseArgs } from "util"
import {
  buildHash,
  buildStalePlugins,
  isBuildCurrent,
  serverDir,
  stampBuild,
} from "../../scripts/lib/build"
import { freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres"
import { run } from "../../scripts/lib/run"
import { publishableKey } from "../../scripts/lib/store-state"
import {
  cloneTemplate,
  DATASETS,
  dropDatabase,
  ensureTemplate,
  ROOT,
  settleDatabase,
  type Dataset,
} from "./dataset"
import { measureCheckout, roundOrder, runSlices } from "./interleave"
import { load, type LoadResult } from "./load"
import { poolRuns, type SavedRun } from "./pool"
import { renderReport, summarize, type RunRecord } from "./report"
import {
  DEFAULT_LINES,
  memoryRun,
  READ_SCENARIOS,
  readShop,
  SCENARIOS,
  stalenessRun,
  type CheckoutResult,
  type MemoryResult,
  type StalenessResult,
} from "./scenarios"
import {
  CONFIGS,
  MEDUSA,
  RUN_SECRETS,
  startServer,
  type ConfigName,
  type Topology,
} from "./servers"

const USAGE = `npm run bench -- [options]

  --scenario NAMES    ${SCENARIOS.join(", ")}, a comma-separated list of them, or all
                      (default: products)
  --dataset NAME      ${Object.keys(DATASETS).join(", ")}                         (default: mid)
  --duration SECONDS  load per measurement                     (default: 10)
  --connections N     concurrent connections                   (default: 16)
  --rounds N          A B A B rounds over the configurations   (default: 3)
  --slices N          checkout only: start each configuration once and alternate N
                      slices of --duration seconds of load between them, one loaded
                      at a time, instead of rounds of starts   (default: off)
  --configs LIST      comma-separated: stock, stock+flag, zoco (default: all three)
  --lines N           checkout: lines in each cart (one more is added
                      and removed again)                       (default: ${DEFAULT_LINES})
  --topology NAME     memory (no Redis) or redis (every configuration on Redis:
                      event bus, workflow engine, cache, locks) (default: memory)
  --updates N         admin updates of the staleness scenario  (default: 1000)
  --keys N            distinct requests of the memory scenario (default: 10000)
  --cache-mb N        cache bound of the memory scenario, MB   (default: 8)
  --pool FILES        measure nothing: print the table of these comma-separated
                      results files' rounds (or slices) taken together

PostgreSQL: BENCH_PG_URL, else the DB_* variables, else 127.0.0.1:5432, else an embedded one.
Redis (for stock+flag and --topology redis): BENCH_REDIS_URL, else 127.0.0.1:6379; without
it stock+flag is skipped and --topology redis refuses to run.`

const log = (line: string) => console.log(`[bench] ${line}`)

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.end()
    return true
  } catch {
    return false
  }
}

async function postgresServer(): Promise<{ url: string; stop?: () => Promise<void> }> {
  const e = process.env
  const named = e.BENCH_PG_URL
    ? e.BENCH_PG_URL
    : `postgres://${encodeURIComponent(e.DB_USERNAME ?? "postgres")}:${encodeURIComponent(
        e.DB_PASSWORD ?? ""
      )}@${e.DB_HOST ?? "127.0.0.1"}:${e.DB_PORT ?? "5432"}/postgres`
  if (await answers(named)) return { url: named }
  log("no PostgreSQL answers; starting an embedded one")
  const dir = path.join(os.tmpdir(), "zoco-bench-postgres")
  const server = await startEmbeddedPostgres(dir)
  return { url: server.url("postgres"), stop: () => server.stop() }
}

async function redisServer(): Promise<string | undefined> {
  const url = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379"
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  try {
    await client.connect()
    await client.ping()
    return url
  } catch {
    return undefined
  } finally {
    client.disconnect()
  }
}

/** A Redis database of the benchmark's own, emptied so every start of stock+flag begins cold. */
async function coldRedis(url: string, db: number): Promise<string> {
  const own = new URL(url)
  own.pathname = `/${db}`
  const client = new Redis(own.toString())
  await client.flushdb()
  client.disconnect()
  return own.toString()
}

async function ensureZocoBuild(logFile: string) {
  await buildStalePlugins(ROOT, async (plugin) => {
    log(`building plugin ${path.basename(plugin)}`)
    await run(MEDUSA, ["plugin:build"], { cwd: plugin, env: process.env, logFile })
  })
  const hash = buildHash(ROOT)
  if (!isBuildCurrent(ROOT, hash)) {
    log("building Zoco (about a minute)")
    await run(MEDUSA, ["build"], { cwd: ROOT, env: process.env, logFile })
    stampBuild(ROOT, hash)
  }
}

export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: "string", default: "products" },
      dataset: { type: "string", default: "mid" },
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "16" },
      rounds: { type: "string", default: "3" },
      slices: { type: "string", default: "0" },
      lines: { type: "string", default: String(DEFAULT_LINES) },
      topology: { type: "string", default: "memory" },
      configs: { type: "string", default: "stock,stock+flag,zoco" },
      updates: { type: "string", default: "1000" },
      keys: { type: "string", default: "10000" },
      "cache-mb": { type: "string", default: "8" },
      pool: { type: "string" },
      help: { type: "boolean", default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  if (values.pool) {
    const runs = values.pool.split(",").map((file) => {
      const saved = JSON.parse(readFileSync(path.resolve(file.trim()), "utf8")) as SavedRun
      if (!Array.isArray(saved.records)) throw new Error(`${file} holds no rounds`)
      return saved
    })
    const pooled = poolRuns(runs)
    const configs = Object.keys(pooled.meta.configs as object) as ConfigName[]
    console.log(renderReport(pooled.meta, summarize(pooled.records, configs)))
    return
  }
  const scenarios = values.scenario === "all" ? SCENARIOS : values.scenario!.split(",")
  for (const s of scenarios) {
    if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario "${s}"\n\n${USAGE}`)
  }
  const dataset = values.dataset as Dataset
  if (!(dataset in DATASETS)) throw new Error(`unknown dataset "${dataset}"\n\n${USAGE}`)
  const durationS = Number(values.duration)
  const connections = Number(values.connections)
  const slices = Number(values.slices)
  if (!Number.isInteger(slices) || slices < 0) throw new Error(`--slices takes a whole number`)
  if (slices && scenarios.join() !== "checkout") {
    throw new Error(`--slices measures the checkout scenario alone\n\n${USAGE}`)
  }
  const lines = Number(values.lines)
  if (!Number.isInteger(lines) || lines < 1 || lines > 50) {
    throw new Error(`--lines takes a whole number from 1 to 50\n\n${USAGE}`)
  }
  const topology = values.topology as Topology
  if (topology !== "memory" && topology !== "redis") {
    throw new Error(`unknown topology "${values.topology}"\n\n${USAGE}`)
  }
  // A slice is recorded as a round: a run has one or the other.
  const rounds = slices || Number(values.rounds)
  let configs = values.configs!.split(",").map((c) => c.trim()) as ConfigName[]
  for (const c of configs) {
    if (!(c in CONFIGS)) throw new Error(`unknown configuration "${c}"\n\n${USAGE}`)
  }

  const resultsDir = path.join(ROOT, "bench", "results")
  mkdirSync(resultsDir, { recursive: true })
  const logFile = path.join(os.tmpdir(), `zoco-bench-${Date.now()}.log`)
  log(`server and setup output: ${logFile}`)

  const redis = await redisServer()
  if (!redis && topology === "redis") {
    throw new Error("--topology redis needs a Redis server (set BENCH_REDIS_URL)")
  }
  if (!redis && configs.includes("stock+flag")) {
    log("SKIPPED stock+flag: no Redis answers (set BENCH_REDIS_URL)")
    configs = configs.filter((c) => c !== "stock+flag")
  }
  const pg = await postgresServer()
  const databases: string[] = []
  try {
    await ensureZocoBuild(logFile)
    const template = await ensureTemplate({
      serverUrl: pg.url,
      dataset,
      medusa: MEDUSA,
      appDir: serverDir(ROOT),
      env: { ...process.env, ...RUN_SECRETS, NODE_ENV: "production" },
      log,
      logFile,
    })
    const databaseUrls = new Map<ConfigName, string>()
    for (const config of configs) {
      const name = `zoco_bench_run_${config.replace(/\W/g, "_")}`
      databases.push(name)
      databaseUrls.set(config, await cloneTemplate(pg.url, template, name))
    }
    const key = await publishableKey(databaseUrls.get(configs[0])!)
    if (!key) throw new Error("the dataset has no publishable key")
    // An admin for the staleness scenario, in every copy, with this run's password.
    const admin = { email: "bench@zoco.local", password: randomBytes(16).toString("hex") }
    if (scenarios.includes("staleness") || scenarios.includes("memory")) {
      for (const config of configs) {
        // Zoco's build is a Medusa project for the CLI; every copy has the same schema.
        await run(MEDUSA, ["user", "-e", admin.email, "-p", admin.password], {
          cwd: serverDir(ROOT),
          env: { ...process.env, ...RUN_SECRETS, DATABASE_URL: databaseUrls.get(config)! },
          logFile,
          secrets: [admin.password],
        })
      }
    }

    // Each configuration on a Redis database of its own, emptied before it starts.
    const redisUrlFor = async (config: ConfigName) =>
      redis && (topology === "redis" || config === "stock+flag")
        ? coldRedis(redis, 9 - configs.indexOf(config))
        : undefined
    const records: RunRecord[] = []
    const memory: MemoryResult[] = []
    const loadScenarios = scenarios.filter((s) => s !== "memory")
    let idleCpuMsPerS: Partial<Record<ConfigName, number>> | undefined
    if (slices) {
      const sliced = await runSlices({
        configs,
        databaseUrls,
        key,
        slices,
        connections,
        durationS,
        logFile,
        pgUrl: pg.url,
        redisUrlFor,
        topology,
        lines,
        log,
      })
      records.push(...sliced.records)
      idleCpuMsPerS = sliced.idleCpuMsPerS
    }
    for (let round = 1; !slices && round <= rounds; round++) {
      if (scenarios.includes("memory") && configs.includes("zoco")) {
        // Zoco only (the others cache nothing in process), on a start of its own with a bound
        // small enough for the keys to overflow it.
        const server = await startServer({
          config: "zoco",
          port: await freePort(),
          databaseUrl: databaseUrls.get("zoco")!,
          logFile,
          env: { STORE_CACHE_MAX_MB: values["cache-mb"] },
        })
        try {
          const shop = await readShop(server.url, key)
          const result = await memoryRun(server.url, shop, admin, {
            keys: Number(values.keys),
            connections,
          })
          memory.push({ ...result, peakRssMb: server.peakRssMb() })
          log(
            `round ${round} zoco: memory ${result.entries} entries, ${result.bytes} of ${result.maxBytes} bytes`
          )
        } finally {
          await server.stop()
        }
      }
      if (!loadScenarios.length) continue
      for (const config of roundOrder(configs, round)) {
        const settledMs = await settleDatabase(pg.url)
        if (settledMs > 2000)
          log(`round ${round} ${config}: waited ${settledMs} ms for PostgreSQL to settle`)
        const server = await startServer({
          config,
          port: await freePort(),
          databaseUrl: databaseUrls.get(config)!,
          redisUrl: await redisUrlFor(config),
          topology,
          logFile,
        })
        try {
          const shop = await readShop(server.url, key)
          const headers = { "x-publishable-api-key": key }
          // Warm the process (JIT, pools) before anything is measured.
          await load(server, ["/health"], { connections, durationS: 2 })
          const health = await load(server, ["/health"], { connections, durationS })
          log(`round ${round} ${config}: /health ${health.rps} req/s`)
          for (const scenario of loadScenarios) {
            let result: LoadResult | CheckoutResult | StalenessResult
            if (scenario === "staleness") {
              result = await stalenessRun(server.url, shop, admin, Number(values.updates))
              log(`round ${round} ${config}: staleness max ${result.max} ms`)
            } else if (scenario === "checkout") {
              // Unmeasured flows first, as for the catalog.
              result = await measureCheckout(server, shop, {
                connections,
                durationS,
                warmupS: 5,
                lines,
              })
              log(
                `round ${round} ${config}: checkout ${result.flows} flows, ` +
                  `${result.cpuMsPerFlow} server + ${result.dbCpuMsPerFlow} database CPU ms per flow`
              )
            } else {
              const paths = READ_SCENARIOS[scenario](shop)
              // Steady state is what is compared: JIT-compiled paths, and caches (Zoco's and
              // Medusa's flag) holding the scenario's pages, as a live shop's popular pages are.
              await load(server, paths, { connections, durationS: 2, headers })
              result = await load(server, paths, { connections, durationS, headers })
              log(`round ${round} ${config}: ${scenario} ${result.rps} req/s, p50 ${result.p50} ms`)
            }
            records.push({ round, config, scenario, health, result, peakRssMb: server.peakRssMb() })
          }
        } finally {
          await server.stop()
        }
      }
    }

    const meta = {
      date: new Date().toISOString(),
      dataset,
      products: DATASETS[dataset],
      durationS,
      connections,
      rounds,
      ...(slices ? { slices, idleCpuMsPerS } : {}),
      ...(scenarios.includes("checkout") ? { lines, topology } : {}),
      configs: Object.fromEntries(configs.map((c) => [c, CONFIGS[c].describe])),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
      },
    }
    const summary = summarize(records, configs, memory)
    console.log(`\n${renderReport(meta, summary)}`)
    // Date and time (UTC): several runs of one day are each kept, to be compared or pooled.
    const stamp = meta.date.slice(0, 19).replace(/:/g, "")
    // A large-dataset run is told apart from a run of the default dataset.
    const suffix = dataset === "mid" ? "" : `-${dataset}`
    const named = values.scenario!.replace(/,/g, "+")
    const file = path.join(resultsDir, `${stamp}-${named}${suffix}.json`)
    writeFileSync(file, JSON.stringify({ meta, summary, records }, null, 2))
    log(`results written to ${path.relative(ROOT, file)}`)
  } finally {
    for (const name of databases) await dropDatabase(pg.url, name).catch(() => undefined)
    await pg.stop?.()
  }
}

import { spawn, type ChildProcess } from "child_process"
import { randomBytes } from "crypto"
import { createWriteStream, existsSync, readdirSync, readFileSync } from "fs"
import path from "path"
import { waitForHttp } from "../../scripts/lib/run"
import { ROOT } from "./dataset"

export const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")

export type ConfigName = "stock" | "stock+flag" | "zoco"

/**
 * `memory`: no Redis (Medusa's in-memory event bus, workflow engine and locks; Zoco's locks in
 * PostgreSQL). `redis`: every configuration on Redis, the production setup: Medusa's Redis event
 * bus, workflow engine, cache and locks, for stock as for Zoco.
 */
export type Topology = "memory" | "redis"

export const CONFIGS: Record<ConfigName, { dir: string; describe: string }> = {
  stock: {
    dir: path.join(ROOT, "bench", "stock"),
    describe: "Medusa 2.21.2 as shipped, same data, none of Zoco's modules or plugins",
  },
  "stock+flag": {
    dir: path.join(ROOT, "bench", "stock"),
    describe: "stock with Medusa's caching feature flag and its Redis caching provider",
  },
  zoco: {
    dir: path.join(ROOT, ".medusa", "server"),
    describe: "Zoco's production build (`npm run build`)",
  },
}

/** Secrets of the run: production mode refuses to start without real ones. */
export const RUN_SECRETS = {
  JWT_SECRET: randomBytes(32).toString("hex"),
  COOKIE_SECRET: randomBytes(32).toString("hex"),
}

export type Server = {
  config: ConfigName
  url: string
  process: ChildProcess
  /** CPU time (user + system) of the server's process tree so far, in milliseconds. */
  cpuMs: () => number
  /** Peak resident memory of the server's process tree, in MB. */
  peakRssMb: () => number
  stop: () => Promise<void>
}

const TICK_MS = 1000 / 100 // USER_HZ is 100 on Linux

/**
 * A `/proc/<pid>/stat` line: the command name, the parent, and the CPU ticks (user + system) of
 * the process and of its children that have exited and been waited for. Counting the children
 * keeps a sum over processes from falling when one ends: PostgreSQL's backend for a connection a
 * pool closes, say, whose time the postmaster then holds.
 */
export function parseStat(stat: string): { name: string; ppid: number; cpuTicks: number } {
  const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))
  // The command name may hold spaces; fields after it are fixed (utime, stime, cutime, cstime).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0)
  return { name, ppid: Number(fields[1]), cpuTicks: ticks }
}

function readStat(pid: number): ReturnType<typeof parseStat> | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, "utf8"))
  } catch {
    return undefined
  }
}

function processTree(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readStat(Number(entry))
    if (!stat) continue
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)])
  }
  const tree = [root]
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []))
  return tree
}

/**
 * CPU ms used so far by every PostgreSQL process this machine shows (server and backends). The
 * benchmark loads one configuration at a time, so the change over a measurement is that
 * configuration's database work.
 */
export function databaseCpuMs(): number {
  let ticks = 0
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    // Undefined when the process ended while the list was read.
    const stat = readStat(Number(entry))
    if (stat?.name === "postgres") ticks += stat.cpuTicks
  }
  return ticks * TICK_MS
}

function peakRssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8")
    return Number(status.match(/^VmHWM:\s+(\d+)/m)?.[1] ?? 0)
  } catch {
    return 0
  }
}

/** Starts one configuration on `port` against `databaseUrl`; resolves once /health answers. */
export async function startServer(opts: {
  config: ConfigName
  port: number
  databaseUrl: string
  redisUrl?: string
  topology?: Topology
  logFile: string
  /** Settings of this start only (the memory scenario's small cache bound). */
  env?: NodeJS.ProcessEnv
}): Promise<Server> {
  const { dir } = CONFIGS[opts.config]
  if (!existsSync(dir)) throw new Error(`${dir} does not exist`)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...RUN_SECRETS,
    NODE_ENV: "production",
    DATABASE_URL: opts.databaseUrl,
    LOG_LEVEL: "error",
    PORT: String(opts.port),
  }
  // Only what the configuration is about: no gateways or caches from the developer's shell.
  for (const name of Object.keys(env)) {
    if (/^(STRIPE|PAYPAL)_|^REDIS_URL$|^MEDUSA_FF_/.test(name)) delete env[name]
  }
  if (opts.config === "stock+flag") {
    env.BENCH_MEDUSA_CACHING = "1"
    env.MEDUSA_FF_CACHING = "true"
    env.REDIS_URL = opts.redisUrl
  }
  if (opts.topology === "redis") {
    if (!opts.redisUrl) throw new Error(`${opts.config} on Redis needs a Redis database`)
    env.REDIS_URL = opts.redisUrl
    if (opts.config !== "zoco") env.BENCH_MEDUSA_REDIS = "1"
  }
  if (opts.config === "zoco" && opts.redisUrl) env.REDIS_URL = opts.redisUrl
  Object.assign(env, opts.env)
  const child = spawn(MEDUSA, ["start", "--port", String(opts.port)], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  })
  const log = createWriteStream(opts.logFile, { flags: "a" })
  log.write(`\n=== ${opts.config} on port ${opts.port} ===\n`)
  child.stdout.pipe(log, { end: false })
  child.stderr.pipe(log, { end: false })
  const url = `http://127.0.0.1:${opts.port}`
  await waitForHttp(`${url}/health`, child, 240_000)
  const pid = child.pid!
  let peak = 0
  return {
    config: opts.config,
    url,
    process: child,
    cpuMs: () =>
      processTree(pid).reduce((sum, p) => sum + (readStat(p)?.cpuTicks ?? 0), 0) * TICK_MS,
    peakRssMb: () => {
      peak = Math.max(
        peak,
        processTree(pid).reduce((sum, p) => sum + peakRssKb(p), 0)
      )
      return Math.round(peak / 1024)
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        const timer = setTimeout(() => child.kill("SIGKILL"), 20_000)
        child.once("close", () => {
          clearTimeout(timer)
          resolve()
        })
        child.kill("SIGTERM")
      }),
  }
}

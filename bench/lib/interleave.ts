import { freePort } from "../../scripts/lib/embedded-postgres"
import { settleDatabase } from "./dataset"
import { load, round as twoDecimals, type LoadResult } from "./load"
import type { RunRecord } from "./report"
import { checkoutLoad, readShop, type CheckoutResult, type Shop } from "./scenarios"
import { databaseCpuMs, startServer, type ConfigName, type Server, type Topology } from "./servers"

/**
 * The order configurations run in within a round: as given in odd rounds, reversed in even ones
 * (A B, B A, A B, ...), so whatever one configuration leaves behind for the next (dirty pages, a
 * warmer machine, background work) falls on each in turn instead of always on the second.
 */
export function roundOrder<T>(configs: T[], round: number): T[] {
  return round % 2 === 1 ? [...configs] : [...configs].reverse()
}

/**
 * One measured checkout load of `server`, after `warmupS` seconds of unmeasured flows (compiled
 * code paths, warm pools), with the server's and PostgreSQL's CPU per completed flow.
 */
export async function measureCheckout(
  server: Server,
  shop: Shop,
  opts: { connections: number; durationS: number; warmupS: number; lines?: number }
): Promise<CheckoutResult> {
  if (opts.warmupS > 0) {
    await checkoutLoad(server.url, shop, { ...opts, durationS: opts.warmupS })
  }
  const cpuBefore = server.cpuMs()
  const dbBefore = databaseCpuMs()
  const result = await checkoutLoad(server.url, shop, opts)
  const flows = Math.max(result.flows, 1)
  result.cpuMsPerFlow = twoDecimals((server.cpuMs() - cpuBefore) / flows)
  result.dbCpuMsPerFlow = twoDecimals((databaseCpuMs() - dbBefore) / flows)
  return result
}

export type SliceServer = { server: Server; shop: Shop; health: LoadResult }

/** What each server did while another one was loaded: its CPU ms per second of waiting. */
export type IdleCpu = Partial<Record<ConfigName, number>>

/**
 * Checkout measured in slices on servers started once each: slice after slice, every server in
 * turn takes the whole load for `durationS` seconds (in alternating order, A B, B A, ...), its
 * last flows drained before the next one is loaded, while the others wait idle. A round of
 * starts costs a minute or more per configuration in start, settle and warm-up; a slice costs
 * only its load, so the paired slices are close in time and the machine's drift over minutes
 * falls on both sides of each ratio. Each slice is recorded as a round, so it is summarized and
 * paired the same way.
 */
export async function slicedCheckout(opts: {
  servers: SliceServer[]
  slices: number
  connections: number
  durationS: number
  /** Lines per cart. */
  lines?: number
  log: (line: string) => void
  /** One slice's measurement of one server; a test gives its own. */
  measure?: typeof measureCheckout
  /** Milliseconds on a monotonic clock; a test gives its own. */
  now?: () => number
}): Promise<{ records: RunRecord[]; idleCpuMsPerS: IdleCpu }> {
  const measure = opts.measure ?? measureCheckout
  const now = opts.now ?? (() => performance.now())
  const records: RunRecord[] = []
  const idle = new Map<ConfigName, { ms: number; s: number }>()
  for (let slice = 1; slice <= opts.slices; slice++) {
    for (const { server, shop, health } of roundOrder(opts.servers, slice)) {
      const others = opts.servers.filter((s) => s.server !== server)
      const before = others.map((o) => o.server.cpuMs())
      const started = now()
      const result = await measure(server, shop, {
        connections: opts.connections,
        durationS: opts.durationS,
        lines: opts.lines,
        warmupS: 0,
      })
      const seconds = (now() - started) / 1000
      others.forEach((o, i) => {
        const sum = idle.get(o.server.config) ?? { ms: 0, s: 0 }
        idle.set(o.server.config, {
          ms: sum.ms + o.server.cpuMs() - before[i],
          s: sum.s + seconds,
        })
      })
      opts.log(
        `slice ${slice} ${server.config}: checkout ${result.flows} flows, ` +
          `${result.cpuMsPerFlow} server + ${result.dbCpuMsPerFlow} database CPU ms per flow`
      )
      records.push({
        round: slice,
        config: server.config,
        scenario: "checkout",
        health,
        result,
        peakRssMb: server.peakRssMb(),
      })
    }
  }
  const idleCpuMsPerS: IdleCpu = {}
  for (const { server } of opts.servers) {
    const sum = idle.get(server.config)
    if (sum) idleCpuMsPerS[server.config] = sum.s ? twoDecimals(sum.ms / sum.s) : 0
  }
  return { records, idleCpuMsPerS }
}

/**
 * Starts every configuration once (one at a time, each after PostgreSQL has settled), warms each
 * up, then measures the checkout in slices between them; see `slicedCheckout`.
 */
export async function runSlices(opts: {
  configs: ConfigName[]
  databaseUrls: Map<ConfigName, string>
  key: string
  slices: number
  connections: number
  durationS: number
  lines?: number
  logFile: string
  pgUrl: string
  /** The Redis database a configuration starts on, where it needs one. */
  redisUrlFor: (config: ConfigName) => Promise<string | undefined>
  /** Every configuration on Redis (event bus, workflow engine, locks, cache), or none. */
  topology?: Topology
  log: (line: string) => void
}) {
  const { connections, log } = opts
  const started: SliceServer[] = []
  const servers: Server[] = []
  try {
    for (const config of opts.configs) {
      await settleDatabase(opts.pgUrl)
      const server = await startServer({
        config,
        port: await freePort(),
        databaseUrl: opts.databaseUrls.get(config)!,
        redisUrl: await opts.redisUrlFor(config),
        topology: opts.topology,
        logFile: opts.logFile,
      })
      servers.push(server)
      const shop = await readShop(server.url, opts.key)
      await load(server, ["/health"], { connections, durationS: 2 })
      const health = await load(server, ["/health"], { connections, durationS: opts.durationS })
      // Unmeasured flows, so the first slice is not the one that compiles the code paths.
      await measureCheckout(server, shop, {
        connections,
        durationS: 5,
        warmupS: 5,
        lines: opts.lines,
      })
      log(`${config}: started, /health ${health.rps} req/s, warmed up`)
      started.push({ server, shop, health })
    }
    const sliced = await slicedCheckout({ ...opts, servers: started, log })
    for (const [config, ms] of Object.entries(sliced.idleCpuMsPerS)) {
      log(`${config}: ${ms} CPU ms per second while another configuration was loaded`)
    }
    return sliced
  } finally {
    for (const server of servers) await server.stop()
  }
}

import { quantile, round, type LoadResult } from "./load"
import { type CheckoutResult, type MemoryResult, type StalenessResult } from "./scenarios"
import type { ConfigName } from "./servers"

export type RunRecord = {
  round: number
  config: ConfigName
  scenario: string
  health: LoadResult
  result: LoadResult | CheckoutResult | StalenessResult
  peakRssMb: number
}

const median = (values: number[]) =>
  round(
    quantile(
      [...values].sort((a, b) => a - b),
      0.5
    )
  )

export type ReadSummary = {
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
  cpuMsPerRequest: number
  peakRssMb: number
  healthRps: number
  /** Share of the same server's /health throughput, in percent. */
  ofHealth: number
}

export type Summary = {
  read: Record<string, Partial<Record<ConfigName, ReadSummary>>>
  checkout?: Partial<
    Record<
      ConfigName,
      {
        flows: number
        errors: number
        steps: Record<string, number>
        cpuMsPerFlow?: number
        dbCpuMsPerFlow?: number
      }
    >
  >
  /**
   * Zoco against stock per checkout step and CPU row, in percent: the median over rounds of each
   * round's Zoco / stock - 1. Both ran back to back in a round, so a slow spell of the machine
   * weighs on both sides of a ratio instead of on one configuration's median.
   */
  checkoutVersusStock?: Record<string, number>
  /**
   * A 95% confidence interval, in percent, for each figure of `checkoutVersusStock`: the order
   * statistics of the rounds' ratios that bound their median with at least 95% certainty whatever
   * the distribution (no figure below 6 rounds, where even the extremes give less).
   */
  checkoutVersusStockInterval?: Record<string, [low: number, high: number]>
  staleness?: Partial<Record<ConfigName, StalenessResult>>
  /** The round whose cache came closest to (or furthest past) its bound. */
  memory?: MemoryResult & { ofBound: number }
  /** Zoco's req/s over each other configuration's, per read scenario. */
  ratios: Record<string, Partial<Record<ConfigName, number>>>
}

/** `{ [field]: median }` over the results that measured `field`, or nothing. */
function medianOf<K extends "cpuMsPerFlow" | "dbCpuMsPerFlow">(
  results: CheckoutResult[],
  field: K
): Partial<Record<K, number>> {
  const values = results.flatMap((r) => (r[field] === undefined ? [] : [r[field]!]))
  return values.length ? ({ [field]: median(values) } as Partial<Record<K, number>>) : {}
}

/**
 * The distribution-free confidence interval of a median: the k-th smallest and k-th largest of n
 * values, for the largest k whose chance of the median falling outside, 2 P(Binomial(n, ½) < k),
 * is at most 5%. Undefined below 6 values.
 */
export function medianInterval(values: number[]): [number, number] | undefined {
  const n = values.length
  const sorted = [...values].sort((a, b) => a - b)
  let k = 0
  let below = 0 // P(Binomial(n, ½) < k + 1), built term by term
  let choose = 1 // C(n, k)
  while (k < n / 2) {
    below += choose / 2 ** n
    if (2 * below > 0.05) break
    k++
    choose = (choose * (n - k + 1)) / k
  }
  return k === 0 ? undefined : [round(sorted[k - 1]), round(sorted[n - k])]
}

/** See `Summary.checkoutVersusStock`; empty unless some round ran both stock and Zoco. */
function pairedVersusStock(records: RunRecord[]): {
  percent: Record<string, number>
  interval: Record<string, [number, number]>
} {
  const rounds = new Map<number, Partial<Record<ConfigName, CheckoutResult>>>()
  for (const r of records) {
    if (r.scenario !== "checkout") continue
    rounds.set(r.round, { ...rounds.get(r.round), [r.config]: r.result as CheckoutResult })
  }
  const pairs = [...rounds.values()].filter((p) => p.stock && p.zoco) as Required<
    Pick<Record<ConfigName, CheckoutResult>, "stock" | "zoco">
  >[]
  const out = {
    percent: {} as Record<string, number>,
    interval: {} as Record<string, [number, number]>,
  }
  const add = (key: string, ratios: number[]) => {
    const percents = ratios.map((r) => (r - 1) * 100)
    out.percent[key] = median(percents)
    const interval = medianInterval(percents)
    if (interval) out.interval[key] = interval
  }
  if (!pairs.length) return out
  // The steps the results hold: a results file of an earlier version names other steps.
  for (const step of Object.keys(pairs[0].zoco.steps)) {
    add(
      step,
      pairs.map((p) => p.zoco.steps[step].p50 / p.stock.steps[step].p50)
    )
  }
  for (const field of ["cpuMsPerFlow", "dbCpuMsPerFlow"] as const) {
    const measured = pairs.filter((p) => p.zoco[field] && p.stock[field])
    if (measured.length)
      add(
        field,
        measured.map((p) => p.zoco[field]! / p.stock[field]!)
      )
  }
  return out
}

/** Medians over the rounds, per scenario and configuration. */
export function summarize(
  records: RunRecord[],
  configs: ConfigName[],
  memory: MemoryResult[] = []
): Summary {
  const summary: Summary = { read: {}, ratios: {} }
  for (const result of memory) {
    const ofBound = result.maxBytes ? round((result.bytes / result.maxBytes) * 100) : 0
    if (!summary.memory || ofBound > summary.memory.ofBound) summary.memory = { ...result, ofBound }
  }
  for (const scenario of new Set(records.map((r) => r.scenario))) {
    for (const config of configs) {
      const mine = records.filter((r) => r.scenario === scenario && r.config === config)
      if (!mine.length) continue
      if (scenario === "staleness") {
        // The worst round counts: staleness is a bound, not an average.
        const results = mine.map((r) => r.result as StalenessResult)
        summary.staleness ??= {}
        summary.staleness[config] = results.reduce((worst, r) => (r.max > worst.max ? r : worst))
        continue
      }
      if (scenario === "checkout") {
        const results = mine.map((r) => r.result as CheckoutResult)
        summary.checkout ??= {}
        summary.checkout[config] = {
          flows: median(results.map((r) => r.flows)),
          errors: results.reduce((n, r) => n + r.errors, 0),
          steps: Object.fromEntries(
            Object.keys(results[0].steps).map((s) => [
              s,
              median(results.map((r) => r.steps[s]?.p50 ?? NaN)),
            ])
          ),
          ...medianOf(results, "cpuMsPerFlow"),
          ...medianOf(results, "dbCpuMsPerFlow"),
        }
        continue
      }
      const results = mine.map((r) => r.result as LoadResult)
      const rps = median(results.map((r) => r.rps))
      const healthRps = median(mine.map((r) => r.health.rps))
      summary.read[scenario] ??= {}
      summary.read[scenario][config] = {
        rps,
        p50: median(results.map((r) => r.p50)),
        p95: median(results.map((r) => r.p95)),
        p99: median(results.map((r) => r.p99)),
        errors: results.reduce((n, r) => n + r.errors, 0),
        cpuMsPerRequest: median(results.map((r) => r.cpuMsPerRequest)),
        peakRssMb: Math.max(...mine.map((r) => r.peakRssMb)),
        healthRps,
        ofHealth: healthRps ? round((rps / healthRps) * 100) : 0,
      }
    }
    if (scenario === "checkout") {
      const paired = pairedVersusStock(records)
      summary.checkoutVersusStock = paired.percent
      if (Object.keys(paired.interval).length) {
        summary.checkoutVersusStockInterval = paired.interval
      }
    }
    const zoco = summary.read[scenario]?.zoco
    if (zoco) {
      summary.ratios[scenario] = {}
      for (const config of configs.filter((c) => c !== "zoco")) {
        const other = summary.read[scenario][config]
        if (other?.rps) summary.ratios[scenario][config] = round(zoco.rps / other.rps)
      }
    }
  }
  return summary
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n))

/** The summary as the markdown tables `bench/README.md` shows. */
export function renderReport(meta: Record<string, unknown>, summary: Summary): string {
  const over =
    (meta.slices
      ? `median of ${meta.slices} alternating slices on servers started once`
      : `median of ${meta.rounds} interleaved rounds`) +
    (Number(meta.pooled) > 1 ? ` pooled from ${meta.pooled} runs` : "")
  const lines = [
    `Dataset \`${meta.dataset}\` (${meta.products} products), ${meta.connections} connections, ` +
      `${meta.durationS} s per measurement, ${over}, ${meta.date}.` +
      (meta.lines
        ? ` Checkout: ${meta.lines} line${meta.lines === 1 ? "" : "s"} per cart, ${meta.topology === "redis" ? "every configuration on Redis" : "no Redis"}.`
        : ""),
  ]
  const idle = Object.entries((meta.idleCpuMsPerS ?? {}) as Record<string, number>)
  if (idle.length) {
    lines.push(
      "",
      `While another configuration was loaded, CPU ms per second: ${idle.map(([c, ms]) => `${c} ${ms}`).join(", ")}.`
    )
  }
  if (Object.keys(summary.read).length) {
    lines.push(
      "",
      "| scenario | config | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req | peak RSS MB | /health req/s | % of /health |",
      "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
  }
  for (const [scenario, byConfig] of Object.entries(summary.read)) {
    for (const [config, s] of Object.entries(byConfig)) {
      lines.push(
        `| ${scenario} | ${config} | ${s.rps} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.errors} | ` +
          `${s.cpuMsPerRequest} | ${s.peakRssMb} | ${s.healthRps} | ${s.ofHealth}% |`
      )
    }
  }
  const ratioRows = Object.entries(summary.ratios).flatMap(([scenario, r]) =>
    Object.entries(r).map(([config, ratio]) => `| ${scenario} | zoco / ${config} | ${ratio}× |`)
  )
  if (ratioRows.length) {
    lines.push("", "| scenario | ratio (req/s) | value |", "| --- | --- | ---: |", ...ratioRows)
  }
  if (summary.checkout) {
    const checkout = summary.checkout
    const configs = Object.keys(checkout) as ConfigName[]
    // How much slower (+) or faster (-) Zoco's step is than stock's, the target being +5% at most:
    // the median of the rounds' paired ratios, and from 6 rounds on its 95% confidence interval.
    const paired = summary.checkoutVersusStock ?? {}
    const interval = summary.checkoutVersusStockInterval
    const versus = checkout.zoco && checkout.stock
    const extra = versus
      ? interval
        ? [" zoco vs stock (paired) | 95% CI |", " ---: | ---: |"]
        : [" zoco vs stock (paired) |", " ---: |"]
      : ["", ""]
    const change = (key: string, zoco: number, stock: number) => {
      if (!versus) return ""
      const percent = ` ${signed(paired[key] ?? round((zoco / stock - 1) * 100))}% |`
      if (!interval) return percent
      const bounds = interval[key]
      return `${percent} ${bounds ? `${signed(bounds[0])}% … ${signed(bounds[1])}%` : ""} |`
    }
    lines.push(
      "",
      `| checkout step (p50 ms) | ${configs.join(" | ")} |${extra[0]}`,
      `| --- | ${configs.map(() => "---:").join(" | ")} |${extra[1]}`
    )
    for (const step of Object.keys(checkout[configs[0]]!.steps)) {
      const cells = configs.map((c) => checkout[c]!.steps[step]).join(" | ")
      lines.push(
        `| ${step} | ${cells} |${change(step, checkout.zoco?.steps[step] ?? 0, checkout.stock?.steps[step] ?? 0)}`
      )
    }
    const blank = versus ? (interval ? " | |" : " |") : ""
    lines.push(
      `| flows (errors) | ${configs.map((c) => `${checkout[c]!.flows} (${checkout[c]!.errors})`).join(" | ")} |${blank}`
    )
    for (const [label, field] of [
      ["server CPU ms per flow", "cpuMsPerFlow"],
      ["database CPU ms per flow", "dbCpuMsPerFlow"],
    ] as const) {
      if (configs.some((c) => checkout[c]![field] === undefined)) continue
      const cells = configs.map((c) => checkout[c]![field]).join(" | ")
      lines.push(
        `| ${label} | ${cells} |${change(field, checkout.zoco?.[field] ?? 0, checkout.stock?.[field] ?? 0)}`
      )
    }
    const buyers = Number(meta.connections)
    const short = configs.filter((c) => checkout[c]!.flows <= buyers)
    if (short.length) {
      lines.push(
        "",
        `Warning: ${short.map((c) => `${c} finished ${checkout[c]!.flows}`).join(", ")} ` +
          `checkouts in a median ${meta.slices ? "slice" : "round"} with ${buyers} buyers, ` +
          "at most one each: a measurement then lasts as long as one checkout, not " +
          `${meta.durationS} s, and each step's p50 rests on a few requests. Measure for longer ` +
          "(`--duration`)."
      )
    }
  }
  if (summary.staleness) {
    lines.push(
      "",
      "| staleness (worst round) | updates | p50 ms | p99 ms | max ms | stale reads |",
      "| --- | ---: | ---: | ---: | ---: | ---: |"
    )
    for (const [config, s] of Object.entries(summary.staleness)) {
      lines.push(`| ${config} | ${s.updates} | ${s.p50} | ${s.p99} | ${s.max} | ${s.staleReads} |`)
    }
  }
  if (summary.memory) {
    const m = summary.memory
    const mb = (bytes: number) => round(bytes / 2 ** 20)
    lines.push(
      "",
      "| memory (worst round) | distinct keys | entries held | MB held | bound MB | % of bound | peak RSS MB | seconds | errors |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      `| zoco | ${m.keys} | ${m.entries} | ${mb(m.bytes)} | ${mb(m.maxBytes)} | ${m.ofBound}% | ` +
        `${m.peakRssMb ?? ""} | ${m.seconds} | ${m.errors} |`
    )
  }
  return lines.join("\n")
}

import { generateProducts, zocoMigrations } from "../dataset"
import { quantile, type LoadResult } from "../load"
import { roundOrder, slicedCheckout } from "../interleave"
import { poolRuns } from "../pool"
import { medianInterval, renderReport, summarize, type RunRecord } from "../report"
import { CHECKOUT_STEPS, type CheckoutResult, type MemoryResult, type Shop } from "../scenarios"
import { parseStat, type ConfigName, type Server } from "../servers"

const load = (rps: number, p50 = 10): LoadResult => ({
  requests: rps * 10,
  rps,
  p50,
  p95: p50 * 2,
  p99: p50 * 3,
  errors: 0,
  cpuMsPerRequest: 1,
})

/** Five checkouts whose steps took `ms(step)` at p50 and twice that at p95. */
function checkoutFlow(ms: (step: string) => number): CheckoutResult {
  return {
    flows: 5,
    errors: 0,
    steps: Object.fromEntries(CHECKOUT_STEPS.map((s) => [s, { p50: ms(s), p95: ms(s) * 2 }])),
  }
}

describe("bench", () => {
  it("generates the same catalogue every time, with unique handles and SKUs", () => {
    const a = generateProducts(500)
    expect(generateProducts(500)).toEqual(a)
    expect(a.flatMap((p) => p.variants)).toHaveLength(6000)
    expect(new Set(a.map((p) => p.handle)).size).toBe(500)
    expect(new Set(a.flatMap((p) => p.variants.map((v) => v.sku))).size).toBe(6000)
    for (const v of a[0].variants) {
      expect(v.prices.map((p) => p.currency_code).sort()).toEqual(["eur", "usd"])
    }
  })

  it("runs the configurations in turn first and last, so none always follows another", () => {
    const configs = ["stock", "stock+flag", "zoco"]
    const rounds = [1, 2, 3, 4].map((round) => roundOrder(configs, round))
    expect(rounds).toEqual([
      ["stock", "stock+flag", "zoco"],
      ["zoco", "stock+flag", "stock"],
      ["stock", "stock+flag", "zoco"],
      ["zoco", "stock+flag", "stock"],
    ])
    expect(configs).toEqual(["stock", "stock+flag", "zoco"])
  })

  it("keys the template on Zoco's migrations, the app's and the plugins'", () => {
    const files = zocoMigrations()
    expect(files).toContain(
      "src/modules/locking-postgres/migrations/Migration20261129000000_UnloggedLocking.ts"
    )
    expect(
      files.some((f) => f.startsWith("plugins/webhooks/src/modules/webhooks/migrations/"))
    ).toBe(true)
  })

  it("takes exact quantiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(quantile(values, 0.5)).toBe(50)
    expect(quantile(values, 0.95)).toBe(95)
    expect(quantile(values, 0.99)).toBe(99)
    expect(quantile([], 0.5)).toBe(0)
  })

  it("reports medians over rounds, the share of /health and Zoco's ratios", () => {
    const records: RunRecord[] = [1, 2, 3].flatMap((round) => [
      {
        round,
        config: "stock",
        scenario: "products",
        health: load(1000),
        result: load(10 * round),
        peakRssMb: 300,
      },
      {
        round,
        config: "zoco",
        scenario: "products",
        health: load(800),
        result: load(400 * round),
        peakRssMb: 320 + round,
      },
    ])
    const summary = summarize(records, ["stock", "zoco"])
    expect(summary.read.products.stock).toMatchObject({ rps: 20, healthRps: 1000, ofHealth: 2 })
    expect(summary.read.products.zoco).toMatchObject({ rps: 800, ofHealth: 100, peakRssMb: 323 })
    expect(summary.ratios.products).toEqual({ stock: 40 })
    const table = renderReport(
      { dataset: "mid", products: 500, connections: 16, durationS: 10, rounds: 3, date: "d" },
      summary
    )
    expect(table).toContain("| products | zoco / stock | 40× |")
    expect(table).toContain("| products | stock | 20 |")
  })

  const meta = {
    dataset: "mid",
    products: 500,
    connections: 4,
    durationS: 10,
    rounds: 2,
    date: "d",
  }

  it("compares each checkout step of Zoco with stock's", () => {
    const flow = (ms: number): CheckoutResult => ({
      ...checkoutFlow((step) => (step === "complete" ? ms * 2 : ms)),
      cpuMsPerFlow: ms * 3,
      dbCpuMsPerFlow: ms,
    })
    const records: RunRecord[] = [
      {
        round: 1,
        config: "stock",
        scenario: "checkout",
        health: load(1),
        result: flow(100),
        peakRssMb: 1,
      },
      {
        round: 1,
        config: "zoco",
        scenario: "checkout",
        health: load(1),
        result: flow(104),
        peakRssMb: 1,
      },
    ]
    const table = renderReport(meta, summarize(records, ["stock", "zoco"]))
    expect(table).toContain("| create cart | 100 | 104 | +4% |")
    expect(table).toContain("| complete | 200 | 208 | +4% |")
    expect(table).toContain("| server CPU ms per flow | 300 | 312 | +4% |")
    expect(table).toContain("| database CPU ms per flow | 100 | 104 | +4% |")
    // Five checkouts by four buyers: more than one for some of them.
    expect(table).not.toContain("Warning")
  })

  it("warns when a measurement held no more checkouts than buyers", () => {
    const flows = (config: ConfigName, n: number): RunRecord => ({
      round: 1,
      config,
      scenario: "checkout",
      health: load(1),
      result: { ...checkoutFlow(() => 100), flows: n },
      peakRssMb: 1,
    })
    const table = renderReport(
      { ...meta, connections: 16, durationS: 15, slices: 6 },
      summarize([flows("stock", 16), flows("zoco", 32)], ["stock", "zoco"])
    )
    expect(table).toContain(
      "Warning: stock finished 16 checkouts in a median slice with 16 buyers, at most one each"
    )
    expect(table).toContain("not 15 s")
    expect(table).not.toMatch(/zoco finished/)
  })

  it("says how many lines each cart had and on which topology, and reads the steps a file holds", () => {
    const older = (ms: number): CheckoutResult => ({
      flows: 5,
      errors: 0,
      // A results file of an earlier version, whose steps had other names.
      steps: { "create cart": { p50: ms, p95: ms }, "add 3 items": { p50: ms * 3, p95: ms * 3 } },
    })
    const records: RunRecord[] = (["stock", "zoco"] as ConfigName[]).map((config, i) => ({
      round: 1,
      config,
      scenario: "checkout",
      health: load(1),
      result: older(100 + i * 10),
      peakRssMb: 1,
    }))
    const table = renderReport(
      { ...meta, lines: 10, topology: "redis" },
      summarize(records, ["stock", "zoco"])
    )
    expect(table).toContain("Checkout: 10 lines per cart, every configuration on Redis.")
    expect(table).toContain("| add 3 items | 300 | 330 | +10% |")
    expect(table).not.toContain("| add item |")
    expect(
      renderReport({ ...meta, lines: 1, topology: "memory" }, summarize(records, ["stock", "zoco"]))
    ).toContain("Checkout: 1 line per cart, no Redis.")
  })

  it("compares Zoco with stock round by round, so a slow spell does not favour either", () => {
    const flow = (ms: number) => checkoutFlow(() => ms)
    const pair = (round: number, stock: number, zoco: number): RunRecord[] =>
      (["stock", "zoco"] as const).map((config) => ({
        round,
        config,
        scenario: "checkout",
        health: load(1),
        result: flow(config === "stock" ? stock : zoco),
        peakRssMb: 1,
      }))
    // Zoco 2% slower in each normal round; in round 3 stock alone hit a slow spell.
    const records = [...pair(1, 100, 102), ...pair(2, 200, 204), ...pair(3, 300, 102)]
    const summary = summarize(records, ["stock", "zoco"])
    expect(summary.checkoutVersusStock?.complete).toBe(2)
    // The ratio of the medians (200 against 102) would have called Zoco 49% faster.
    expect(renderReport(meta, summary)).toContain("| complete | 200 | 102 | +2% |")
  })

  it("bounds the paired figure with a 95% interval once there are enough rounds", () => {
    const flow = (ms: number) => checkoutFlow(() => ms)
    const pair = (round: number, zoco: number): RunRecord[] =>
      (["stock", "zoco"] as const).map((config) => ({
        round,
        config,
        scenario: "checkout",
        health: load(1),
        result: flow(config === "stock" ? 100 : zoco),
        peakRssMb: 1,
      }))
    // Zoco's rounds from 3% faster to 9% slower: the median +2%, and with 10 rounds the interval
    // runs from the 2nd smallest to the 2nd largest (a 97.9% interval).
    const zoco = [97, 98, 99, 101, 102, 102, 103, 104, 106, 109]
    const ten = summarize(
      zoco.flatMap((ms, i) => pair(i + 1, ms)),
      ["stock", "zoco"]
    )
    expect(ten.checkoutVersusStock?.complete).toBe(2)
    expect(ten.checkoutVersusStockInterval?.complete).toEqual([-2, 6])
    expect(renderReport(meta, ten)).toContain("| complete | 100 | 102 | +2% | -2% … +6% |")
    // Five rounds cannot bound a median at 95%, so no interval is claimed.
    const five = summarize(
      zoco.slice(0, 5).flatMap((ms, i) => pair(i + 1, ms)),
      ["stock", "zoco"]
    )
    expect(five.checkoutVersusStockInterval).toBeUndefined()
    expect(renderReport(meta, five)).toContain("| complete | 100 | 99 | -1% |\n")
  })

  it("loads servers started once in alternating slices, one at a time, and pairs each slice", async () => {
    // Two servers whose CPU counters the fake measurement moves: 1,000 ms for the one loaded,
    // 10 ms of background work for the one waiting, over 20 s of a fake clock.
    let clock = 0
    const cpu: Record<string, number> = { stock: 0, zoco: 0 }
    const fake = (config: ConfigName) =>
      ({ config, url: "", cpuMs: () => cpu[config], peakRssMb: () => 9 }) as unknown as Server
    const shop = {} as Shop
    const servers = (["stock", "zoco"] as const).map((c) => ({
      server: fake(c),
      shop,
      health: load(1),
    }))
    const loaded: string[] = []
    const { records, idleCpuMsPerS } = await slicedCheckout({
      servers,
      slices: 6,
      connections: 4,
      durationS: 20,
      log: () => undefined,
      now: () => clock,
      measure: async (server) => {
        loaded.push(server.config)
        const slice = Math.ceil(loaded.length / 2)
        clock += 20_000
        cpu[server.config] += 1000
        cpu[server.config === "stock" ? "zoco" : "stock"] += 10
        // The machine slows down slice after slice; Zoco is 2% slower than stock within a slice.
        return checkoutFlow(() => 100 * slice * (server.config === "zoco" ? 1.02 : 1))
      },
    })
    expect(loaded).toEqual([
      "stock",
      "zoco",
      "zoco",
      "stock",
      "stock",
      "zoco",
      "zoco",
      "stock",
      "stock",
      "zoco",
      "zoco",
      "stock",
    ])
    expect(records.map((r) => [r.round, r.config])).toEqual(
      [1, 2, 3, 4, 5, 6].flatMap((s) =>
        s % 2
          ? [
              [s, "stock"],
              [s, "zoco"],
            ]
          : [
              [s, "zoco"],
              [s, "stock"],
            ]
      )
    )
    expect(idleCpuMsPerS).toEqual({ stock: 0.5, zoco: 0.5 })
    const summary = summarize(records, ["stock", "zoco"])
    // Stock's own median moved 3.5× over the run; the paired figure is the 2% within each slice.
    expect(summary.checkoutVersusStock?.complete).toBe(2)
    expect(summary.checkoutVersusStockInterval?.complete).toEqual([2, 2])
    const table = renderReport({ ...meta, rounds: 6, slices: 6, idleCpuMsPerS }, summary)
    expect(table).toContain("median of 6 alternating slices on servers started once")
    expect(table).toContain("CPU ms per second: stock 0.5, zoco 0.5.")
  })

  it("counts the CPU of a process's exited children, so a closed connection's work is not lost", () => {
    // Regression: PostgreSQL's CPU was summed over live processes only, so a backend that ended
    // during a measurement (a pool closing an idle connection) took its time with it and the
    // database's CPU per flow came out negative. The postmaster holds it as its children's time.
    const postmaster =
      "812 (postgres) S 1 812 812 0 -1 4194560 9000 50000 0 0 120 80 3400 1100 20 0 1 0 500 " +
      "230000000 6000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
    expect(parseStat(postmaster)).toEqual({ name: "postgres", ppid: 1, cpuTicks: 4700 })
    const spaced = "77 (node (medusa) x) R 76 77 1 0 -1 0 0 0 0 0 5 6 0 0 20 0 11 0 9 1 1"
    expect(parseStat(spaced)).toEqual({ name: "node (medusa) x", ppid: 76, cpuTicks: 11 })
  })

  it("pools runs without pairing a round of one run with a round of another", () => {
    const run = (rounds: number, zocoMs: number) => ({
      meta: { ...meta, rounds, slices: rounds },
      records: Array.from({ length: rounds }, (_, i) =>
        (["stock", "zoco"] as const).map((config): RunRecord => ({
          round: i + 1,
          config,
          scenario: "checkout",
          health: load(1),
          result: checkoutFlow(() => (config === "zoco" ? zocoMs : 100)),
          peakRssMb: 1,
        }))
      ).flat(),
    })
    // Seven slices with Zoco 10% slower, six with no difference: pooled, the median is +10%.
    // Had round 1 of the second run been paired with round 1 of the first, six would be lost.
    const pooled = poolRuns([run(7, 110), run(6, 100)])
    expect(pooled.meta).toMatchObject({ rounds: 13, slices: 13, pooled: 2 })
    const summary = summarize(pooled.records, ["stock", "zoco"])
    expect(summary.checkoutVersusStock?.complete).toBe(10)
    expect(summary.checkoutVersusStockInterval?.complete).toEqual([0, 10])
    expect(renderReport(pooled.meta, summary)).toContain(
      "13 alternating slices on servers started once pooled from 2 runs"
    )

    const busier = { ...run(6, 100), meta: { ...meta, rounds: 6, slices: 6, connections: 8 } }
    expect(() => poolRuns([run(6, 100), busier])).toThrow("runs differ in connections: 8 against 4")
    const rounds = { ...run(6, 100), meta: { ...meta, rounds: 6 } }
    expect(() => poolRuns([run(6, 100), rounds])).toThrow("runs differ in slices")
  })

  it("finds the order statistics that bound a median", () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1)
    expect(medianInterval(values.slice(0, 5))).toBeUndefined()
    expect(medianInterval(values.slice(0, 6))).toEqual([1, 6])
    expect(medianInterval(values.slice(0, 12))).toEqual([3, 10])
    expect(medianInterval(values)).toEqual([6, 15])
  })

  it("reports the memory round that came closest to the cache's bound", () => {
    const round = (bytes: number): MemoryResult => ({
      keys: 10_000,
      errors: 0,
      seconds: 60,
      entries: 4000,
      bytes,
      maxBytes: 8 * 2 ** 20,
      peakRssMb: 700,
    })
    const summary = summarize([], ["zoco"], [round(7 * 2 ** 20), round(8.2 * 2 ** 20)])
    expect(summary.memory?.ofBound).toBe(102.5)
    expect(renderReport(meta, summary)).toContain(
      "| zoco | 10000 | 4000 | 8.2 | 8 | 102.5% | 700 | 60 | 0 |"
    )
  })
})

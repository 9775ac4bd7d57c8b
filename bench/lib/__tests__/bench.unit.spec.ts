import { generateProducts } from "../dataset"
import { quantile, type LoadResult } from "../load"
import { renderReport, summarize, type RunRecord } from "../report"

const load = (rps: number, p50 = 10): LoadResult => ({
  requests: rps * 10,
  rps,
  p50,
  p95: p50 * 2,
  p99: p50 * 3,
  errors: 0,
  cpuMsPerRequest: 1,
})

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
})

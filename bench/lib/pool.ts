import type { RunRecord } from "./report"

/** What a results file holds besides its summary. */
export type SavedRun = { meta: Record<string, unknown>; records: RunRecord[] }

/**
 * Several runs' records as one run's, for a verdict no single run on a noisy machine can give:
 * each run's rounds (or slices) are numbered after the previous run's, so a pair is never made
 * across runs. Runs of different datasets, loads or kinds (rounds against slices) are refused.
 */
export function poolRuns(runs: SavedRun[]): SavedRun {
  if (!runs.length) throw new Error("no runs to pool")
  const same = ["dataset", "connections", "durationS"] as const
  const first = runs[0].meta
  for (const { meta } of runs) {
    for (const key of [...same, "slices"] as const) {
      if (key === "slices" ? !meta.slices !== !first.slices : meta[key] !== first[key]) {
        throw new Error(`runs differ in ${key}: ${String(meta[key])} against ${String(first[key])}`)
      }
    }
  }
  const records: RunRecord[] = []
  let offset = 0
  for (const run of runs) {
    const rounds = Math.max(0, ...run.records.map((r) => r.round))
    records.push(...run.records.map((r) => ({ ...r, round: r.round + offset })))
    offset += rounds
  }
  const meta: Record<string, unknown> = {
    ...first,
    date: runs.map((r) => r.meta.date).join(", "),
    rounds: offset,
    pooled: runs.length,
  }
  if (first.slices) meta.slices = offset
  delete meta.idleCpuMsPerS
  return { meta, records }
}

import { existsSync, readFileSync, rmSync } from "fs"
import path from "path"

export type Counts = { passed: number; failed: number; skipped: number }

/** One step of a run: a tier's jest, a plugin's tests, a type check, a build. */
export type StepResult = {
  name: string
  tier: string
  ok: boolean
  seconds: number
  /** Tests it ran; a step that is not a test (a build) has none and adds only its failure. */
  counts?: Counts
  /** Seconds per test file, for the slowest-files table. */
  files?: { file: string; seconds: number }[]
  /** Said under the summary when the step failed, e.g. why a tier with no test fails. */
  note?: string
}

type JestJson = {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  numRuntimeErrorTestSuites: number
  numTotalTestSuites: number
  testResults: { name: string; startTime: number; endTime: number }[]
}

/** What a jest `--json --outputFile` report says; undefined when jest wrote none. */
export function readJestReport(
  file: string,
  root: string
): { counts: Counts; files: { file: string; seconds: number }[]; suites: number } | undefined {
  if (!existsSync(file)) return undefined
  const report = JSON.parse(readFileSync(file, "utf8")) as JestJson
  rmSync(file, { force: true })
  return {
    counts: {
      passed: report.numPassedTests,
      // A suite that crashes before its tests run has no failed test; count it.
      failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
      skipped: report.numPendingTests + report.numTodoTests,
    },
    files: report.testResults.map((r) => ({
      file: path.relative(root, r.name),
      seconds: Math.max(0, (r.endTime - r.startTime) / 1000),
    })),
    suites: report.numTotalTestSuites,
  }
}

export function total(results: StepResult[]): Counts {
  return results.reduce<Counts>(
    (acc, r) => ({
      passed: acc.passed + (r.counts?.passed ?? 0),
      failed: acc.failed + (r.counts?.failed ?? 0) + (!r.ok && !r.counts?.failed ? 1 : 0),
      skipped: acc.skipped + (r.counts?.skipped ?? 0),
    }),
    { passed: 0, failed: 0, skipped: 0 }
  )
}

const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - s.length))
const lpad = (s: string, n: number) => " ".repeat(Math.max(0, n - s.length)) + s

/**
 * The closing report: every step, seconds per tier (wall clock; tiers and steps may overlap),
 * the slowest test files, and the one line `zoco: N passed, N failed, N skipped`.
 */
export function formatReport(
  results: StepResult[],
  tierSeconds: Map<string, number>,
  wallSeconds: number
): string {
  const lines: string[] = ["", "Summary"]
  for (const r of results) {
    const c = r.counts
      ? ` (${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped)`
      : ""
    lines.push(`  ${r.ok ? "ok  " : "FAIL"} ${r.name}${c} ${r.seconds.toFixed(0)}s`)
    if (!r.ok && r.note) lines.push(`       ${r.note}`)
  }

  lines.push("", "Seconds per tier")
  lines.push(`  ${pad("tier", 10)} ${lpad("seconds", 8)} ${lpad("tests", 6)}`)
  for (const [tier, seconds] of tierSeconds) {
    const tests = results
      .filter((r) => r.tier === tier)
      .reduce((n, r) => n + (r.counts ? r.counts.passed + r.counts.failed : 0), 0)
    lines.push(`  ${pad(tier, 10)} ${lpad(seconds.toFixed(0), 8)} ${lpad(String(tests), 6)}`)
  }
  // Tiers may overlap (http beside e2e): the total is the run's own clock.
  lines.push(`  ${pad("total", 10)} ${lpad(wallSeconds.toFixed(0), 8)}`)

  const files = results
    .flatMap((r) => (r.files ?? []).map((f) => ({ ...f, tier: r.tier })))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 10)
  if (files.length > 0) {
    lines.push("", "Slowest test files")
    for (const f of files) {
      lines.push(`  ${lpad(f.seconds.toFixed(0), 5)}s  ${pad(f.tier, 8)} ${f.file}`)
    }
  }

  const t = total(results)
  lines.push("", `zoco: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`, "")
  return lines.join("\n")
}

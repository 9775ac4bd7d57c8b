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
  /** The tests that failed, named in the closing report so a CI log's tail says what broke. */
  failures?: Failure[]
  /** Said under the summary when the step failed, e.g. why a tier with no test fails. */
  note?: string
}

/** One failed test, or a suite that crashed before its tests ran (`test` is then undefined). */
export type Failure = { file: string; test?: string; message: string }

type JestJson = {
  numPassedTests: number
  numFailedTests: number
  numPendingTests: number
  numTodoTests: number
  numRuntimeErrorTestSuites: number
  numTotalTestSuites: number
  testResults: {
    name: string
    startTime: number
    endTime: number
    /** Set when the suite itself failed: a throw in `beforeAll`, a compile error. */
    failureMessage?: string | null
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[]
  }[]
}

/** How much of an error the closing report keeps: enough to tell the cause, not the stack. */
const MESSAGE_LINES = 6
const MESSAGE_CHARS = 600

/** The first lines of an error without its stack frames and terminal colours. */
export function briefMessage(message: string): string {
  const lines = message
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "" && !/^\s*at /.test(l))
    .slice(0, MESSAGE_LINES)
  const text = lines.join("\n")
  return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS)}…` : text
}

function failuresOf(report: JestJson, root: string): Failure[] {
  return report.testResults.flatMap((r) => {
    const file = path.relative(root, r.name)
    const failed = (r.assertionResults ?? []).filter((a) => a.status === "failed")
    if (failed.length > 0) {
      return failed.map((a) => ({
        file,
        test: a.fullName,
        message: briefMessage((a.failureMessages ?? []).join("\n")),
      }))
    }
    return r.failureMessage ? [{ file, message: briefMessage(r.failureMessage) }] : []
  })
}

/** What a jest `--json --outputFile` report says; undefined when jest wrote none. */
export function readJestReport(
  file: string,
  root: string
):
  | {
      counts: Counts
      files: { file: string; seconds: number }[]
      failures: Failure[]
      suites: number
    }
  | undefined {
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
    failures: failuresOf(report, root),
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

/** Failures named in full in the closing report; the rest are counted. */
const MAX_FAILURES = 12

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
  // The run's own clock: it also counts the builds and the template database.
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

  // Last before the totals: the part of a long log that is read first.
  const failures = results.flatMap((r) => r.failures ?? [])
  if (failures.length > 0) {
    lines.push("", "Failed tests")
    for (const f of failures.slice(0, MAX_FAILURES)) {
      lines.push(`  ${f.file}${f.test ? ` › ${f.test}` : " (the suite did not run)"}`)
      for (const l of f.message.split("\n")) lines.push(`      ${l}`)
    }
    if (failures.length > MAX_FAILURES) {
      lines.push(`  … and ${failures.length - MAX_FAILURES} more (see the log above)`)
    }
  }

  const t = total(results)
  lines.push("", `zoco: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`, "")
  return lines.join("\n")
}

import { mkdtempSync, writeFileSync } from "fs"
import os from "os"
import path from "path"
import { formatReport, readJestReport, total, type StepResult } from "../test-report"

const steps: StepResult[] = [
  {
    name: "eslint",
    tier: "static",
    ok: true,
    seconds: 8,
    counts: { passed: 1, failed: 0, skipped: 0 },
  },
  {
    name: "jest http",
    tier: "http",
    ok: false,
    seconds: 300,
    counts: { passed: 40, failed: 2, skipped: 1 },
    files: [
      { file: "integration-tests/http/a.spec.ts", seconds: 120 },
      { file: "integration-tests/http/b.spec.ts", seconds: 30 },
    ],
  },
  {
    name: "jest modules",
    tier: "modules",
    ok: false,
    seconds: 2,
    note: "the modules tier ran no test file",
  },
  { name: "medusa plugin:build (x)", tier: "build", ok: true, seconds: 12 },
]

describe("the closing report of npm test", () => {
  it("counts tests, and a failed step without tests (an empty tier) as one failure", () => {
    expect(total(steps)).toEqual({ passed: 41, failed: 3, skipped: 1 })
  })

  it("ends with the totals line CI reads, after the seconds per tier and the slowest files", () => {
    const report = formatReport(
      steps,
      new Map([
        ["static", 20],
        ["http", 310],
        ["modules", 2],
      ]),
      305
    )
    const lines = report.trimEnd().split("\n")
    expect(lines[lines.length - 1]).toBe("zoco: 41 passed, 3 failed, 1 skipped")
    expect(report).toMatch(/^ {2}http +310 +42$/m)
    expect(report).toMatch(/^ {2}total +305$/m)
    expect(report).toContain("FAIL jest modules")
    expect(report).toContain("the modules tier ran no test file")
    const slowest = report.split("Slowest test files\n")[1].split("\n").slice(0, 2)
    expect(slowest[0]).toMatch(/120s +http +integration-tests\/http\/a\.spec\.ts/)
    expect(slowest[1]).toMatch(/30s +http +integration-tests\/http\/b\.spec\.ts/)
  })

  it("reads jest's JSON report: counts, a crashed suite as a failure, seconds per file", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "zoco-report-"))
    const file = path.join(dir, "report.json")
    writeFileSync(
      file,
      JSON.stringify({
        numPassedTests: 5,
        numFailedTests: 1,
        numPendingTests: 2,
        numTodoTests: 1,
        numRuntimeErrorTestSuites: 1,
        numTotalTestSuites: 3,
        testResults: [{ name: "/repo/src/x.unit.spec.ts", startTime: 1_000, endTime: 3_500 }],
      })
    )
    expect(readJestReport(file, "/repo")).toEqual({
      counts: { passed: 5, failed: 2, skipped: 3 },
      files: [{ file: "src/x.unit.spec.ts", seconds: 2.5 }],
      suites: 3,
    })
    // Read once: the file is removed so a later run cannot mistake it for its own.
    expect(readJestReport(file, "/repo")).toBeUndefined()
  })
})

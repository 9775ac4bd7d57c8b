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
    expect(report).not.toContain("Failed tests")
  })

  it("names each failed test and its error just above the totals, so a log's tail says what broke", () => {
    const failing: StepResult[] = [
      {
        ...steps[1],
        failures: [
          {
            file: "integration-tests/http/a.spec.ts",
            test: "a refuses x",
            message: "Expected: 400\nReceived: 500",
          },
          {
            file: "integration-tests/http/b.spec.ts",
            message: "connect ECONNREFUSED 127.0.0.1:5432",
          },
        ],
      },
    ]
    const lines = formatReport(failing, new Map([["http", 310]]), 305)
      .trimEnd()
      .split("\n")
    const at = lines.indexOf("Failed tests")
    expect(at).toBeGreaterThan(lines.findIndex((l) => l === "Slowest test files"))
    expect(lines.slice(at + 1, at + 6)).toEqual([
      "  integration-tests/http/a.spec.ts › a refuses x",
      "      Expected: 400",
      "      Received: 500",
      "  integration-tests/http/b.spec.ts (the suite did not run)",
      "      connect ECONNREFUSED 127.0.0.1:5432",
    ])
    expect(lines[lines.length - 1]).toBe("zoco: 40 passed, 2 failed, 1 skipped")
  })

  it("keeps only the first failures in full and counts the rest", () => {
    const many = Array.from({ length: 15 }, (_, i) => ({
      file: "f.spec.ts",
      test: `case ${i}`,
      message: "boom",
    }))
    const report = formatReport([{ ...steps[1], failures: many }], new Map(), 1)
    expect(report).toContain("f.spec.ts › case 11")
    expect(report).not.toContain("f.spec.ts › case 12")
    expect(report).toContain("… and 3 more (see the log above)")
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
        testResults: [
          {
            name: "/repo/src/x.unit.spec.ts",
            startTime: 1_000,
            endTime: 3_500,
            assertionResults: [
              { fullName: "x works", status: "passed", failureMessages: [] },
              {
                fullName: "x refuses bad input",
                status: "failed",
                failureMessages: [
                  "\u001b[31mError: expect(received).toBe(expected)\u001b[39m\n\nExpected: 400\nReceived: 500\n    at Object.<anonymous> (/repo/src/x.unit.spec.ts:12:5)",
                ],
              },
            ],
          },
          {
            name: "/repo/src/y.unit.spec.ts",
            startTime: 1_000,
            endTime: 1_500,
            failureMessage: "Cannot find module './gone' from 'src/y.unit.spec.ts'",
            assertionResults: [],
          },
        ],
      })
    )
    expect(readJestReport(file, "/repo")).toEqual({
      counts: { passed: 5, failed: 2, skipped: 3 },
      files: [
        { file: "src/x.unit.spec.ts", seconds: 2.5 },
        { file: "src/y.unit.spec.ts", seconds: 0.5 },
      ],
      failures: [
        {
          file: "src/x.unit.spec.ts",
          test: "x refuses bad input",
          message: "Error: expect(received).toBe(expected)\nExpected: 400\nReceived: 500",
        },
        {
          file: "src/y.unit.spec.ts",
          message: "Cannot find module './gone' from 'src/y.unit.spec.ts'",
        },
      ],
      suites: 3,
    })
    // Read once: the file is removed so a later run cannot mistake it for its own.
    expect(readJestReport(file, "/repo")).toBeUndefined()
  })
})

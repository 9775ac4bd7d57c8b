import path from "path"
import { classify, listTestFiles, parseArgs, SelectionError, TIERS } from "../test-select"

const ROOT = path.resolve(__dirname, "../../..")

describe("which tier runs a test file", () => {
  it.each([
    ["integration-tests/http/guest-checkout.spec.ts", "http"],
    ["integration-tests/e2e/npm-start.spec.ts", "e2e"],
    ["src/modules/stock-guard/__tests__/guard.spec.ts", "modules"],
    ["src/lib/__tests__/env.unit.spec.ts", "unit"],
    ["bench/lib/__tests__/stats.unit.spec.ts", "unit"],
    ["plugins/webhooks/src/modules/webhooks/__tests__/guard.spec.ts", "plugins"],
  ])("%s runs in the %s tier", (file, tier) => {
    expect(classify(file)?.tier).toBe(tier)
  })

  it("names the plugin whose jest runs a plugin's test", () => {
    expect(classify("plugins/payment-paypal/src/providers/paypal/__tests__/money.spec.ts")).toEqual(
      {
        file: "plugins/payment-paypal/src/providers/paypal/__tests__/money.spec.ts",
        tier: "plugins",
        plugin: "payment-paypal",
      }
    )
  })

  it.each([
    "src/lib/env.ts",
    "integration-tests/utils/checkout.ts",
    "integration-tests/e2e/utils/launcher.ts",
    // A unit test must say so in its name; the unit tier would not pick this one up.
    "src/lib/__tests__/env.spec.ts",
    "plugins/webhooks/src/lib/notify.spec.ts",
  ])("%s is run by no tier", (file) => {
    expect(classify(file)).toBeUndefined()
  })

  it("finds this repository's test files in every tier that has them", () => {
    const files = listTestFiles(ROOT)
    const here = path.relative(ROOT, __filename)
    expect(files).toContainEqual({ file: here, tier: "unit" })
    expect(new Set(files.map((f) => f.tier))).toEqual(
      new Set(["unit", "plugins", "modules", "http", "e2e"])
    )
  })
})

describe("npm test -- <arguments>", () => {
  it("runs every tier when given nothing", () => {
    expect(parseArgs([], ROOT).tiers).toEqual([...TIERS])
  })

  it("runs the named tiers only, and lists them with --list", () => {
    expect(parseArgs(["unit", "http"], ROOT)).toMatchObject({ tiers: ["unit", "http"], files: [] })
    expect(parseArgs(["--list"], ROOT)).toMatchObject({ list: true, tiers: [] })
  })

  it("runs one file named by its path, in its own tier", () => {
    const selection = parseArgs(["integration-tests/http/guest-checkout.spec.ts"], ROOT)
    expect(selection.tiers).toEqual([])
    expect(selection.files).toEqual([
      { file: "integration-tests/http/guest-checkout.spec.ts", tier: "http" },
    ])
  })

  it("reads a path relative to the folder npm was run from", () => {
    const selection = parseArgs(
      ["./guard.spec.ts"],
      ROOT,
      path.join(ROOT, "plugins/webhooks/src/modules/webhooks/__tests__")
    )
    expect(selection.files).toEqual([
      {
        file: "plugins/webhooks/src/modules/webhooks/__tests__/guard.spec.ts",
        tier: "plugins",
        plugin: "webhooks",
      },
    ])
  })

  it("runs every file a pattern matches, and passes jest options on", () => {
    const selection = parseArgs(["guest-checkout|npm-start", "-t", "Europe", "--verbose"], ROOT)
    expect(selection.files.map((f) => f.file)).toEqual([
      "integration-tests/e2e/npm-start.spec.ts",
      "integration-tests/http/guest-checkout.spec.ts",
    ])
    expect(selection.jestArgs).toEqual(["-t", "Europe", "--verbose"])
  })

  it("refuses, naming it, an argument that matches no test file", () => {
    expect(() => parseArgs(["no-such-test"], ROOT)).toThrow(SelectionError)
    expect(() => parseArgs(["no-such-test"], ROOT)).toThrow(/"no-such-test" is neither a tier/)
    expect(() => parseArgs(["src/lib/env.ts"], ROOT)).toThrow(/not a test file of any tier/)
  })
})

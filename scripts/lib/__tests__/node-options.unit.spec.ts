import { execFileSync } from "child_process"
import { SEMI_SPACE_MB, serverNodeOptions } from "../node-options"

/** The young generation's size, in MB, that a Node process started with `nodeOptions` grows to. */
function youngGenerationMb(nodeOptions: string): number {
  const churn = `
    const v8 = require("v8")
    let kept = []
    for (let i = 0; i < 3e6; i++) {
      kept.push({ i, s: "x" + i })
      if (kept.length > 200000) kept = []
    }
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space")
    process.stdout.write(String(young.space_size / 1048576))
  `
  const out = execFileSync(process.execPath, ["-e", churn], {
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    encoding: "utf8",
  })
  return Number(out)
}

describe("serverNodeOptions", () => {
  it("gives the server's processes a young generation of two semi-spaces of SEMI_SPACE_MB", () => {
    expect(serverNodeOptions(undefined)).toBe(`--max-semi-space-size=${SEMI_SPACE_MB}`)
    expect(youngGenerationMb(serverNodeOptions(undefined))).toBe(2 * SEMI_SPACE_MB)
    // Node's own default is smaller: what the setting changes.
    expect(youngGenerationMb("")).toBeLessThan(2 * SEMI_SPACE_MB)
  })

  it("keeps the operator's own options, before its own", () => {
    const preload = '--require "/srv/zoco/preload.js"'
    expect(serverNodeOptions(` ${preload} `)).toBe(
      `${preload} --max-semi-space-size=${SEMI_SPACE_MB}`
    )
  })

  it("leaves the heap alone when the operator has sized it", () => {
    for (const own of [
      "--max-semi-space-size=8",
      "--max_semi_space_size=8",
      "--min-semi-space-size=4",
      "--max-heap-size=512",
    ]) {
      expect(serverNodeOptions(own)).toBe(own)
    }
    expect(youngGenerationMb(serverNodeOptions("--max-semi-space-size=8"))).toBe(16)
  })

  it("adds it next to an old-generation limit, which V8 accepts together", () => {
    const options = serverNodeOptions("--max-old-space-size=2048")
    expect(options).toBe(`--max-old-space-size=2048 --max-semi-space-size=${SEMI_SPACE_MB}`)
    expect(youngGenerationMb(options)).toBe(2 * SEMI_SPACE_MB)
  })
})

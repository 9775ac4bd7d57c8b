import { spawnSync } from "child_process"
import { mkdtempSync, rmSync } from "fs"
import os from "os"
import path from "path"
import { ROOT } from "./utils/launcher"

const STRONG = "0123456789abcdef".repeat(4)

function startProduction(extra: NodeJS.ProcessEnv) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zoco-prod-"))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    ZOCO_DATA_DIR: dataDir,
    ...extra,
  }
  for (const name of ["JWT_SECRET", "COOKIE_SECRET", "STORE_CORS"]) {
    if (!(name in extra)) delete env[name]
  }
  try {
    return spawnSync("npm", ["start"], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 })
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

describe("production refuses unsafe configuration at start", () => {
  it.each([
    [{}, "JWT_SECRET"],
    [{ JWT_SECRET: STRONG }, "COOKIE_SECRET"],
    [{ JWT_SECRET: "supersecret", COOKIE_SECRET: STRONG }, "JWT_SECRET"],
    [{ JWT_SECRET: STRONG, COOKIE_SECRET: STRONG, STORE_CORS: "*" }, "STORE_CORS"],
  ])("npm start with NODE_ENV=production and %j exits naming %s", (extra, variable) => {
    const result = startProduction(extra)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`Zoco cannot start: ${variable}`)
    // It stopped before touching a database.
    expect(result.stdout).not.toContain("Database:")
  })

  it("medusa-config.ts itself exits naming the variable, for deployments that run medusa directly", () => {
    const result = spawnSync(
      process.execPath,
      [
        "-e",
        'require("ts-node").register({ transpileOnly: true, swc: true }); require("./medusa-config.ts")',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: "production", JWT_SECRET: "", COOKIE_SECRET: "" },
        encoding: "utf8",
      }
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toContain("Zoco cannot start: JWT_SECRET")
  })
})

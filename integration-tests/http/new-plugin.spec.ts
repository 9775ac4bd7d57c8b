import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { Client } from "pg"
import { copyAppFiles, scaffoldPlugin } from "../../scripts/lib/new-plugin"

// `npm run new-plugin` as an author runs it: what it writes builds with `medusa plugin:build` and
// passes its own tests (its module on PostgreSQL, its routes over HTTP) without a change. Written
// into a copy of the app's files, next to the repository's node_modules, so the tree is left alone.

const ROOT = path.resolve(__dirname, "../..")
const NAME = "scaffold-check"

function run(cwd: string, command: string, args: string[]) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "--experimental-vm-modules" },
    timeout: 200_000,
  })
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`.slice(-4_000) }
}

/** The databases the plugin's tests made (their runners name them after the module and folder). */
async function dropTestDatabases() {
  const db = new Client({
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USERNAME,
    password: process.env.DB_PASSWORD,
    database: "postgres",
  })
  await db.connect()
  try {
    const { rows } = await db.query<{ datname: string }>(
      "select datname from pg_database where datname like $1 or datname like $2",
      [`%${NAME}%`, `%${NAME.replace(/-/g, "_")}%`]
    )
    for (const { datname } of rows) {
      await db.query(`drop database if exists "${datname.replace(/"/g, '""')}"`)
    }
  } finally {
    await db.end()
  }
}

describe("a scaffolded plugin", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "zoco-scaffold-"))
  const plugin = path.join(root, "plugins", NAME)

  beforeAll(async () => {
    copyAppFiles(ROOT, root)
    symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"), "dir")
    await scaffoldPlugin(root, NAME)
  })

  afterAll(async () => {
    rmSync(root, { recursive: true, force: true })
    await dropTestDatabases()
  })

  it("builds, its admin widget included", () => {
    const build = run(plugin, "npx", ["medusa", "plugin:build"])
    expect(build).toEqual(expect.objectContaining({ status: 0 }))
    expect(existsSync(path.join(plugin, ".medusa/server/src/admin/index.js"))).toBe(true)
    expect(existsSync(path.join(plugin, ".medusa/server/src/api/middlewares.js"))).toBe(true)
  })

  it("passes its own tests: the module, and the routes over HTTP", () => {
    const tests = run(plugin, "npx", ["jest", "--ci"])
    expect(tests).toEqual(expect.objectContaining({ status: 0 }))
    expect(tests.output).toMatch(/Tests:\s+4 passed, 4 total/)
  })
})

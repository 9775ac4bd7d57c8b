import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import path from "node:path"
import { ESLint } from "eslint"
import * as prettier from "prettier"
import ts from "typescript"
import { copyAppFiles, scaffoldPlugin } from "../new-plugin"
import { pluginNames } from "../new-plugin-names"
import { registration } from "../new-plugin-register"

const ROOT = path.resolve(__dirname, "../../..")
jest.setTimeout(120_000)

function appCopy(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "zoco-new-plugin-"))
  copyAppFiles(ROOT, root)
  return root
}

/**
 * The compiler as `tsc --noEmit -p .` runs it at the root, over the scaffolded files and the
 * app's config, with the copy's files standing in for the repository's.
 */
function typeErrors(copy: string, files: string[]): string[] {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile).config
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT)
  const inCopy = (file: string) => {
    const relative = path.relative(ROOT, file)
    const mapped = path.join(copy, relative)
    return !relative.startsWith("..") && existsSync(mapped) ? mapped : file
  }
  const host = ts.createCompilerHost(options)
  const { getSourceFile } = host
  host.fileExists = (file) => ts.sys.fileExists(inCopy(file))
  host.directoryExists = (dir) => ts.sys.directoryExists(inCopy(dir))
  host.readFile = (file) => ts.sys.readFile(inCopy(file))
  host.getSourceFile = (file, language, onError) => getSourceFile(inCopy(file), language, onError)
  const program = ts.createProgram({
    rootNames: [path.join(ROOT, "medusa-config.ts"), ...files.map((f) => path.join(ROOT, f))],
    options,
    host,
  })
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))
}

describe("npm run new-plugin", () => {
  const copy = appCopy()
  const now = new Date("2026-12-05T10:20:30Z")
  let written: Awaited<ReturnType<typeof scaffoldPlugin>>

  beforeAll(async () => {
    written = await scaffoldPlugin(copy, "gift-cards", { now })
  })
  afterAll(() => rmSync(copy, { recursive: true, force: true }))

  const inPlugin = (file: string) => path.join(copy, "plugins/gift-cards", file)

  it("writes a whole plugin: module and migration, routes, workflow, subscriber, widget, tests", () => {
    expect(written.files).toEqual([
      "README.md",
      "jest.config.js",
      "medusa-config.ts",
      "package.json",
      "src/admin/lib/client.ts",
      "src/admin/widgets/gift-cards-items.tsx",
      "src/api/__tests__/routes.spec.ts",
      "src/api/admin/gift-cards/route.ts",
      "src/api/helpers.ts",
      "src/api/middlewares.ts",
      "src/api/store/gift-cards/route.ts",
      "src/api/validators.ts",
      "src/modules/gift-cards/__tests__/service.spec.ts",
      "src/modules/gift-cards/events.ts",
      "src/modules/gift-cards/index.ts",
      "src/modules/gift-cards/migrations/.snapshot-medusa-gift-cards.json",
      "src/modules/gift-cards/migrations/Migration20261205102030.ts",
      "src/modules/gift-cards/models/gift-cards-item.ts",
      "src/modules/gift-cards/service.ts",
      "src/subscribers/gift-cards-item-created.ts",
      "src/workflows/create-gift-cards-item.ts",
      "src/workflows/index.ts",
      "src/workflows/steps/create-gift-cards-item.ts",
      "tsconfig.json",
    ])
    for (const file of written.files) expect(readFileSync(inPlugin(file), "utf8")).not.toBe("")
    expect(written.registered).toEqual(["src/lib/modules.ts", "medusa-config.ts"])
  })

  it("gives the package the admin export and the app's versions", () => {
    const pkg = JSON.parse(readFileSync(inPlugin("package.json"), "utf8"))
    const app = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"))
    expect(pkg.exports["./admin"]).toEqual(expect.objectContaining({ import: expect.any(String) }))
    expect(pkg.peerDependencies["@medusajs/framework"]).toBe(
      app.dependencies["@medusajs/framework"]
    )
    expect(pkg.peerDependencies["@medusajs/ui"]).toBe(app.dependencies["@medusajs/ui"])
    expect(pkg.devDependencies["@medusajs/test-utils"]).toBe(
      app.devDependencies["@medusajs/test-utils"]
    )
  })

  it("registers it in the app once, as the other plugins are", () => {
    const config = readFileSync(path.join(copy, "medusa-config.ts"), "utf8")
    const modules = readFileSync(path.join(copy, "src/lib/modules.ts"), "utf8")
    const count = (text: string, what: string) => text.split(what).length - 1
    expect(count(config, "  giftCards,\n")).toBe(1)
    expect(count(config, "...giftCards().plugins,")).toBe(1)
    expect(count(config, "...giftCards().modules,")).toBe(1)
    expect(count(modules, 'resolve: "@zoco/gift-cards"')).toBe(1)
    expect(count(modules, 'resolve: "@zoco/gift-cards/modules/gift-cards"')).toBe(1)
    // Run again over what it wrote: nothing changes.
    for (const change of registration(pluginNames("gift-cards"), { modules, config })) {
      expect(change.after).toBe(change.before)
    }
  })

  it("refuses to write over a plugin, and leaves the app as it was", async () => {
    const config = readFileSync(path.join(copy, "medusa-config.ts"), "utf8")
    await expect(scaffoldPlugin(copy, "gift-cards")).rejects.toThrow("exists already")
    await expect(scaffoldPlugin(copy, "Gift_Cards")).rejects.toThrow("is not a plugin name")
    expect(readFileSync(path.join(copy, "medusa-config.ts"), "utf8")).toBe(config)
  })

  it("writes nothing when medusa-config.ts has no list to register it in", async () => {
    const other = appCopy()
    try {
      const config = path.join(other, "medusa-config.ts")
      const without = readFileSync(config, "utf8").replace("  plugins: [", "  extensions: [")
      writeFileSync(config, without)
      await expect(scaffoldPlugin(other, "loyalty")).rejects.toThrow(
        'medusa-config.ts: the "plugins: [" list of defineConfig not found'
      )
      expect(existsSync(path.join(other, "plugins/loyalty"))).toBe(false)
      expect(readFileSync(path.join(other, "src/lib/modules.ts"), "utf8")).toBe(
        readFileSync(path.join(ROOT, "src/lib/modules.ts"), "utf8")
      )
    } finally {
      rmSync(other, { recursive: true, force: true })
    }
  })

  it("is Prettier-formatted, the app's files included", async () => {
    const files = [...written.files.map((f) => `plugins/gift-cards/${f}`), ...written.registered]
    const unformatted: string[] = []
    for (const file of files) {
      const options = await prettier.resolveConfig(path.join(ROOT, file))
      const text = readFileSync(path.join(copy, file), "utf8")
      if (!(await prettier.check(text, { ...options, filepath: path.join(ROOT, file) }))) {
        unformatted.push(file)
      }
    }
    expect(unformatted).toEqual([])
  })

  it("passes the repository's lint rules", async () => {
    const eslint = new ESLint({ cwd: ROOT })
    const code = [
      ...written.files
        .filter((f) => /\.(ts|tsx|js)$/.test(f))
        .map((f) => `plugins/gift-cards/${f}`),
      ...written.registered,
    ]
    const problems: string[] = []
    for (const file of code) {
      const [result] = await eslint.lintText(readFileSync(path.join(copy, file), "utf8"), {
        filePath: path.join(ROOT, file),
      })
      for (const m of result.messages) problems.push(`${file}:${m.line} ${m.ruleId}: ${m.message}`)
    }
    expect(problems).toEqual([])
  })

  it("type-checks, with the app's config that now imports it", () => {
    const code = written.files.filter((f) => /\.tsx?$/.test(f))
    expect(
      typeErrors(
        copy,
        code.map((f) => `plugins/gift-cards/${f}`)
      )
    ).toEqual([])
  })
})

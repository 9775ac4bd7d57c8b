import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "fs"
import path from "path"
import * as prettier from "prettier"
import { adminFiles, httpTestFiles } from "./new-plugin-admin"
import { apiFiles, workflowFiles } from "./new-plugin-api"
import { moduleFiles } from "./new-plugin-module"
import { pluginNames } from "./new-plugin-names"
import { packageFiles } from "./new-plugin-package"
import { registration } from "./new-plugin-register"

export { PLUGIN_NAME } from "./new-plugin-names"

/** The app's files the scaffold reads or changes, relative to the root. */
export const APP_FILES = [
  "package.json",
  ".prettierrc.json",
  "medusa-config.ts",
  "src/lib/modules.ts",
  "plugins/plugin-kit/package.json",
]

/** Copies `APP_FILES` from `root` to `to`: an app to scaffold into that leaves `root` alone. */
export function copyAppFiles(root: string, to: string) {
  for (const file of APP_FILES) {
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true })
    copyFileSync(path.join(root, file), path.join(to, file))
  }
}

/** Drops the indentation the templates share, so that each starts at column 0. */
function dedent(text: string): string {
  const lines = text.replace(/^\n/, "").split("\n")
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length)
  const common = Math.min(...indents)
  return lines.map((l) => l.slice(common)).join("\n")
}

async function format(file: string, text: string): Promise<string> {
  const options = await prettier.resolveConfig(file)
  return prettier.format(dedent(text), { ...options, filepath: file })
}

export type Scaffolded = {
  /** The plugin's files, relative to it. */
  files: string[]
  /** The app's files that registering it changed, relative to the root (none when it was). */
  registered: string[]
}

/**
 * Writes `plugins/<name>`: a package that builds with `medusa plugin:build` on the kit's presets,
 * with a module (a DML model, its `MedusaService` and migration), a workflow of a compensated step
 * that emits an event, a subscriber to it, Store and Admin routes with their schemas, middlewares
 * and OpenAPI docs, an admin widget, and tests of the module and of the routes. Registers it in
 * the app (`src/lib/modules.ts`, `medusa-config.ts`). Every file is Prettier-formatted. Versions
 * come from the app's package.json, so the plugin pins what the app runs. `now` names the
 * migration.
 */
export async function scaffoldPlugin(
  root: string,
  name: string,
  { now = new Date() }: { now?: Date } = {}
): Promise<Scaffolded> {
  const n = pluginNames(name)
  const dir = path.join(root, "plugins", name)
  if (existsSync(dir)) throw new Error(`plugins/${name} exists already`)
  const app = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  const kit = JSON.parse(
    readFileSync(path.join(root, "plugins", "plugin-kit", "package.json"), "utf8")
  ) as { version: string }
  const medusa = app.dependencies["@medusajs/framework"]
  const version = (pkg: string) => {
    if (pkg === "@zoco/plugin-kit") return kit.version
    const found = app.dependencies[pkg] ?? app.devDependencies[pkg]
    // Every @medusajs package but the UI is released at one version: the app's framework's.
    if (!found && pkg.startsWith("@medusajs/") && pkg !== "@medusajs/ui") return medusa
    if (!found) throw new Error(`the app's package.json does not list ${pkg}`)
    return found
  }
  const read = (file: string) => readFileSync(path.join(root, file), "utf8")
  // Checked before anything is written: a missing anchor leaves the tree as it was.
  const changes = registration(n, {
    modules: read("src/lib/modules.ts"),
    config: read("medusa-config.ts"),
  })

  const files: Record<string, string> = {
    ...packageFiles(n, version),
    ...moduleFiles(n, now),
    ...workflowFiles(n),
    ...apiFiles(n),
    ...adminFiles(n),
    ...httpTestFiles(n),
  }
  const formatted = await Promise.all(
    Object.entries(files).map(async ([file, text]) => {
      return [file, await format(path.join(dir, file), text)] as const
    })
  )
  for (const [file, text] of formatted) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
  }
  const registered: string[] = []
  for (const change of changes) {
    if (change.after === change.before) continue
    const file = path.join(root, change.file)
    writeFileSync(file, await format(file, change.after))
    registered.push(change.file)
  }
  return { files: Object.keys(files).sort(), registered }
}

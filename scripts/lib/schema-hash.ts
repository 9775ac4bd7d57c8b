import { createHash } from "crypto"
import { existsSync, readdirSync, readFileSync } from "fs"
import path from "path"
import { listPlugins } from "./build"

// Folders whose files decide what Medusa's migrations and link sync do to a database.
const SCHEMA_DIRS = new Set(["migrations", "links", "models"])

/** Files that decide the schema `medusa db:migrate` produces, sorted. */
export function schemaInputs(root: string): string[] {
  // The lock file pins Medusa's own migrations; the config and module wiring pick the modules.
  const files = ["package-lock.json", "medusa-config.ts", "src/lib/modules.ts"]
    .map((f) => path.join(root, f))
    .filter(existsSync)
  const walk = (dir: string, inSchemaDir: boolean) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "__tests__") continue
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full, inSchemaDir || SCHEMA_DIRS.has(entry.name))
      else if (inSchemaDir) files.push(full)
    }
  }
  walk(path.join(root, "src"), false)
  for (const plugin of listPlugins(root)) walk(path.join(plugin, "src"), false)
  return files.sort()
}

/**
 * A fingerprint of the schema the sources under `root` migrate a database to, with Redis or
 * without it (the Redis event bus and workflow engine are other modules, with tables of their own).
 */
export function schemaHash(root: string, env: { REDIS_URL?: string }): string {
  const hash = createHash("sha256")
  for (const file of schemaInputs(root)) {
    hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0")
  }
  hash.update(`redis=${env.REDIS_URL ? "yes" : "no"}\0`)
  return hash.digest("hex")
}

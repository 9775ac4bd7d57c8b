import { existsSync, readdirSync, statSync } from "fs"
import path from "path"

/** The tiers `npm test` runs, in order. A plugin's own tests form the `plugins` tier. */
export const TIERS = ["static", "unit", "plugins", "modules", "http", "e2e"] as const
export type Tier = (typeof TIERS)[number]

export const TIER_DESCRIPTIONS: Record<Tier, string> = {
  static: "tsc --noEmit (the app, every plugin in it), ESLint, Prettier",
  unit: "**/__tests__/**/*.unit.spec.ts outside plugins/: pure functions, no database",
  plugins: "each plugin's own tests (plugins/<name>/src/**/__tests__/*.spec.ts, its jest config)",
  modules: "src/modules/*/__tests__/*.spec.ts: moduleIntegrationTestRunner, one database each",
  http: "integration-tests/http/*.spec.ts: medusaIntegrationTestRunner, Store and Admin API",
  e2e: "integration-tests/e2e/*.spec.ts: npm start as a user runs it, servers, browser",
}

/** A test file and where it runs: a jest tier of the app, or a plugin's own jest. */
export type TestFile = { file: string; tier: Exclude<Tier, "static">; plugin?: string }

const SKIP_DIRS = new Set(["node_modules", ".medusa", ".data", ".git", "coverage"])

/**
 * Which tier runs `relative` (a path from the repository root, `/`-separated), the way the tiers'
 * jest configurations match files; undefined for a file no tier runs.
 */
export function classify(relative: string): TestFile | undefined {
  const file = relative.split(path.sep).join("/")
  if (!/\.spec\.tsx?$/.test(file)) return undefined
  const plugin = file.match(/^plugins\/([^/]+)\/src\/(?:.*\/)?__tests__\//)
  if (plugin) return { file, tier: "plugins", plugin: plugin[1] }
  if (file.startsWith("plugins/")) return undefined
  if (/^integration-tests\/http\//.test(file)) return { file, tier: "http" }
  if (/^integration-tests\/e2e\/[^/]+\.spec\.ts$/.test(file)) return { file, tier: "e2e" }
  if (/^src\/modules\/[^/]+\/__tests__\//.test(file)) return { file, tier: "modules" }
  if (/(^|\/)__tests__\/(.*\/)?[^/]+\.unit\.spec\.tsx?$/.test(file)) return { file, tier: "unit" }
  return undefined
}

/** Every test file under `root` that some tier runs, sorted. */
export function listTestFiles(root: string): TestFile[] {
  const out: TestFile[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP_DIRS.has(entry.name)) continue
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else {
        const found = classify(path.relative(root, full))
        if (found) out.push(found)
      }
    }
  }
  walk(root)
  return out.sort((a, b) => a.file.localeCompare(b.file))
}

export type Selection = {
  /** Whole tiers to run. */
  tiers: Tier[]
  /** Single files, when the arguments named paths or patterns instead of tiers. */
  files: TestFile[]
  /** Options passed on to jest (`-t name`, `--verbose`, …). */
  jestArgs: string[]
  list: boolean
}

export class SelectionError extends Error {}

/**
 * Reads `npm test -- …`: nothing is every tier; tier names run those tiers; anything else is a
 * path or a pattern (a regular expression over paths from the root, as jest reads one) naming
 * test files, each run in its own tier with that tier's environment.
 */
export function parseArgs(argv: string[], root: string, cwd = root): Selection {
  const selection: Selection = { tiers: [], files: [], jestArgs: [], list: false }
  const wanted: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--list") selection.list = true
    else if (arg === "-t" || arg === "--testNamePattern") {
      if (argv[i + 1] === undefined) throw new SelectionError(`${arg} needs a test name pattern`)
      selection.jestArgs.push(arg, argv[++i])
    } else if (arg.startsWith("-")) selection.jestArgs.push(arg)
    else if ((TIERS as readonly string[]).includes(arg)) selection.tiers.push(arg as Tier)
    else wanted.push(arg)
  }
  if (wanted.length === 0) {
    if (selection.tiers.length === 0 && !selection.list) selection.tiers = [...TIERS]
    return selection
  }
  const all = listTestFiles(root)
  for (const arg of wanted) {
    const matches = matchFiles(arg, all, root, cwd)
    if (matches.length === 0) {
      throw new SelectionError(
        `"${arg}" is neither a tier (${TIERS.join(", ")}) nor a path or pattern matching a test file; ` +
          "`npm test -- --list` names the tiers and their files"
      )
    }
    for (const m of matches) {
      if (!selection.files.some((f) => f.file === m.file)) selection.files.push(m)
    }
  }
  return selection
}

function matchFiles(arg: string, all: TestFile[], root: string, cwd: string): TestFile[] {
  const asPath = path.resolve(cwd, arg)
  if (existsSync(asPath)) {
    const relative = path.relative(root, asPath).split(path.sep).join("/")
    if (statSync(asPath).isDirectory()) {
      const prefix = relative === "" ? "" : `${relative}/`
      return all.filter((f) => f.file.startsWith(prefix))
    }
    const found = classify(relative)
    if (!found) {
      throw new SelectionError(
        `${relative} is not a test file of any tier (see \`npm test -- --list\`)`
      )
    }
    return [found]
  }
  let pattern: RegExp
  try {
    pattern = new RegExp(arg)
  } catch {
    throw new SelectionError(`"${arg}" is not a file and not a valid regular expression`)
  }
  return all.filter((f) => pattern.test(f.file))
}

/** The tiers that `selection` touches, in run order. */
export function tiersOf(selection: Selection): Tier[] {
  const touched = new Set<Tier>([...selection.tiers, ...selection.files.map((f) => f.tier)])
  return TIERS.filter((t) => touched.has(t))
}

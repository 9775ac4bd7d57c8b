import { createHash, type Hash } from "crypto"
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "fs"
import path from "path"

const SKIP = new Set(["node_modules", ".medusa", "__tests__", "__fixtures__"])

function walk(dir: string, out: string[]) {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(full, out)
    else out.push(full)
  }
}

/** The files whose content decides what `medusa build` produces. */
export function buildInputs(root: string): string[] {
  const files = ["medusa-config.ts", "instrumentation.ts", "tsconfig.json", "package-lock.json"]
    .map((f) => path.join(root, f))
    .filter(existsSync)
  walk(path.join(root, "src"), files)
  for (const plugin of listPlugins(root)) {
    files.push(...pluginBuildInputs(plugin))
  }
  return files.sort()
}

/**
 * The files whose content decides a plugin's `medusa plugin:build` output. Tests and fixtures
 * are left out: the plugin's tsconfig keeps them out of the build, so editing one needs none.
 */
export function pluginBuildInputs(plugin: string): string[] {
  const files = ["package.json", "tsconfig.json", "tsconfig.base.json"]
    .map((f) => path.join(plugin, f))
    .filter(existsSync)
  walk(path.join(plugin, "src"), files)
  // The compiler settings it extends from the kit decide its output too.
  const root = path.dirname(path.dirname(plugin))
  for (const dependency of listPlugins(root)) {
    if (dependency !== plugin && workspaceDependencies(plugin).includes(packageName(dependency))) {
      files.push(...[path.join(dependency, "tsconfig.base.json")].filter(existsSync))
    }
  }
  return files.sort()
}

function hashFiles(base: string, files: string[]): Hash {
  const hash = createHash("sha256")
  for (const file of files) {
    hash.update(path.relative(base, file)).update("\0").update(readFileSync(file)).update("\0")
  }
  return hash
}

/**
 * The environment `medusa build` runs with: one build serves every role, so the role is left
 * out (a worker's config would leave the admin dashboard out of the build the servers share).
 */
export function appBuildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const buildEnv = { ...env }
  delete buildEnv.WORKER_MODE
  return buildEnv
}

/**
 * A fingerprint of what `medusa build` makes from the sources and from `env`, the environment the
 * build runs with: a process whose own settings would not change the build finds it current.
 */
export function buildHash(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const hash = hashFiles(root, buildInputs(root))
  // Settings compiled into the admin bundle.
  for (const name of ["MEDUSA_BACKEND_URL", "DISABLE_ADMIN", "WORKER_MODE"]) {
    hash.update(`${name}=${env[name] ?? ""}\0`)
  }
  return hash.digest("hex")
}

export function listPlugins(root: string): string[] {
  const dir = path.join(root, "plugins")
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, "package.json")))
    .map((e) => path.join(dir, e.name))
}

const STAMP = ".zoco-build"

export function serverDir(root: string): string {
  return path.join(root, ".medusa", "server")
}

export function pluginBuildHash(plugin: string): string {
  return hashFiles(plugin, pluginBuildInputs(plugin)).digest("hex")
}

/** True when the plugin's `.medusa/server` holds a build of exactly its current sources. */
export function isPluginBuildCurrent(plugin: string, hash: string): boolean {
  const stamp = path.join(serverDir(plugin), STAMP)
  return (
    existsSync(path.join(serverDir(plugin), "src")) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8").trim() === hash
  )
}

/**
 * Builds every plugin whose build output is missing or stale, with `build` (which runs
 * `medusa plugin:build` in the plugin's folder). Medusa loads a plugin only from that output, so
 * the app cannot start, migrate or be tested with a plugin that was never built, e.g. right after
 * `npm ci`. Up to `concurrency` builds run at once. Returns the plugins it built, sorted.
 */
export async function buildStalePlugins(
  root: string,
  build: (plugin: string) => Promise<void>,
  concurrency = 1
): Promise<string[]> {
  const plugins = listPlugins(root)
  const stale = plugins
    .map((plugin) => ({ plugin, hash: pluginBuildHash(plugin) }))
    .filter(({ plugin, hash }) => !isPluginBuildCurrent(plugin, hash))
  // A plugin other plugins build against (the kit, whose types they read from its build) is
  // built first, alone; the rest after it, side by side.
  const required = new Set(plugins.flatMap((plugin) => workspaceDependencies(plugin)))
  const waves = [
    stale.filter(({ plugin }) => required.has(packageName(plugin))),
    stale.filter(({ plugin }) => !required.has(packageName(plugin))),
  ]
  const built: string[] = []
  for (const wave of waves) {
    let next = 0
    const worker = async () => {
      while (next < wave.length) {
        const { plugin, hash } = wave[next++]
        await build(plugin)
        // plugin:build empties .medusa/server first, so the stamp is written after it.
        writeFileSync(path.join(serverDir(plugin), STAMP), hash + "\n")
        built.push(plugin)
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, wave.length) }, worker))
  }
  return built.sort()
}

function packageJson(plugin: string) {
  return JSON.parse(readFileSync(path.join(plugin, "package.json"), "utf8")) as {
    name: string
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
    peerDependencies?: Record<string, string>
  }
}

const packageName = (plugin: string) => packageJson(plugin).name

/** The `@zoco/*` packages a plugin depends on, in any of its dependency lists. */
export function workspaceDependencies(plugin: string): string[] {
  const pkg = packageJson(plugin)
  return Object.keys({
    ...pkg.dependencies,
    ...pkg.devDependencies,
    ...pkg.peerDependencies,
  }).filter((name) => name.startsWith("@zoco/"))
}

/** True when `.medusa/server` holds a build of exactly the current sources. */
export function isBuildCurrent(root: string, hash: string): boolean {
  const stamp = path.join(serverDir(root), STAMP)
  return (
    existsSync(path.join(serverDir(root), "public", "admin", "index.html")) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8").trim() === hash
  )
}

export function stampBuild(root: string, hash: string) {
  writeFileSync(path.join(serverDir(root), STAMP), hash + "\n")
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}

/**
 * The build output runs in place and shares the project's node_modules (so workspace plugins
 * resolve). Every process started from this checkout runs this same folder, so nothing here may
 * be specific to one of them: each serves uploads from its own ZOCO_UPLOADS_DIR instead of a
 * `static` link in here, which an earlier version pointed at the last started process's folder.
 */
export function linkBuildDir(root: string) {
  const server = serverDir(root)
  const modules = path.join(server, "node_modules")
  const target = path.join(root, "node_modules")
  // Already right: left alone, as a running process may be loading modules through it.
  if (!(isSymlink(modules) && readlinkSync(modules) === target)) {
    rmSync(modules, { recursive: true, force: true })
    symlinkSync(target, modules, "dir")
  }
  const uploads = path.join(server, "static")
  if (isSymlink(uploads)) rmSync(uploads)
}

function runningDir(root: string): string {
  // Beside the build, not in it: \`medusa build\` empties .medusa/server.
  return path.join(root, ".medusa", "zoco-running")
}

/** Marks process `pid` as running from the build of `root`; the returned function unmarks it. */
export function registerBuildUser(root: string, pid = process.pid): () => void {
  const dir = runningDir(root)
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, String(pid))
  writeFileSync(file, "")
  return () => rmSync(file, { force: true })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * The other live processes running from the build of \`root\`, which a rebuild would pull files
 * from under. Marks left by processes that died without unmarking are removed.
 */
export function otherBuildUsers(root: string, alive = isAlive): number[] {
  const dir = runningDir(root)
  if (!existsSync(dir)) return []
  const pids: number[] = []
  for (const name of readdirSync(dir)) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) continue
    if (alive(pid)) pids.push(pid)
    else rmSync(path.join(dir, name), { force: true })
  }
  return pids.sort((a, b) => a - b)
}

/** Throws, naming them, when other processes run from the build of `root`: called before a rebuild. */
export function assertNoBuildUsers(root: string, alive = isAlive) {
  const running = otherBuildUsers(root, alive)
  if (running.length > 0) {
    throw new Error(
      `The build in .medusa/server is older than the sources, and Zoco processes started from ` +
        `this checkout run from it (pid ${running.join(", ")}): rebuilding would replace their ` +
        `files. Stop them first, or start this one from a checkout of its own.`
    )
  }
}

import { spawn, type ChildProcess } from "child_process"
import { execFileSync } from "child_process"
import path from "path"

export const ROOT = path.resolve(__dirname, "..", "..", "..")

/** Variables a developer's shell may hold that would change what `npm start` does. */
export const INHERITED = [
  "DATABASE_URL",
  "REDIS_URL",
  "NODE_ENV",
  "JWT_SECRET",
  "COOKIE_SECRET",
  "ADMIN_EMAIL",
  "ADMIN_PASSWORD",
  "TEST_TYPE",
  "PORT",
  "MEDUSA_DISABLE_TELEMETRY",
]

export type Started = {
  process: ChildProcess
  output: () => string
  banner: {
    storeUrl: string
    adminUrl: string
    email: string
    password: string
    publishableKey: string
  }
  readyAfterMs: number
}

/** Runs `npm start` as a user would and waits for the banner it prints when ready. */
export function npmStart(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  script: "start" | "start:server" = "start"
): Promise<Started> {
  return spawnUntilReady(script, env, timeoutMs, parseBanner)
}

export type StartedWorker = Omit<Started, "banner">

/** Runs `npm run start:worker` and waits for the worker's banner. */
export async function npmStartWorker(
  env: NodeJS.ProcessEnv,
  timeoutMs: number
): Promise<StartedWorker> {
  const { banner: _ready, ...worker } = await spawnUntilReady(
    "start:worker",
    env,
    timeoutMs,
    (out) => (out.includes("Zoco worker is ready.") && out.includes("Press Ctrl+C")) || undefined
  )
  return worker
}

function spawnUntilReady<B>(
  script: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  ready: (out: string) => B | undefined
): Promise<Omit<Started, "banner"> & { banner: B }> {
  const started = Date.now()
  const args = script === "start" ? ["start"] : ["run", script]
  const child = spawn("npm", args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] })
  let out = ""
  child.stdout.on("data", (d: Buffer) => (out += d.toString()))
  child.stderr.on("data", (d: Buffer) => (out += d.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGTERM")
      reject(
        new Error(`npm ${script} was not ready within ${timeoutMs / 1000}s:\n${out.slice(-4000)}`)
      )
    }, timeoutMs)
    const onData = () => {
      const banner = ready(out)
      if (banner) {
        clearTimeout(timer)
        child.stdout.off("data", onData)
        resolve({ process: child, output: () => out, banner, readyAfterMs: Date.now() - started })
      }
    }
    child.stdout.on("data", onData)
    child.on("close", (code) => {
      clearTimeout(timer)
      reject(new Error(`npm ${script} exited (${code}) before it was ready:\n${out.slice(-4000)}`))
    })
  })
}

function field(out: string, label: string): string | undefined {
  return out.match(new RegExp(`^\\s*${label}:\\s+(\\S+)`, "m"))?.[1]
}

export function parseBanner(out: string): Started["banner"] | undefined {
  if (!out.includes("Press Ctrl+C to stop.")) return undefined
  const banner = {
    storeUrl: field(out, "Store API"),
    adminUrl: field(out, "Admin"),
    email: field(out, "Admin email"),
    password: field(out, "Admin password"),
    publishableKey: field(out, "Publishable key"),
  }
  if (Object.values(banner).some((v) => !v)) {
    throw new Error(`npm start printed an incomplete banner:\n${out.slice(-2000)}`)
  }
  return banner as Started["banner"]
}

/** Sends SIGTERM and resolves with the exit code. */
export function stop(child: ChildProcess, timeoutMs = 60_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode)
    const timer = setTimeout(
      () => reject(new Error("npm start did not stop after SIGTERM")),
      timeoutMs
    )
    child.once("close", (code) => {
      clearTimeout(timer)
      resolve(code)
    })
    child.kill("SIGTERM")
  })
}

/** PostgreSQL server processes whose command line names `dataDir`. */
export function postgresProcessesFor(dataDir: string): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" })
  return ps
    .split("\n")
    .filter((line) => line.includes(dataDir) && /postgres/.test(line) && !line.includes("ps -eo"))
}

/** `pid` and every process under it, parents first, as `ps` shows them now. */
export function processTree(root: number): number[] {
  const ps = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
  const children = new Map<number, number[]>()
  for (const line of ps.trim().split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number)
    children.set(ppid, [...(children.get(ppid) ?? []), pid])
  }
  const tree: number[] = []
  const walk = (pid: number) => {
    tree.push(pid)
    for (const c of children.get(pid) ?? []) walk(c)
  }
  walk(root)
  return tree
}

/** The processes of `pids` still running (a zombie waiting to be reaped is not running). */
export function stillRunning(pids: number[]): string[] {
  const ps = execFileSync("ps", ["-eo", "pid=,stat=,args="], { encoding: "utf8" })
  return ps
    .trim()
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => {
      const [pid, stat] = line.split(/\s+/)
      return pids.includes(Number(pid)) && !stat.startsWith("Z")
    })
}

/** Runs `npm run dev` and waits for its banner. */
export function npmRunDev(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Started> {
  return spawnUntilReady("dev", env, timeoutMs, parseBanner)
}

/**
 * SIGKILLs `pid` and everything it started, children first being found before any dies: what an
 * out-of-memory kill or a lost machine does to `npm start` and the Node.js process under it.
 * Resolves once `child` has exited.
 */
export function killTree(child: ChildProcess): Promise<void> {
  const tree = processTree(child.pid!)
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once("close", () => resolve())
  })
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL")
    } catch {
      // Already gone.
    }
  }
  return exited
}

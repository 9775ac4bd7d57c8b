import { spawn, type ChildProcess } from "child_process"
import { createWriteStream, mkdirSync, type WriteStream } from "fs"
import path from "path"

export type RunOptions = {
  cwd: string
  env: NodeJS.ProcessEnv
  /** Output goes here instead of the terminal; its tail is shown on failure. */
  logFile?: string
  /** Arguments (passwords) written as *** wherever the command line is logged or reported. */
  secrets?: string[]
  /**
   * Runs the command in a process group of its own, so that it can be stopped with everything it
   * started (see `signalGroup`); it then reads nothing from the terminal.
   */
  group?: boolean
}

/** The command line as it may be logged: secret arguments masked. */
export function describeCommand(command: string, args: string[], secrets: string[] = []): string {
  return [command, ...args.map((a) => (secrets.includes(a) ? "***" : a))].join(" ")
}

const tails = new WeakMap<ChildProcess, string[]>()

function openLog(file: string): WriteStream {
  mkdirSync(path.dirname(file), { recursive: true })
  return createWriteStream(file, { flags: "a" })
}

export function spawnLogged(command: string, args: string[], options: RunOptions): ChildProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: options.logFile
      ? ["ignore", "pipe", "pipe"]
      : [options.group ? "ignore" : "inherit", "inherit", "inherit"],
    detached: options.group ?? false,
  })
  if (options.logFile) {
    const log = openLog(options.logFile)
    log.write(`\n$ ${describeCommand(command, args, options.secrets)}\n`)
    const tail: string[] = []
    tails.set(child, tail)
    const collect = (chunk: Buffer) => {
      log.write(chunk)
      tail.push(...chunk.toString("utf8").split("\n"))
      tail.splice(0, Math.max(0, tail.length - 40))
    }
    child.stdout?.on("data", collect)
    child.stderr?.on("data", collect)
    child.on("close", () => log.end())
  }
  return child
}

/**
 * Sends `signal` to every process of the group a `group: true` child leads; false when none is
 * left. The child's own descendants are there too, such as those `medusa develop` starts, which it
 * leaves running when it is stopped itself.
 */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  if (child.pid === undefined) return false
  try {
    process.kill(-child.pid, signal)
    return true
  } catch {
    return false
  }
}

/** Runs a command to completion; rejects with the tail of its output. */
export function run(command: string, args: string[], options: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnLogged(command, args, options)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      if (code === 0) {
        resolve()
        return
      }
      const tail = tails.get(child)?.join("\n").trim()
      reject(
        new Error(
          `\`${describeCommand(path.basename(command), args, options.secrets)}\` failed (${signal ?? `exit code ${code}`})` +
            (tail ? `:\n${tail}` : "") +
            (options.logFile ? `\nFull log: ${options.logFile}` : "")
        )
      )
    })
  })
}

/** Polls `url` until it answers 200, the process exits, or time runs out. */
export async function waitForHttp(
  url: string,
  child: ChildProcess,
  timeoutMs: number
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the server exited before it was ready (${child.exitCode ?? child.signalCode})`
      )
    }
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the server did not answer ${url} within ${timeoutMs / 1000}s`)
}

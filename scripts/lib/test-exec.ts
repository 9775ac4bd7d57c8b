import { spawn } from "child_process"

/** Runs a command; with `capture`, its output is printed in one piece when it ends. */
export function exec(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  capture?: string
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit",
    })
    const out: Buffer[] = []
    child.stdout?.on("data", (d: Buffer) => out.push(d))
    child.stderr?.on("data", (d: Buffer) => out.push(d))
    child.on("close", (code) => {
      if (capture) process.stdout.write(`\n[test] ${capture}\n${Buffer.concat(out).toString()}`)
      resolve(code ?? 1)
    })
    child.on("error", () => resolve(1))
  })
}

/** Runs `tasks` with at most `limit` at once, keeping their order in the results. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

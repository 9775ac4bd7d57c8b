import { spawn, spawnSync, type ChildProcess } from "child_process"

/** Whether this machine can start a Redis of a test's own. */
export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0

/**
 * A Redis of the test's own on `port`, keeping nothing on disk, so it can be killed under running
 * servers and started again, empty.
 */
export function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"])
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("redis-server did not start")), 10_000)
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("Ready to accept connections")) {
        clearTimeout(timer)
        resolve(child)
      }
    })
  })
}

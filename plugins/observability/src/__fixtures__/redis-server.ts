import { spawn, spawnSync, type ChildProcess } from "child_process"
import { createServer } from "net"

/** Whether this machine can start a Redis of a test's own. */
export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** A Redis keeping nothing on disk, so that a test can stop it and start it again, empty. */
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

/** Kills a Redis started by `startRedis` and waits until it is gone. */
export function stopRedis(redis: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (redis.exitCode !== null || redis.signalCode !== null) return resolve()
    redis.once("close", () => resolve())
    redis.kill("SIGKILL")
  })
}

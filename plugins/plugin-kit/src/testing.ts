import { spawn, spawnSync, type ChildProcess } from "child_process"
import { createServer } from "net"

/*
 * For plugins' own tests: a Redis server a test starts, stops and starts again itself, to see
 * what its code does when Redis goes away or comes back empty. Not for use at run time.
 */

/** Whether this machine can start a Redis of a test's own (`redis-server` on the PATH). */
export const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0

/** A loopback port nothing listens on at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no free port"))
      )
    })
  })
}

/**
 * A Redis on `port` keeping nothing on disk, so that started again it is empty. Rejects with
 * what Redis printed when it does not come up within ten seconds (a taken port, say).
 */
export function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ])
  let output = ""
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      child.kill("SIGKILL")
      reject(new Error(`redis-server on port ${port} ${why}: ${output.trim().slice(-500)}`))
    }
    const timer = setTimeout(() => fail("did not start within 10 s"), 10_000)
    child.once("exit", (code) => fail(`exited (code ${code})`))
    child.stdout!.on("data", (d: Buffer) => {
      output += d.toString()
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer)
        child.removeAllListeners("exit")
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

import { connect, createServer, type Server } from "net"
import { freePort, hasRedisServer, startRedis, stopRedis } from "../testing"

if (!hasRedisServer) {
  console.warn("SKIPPED: the Redis test fixture's tests (no redis-server on PATH)")
}
const suite = hasRedisServer ? describe : describe.skip

function ping(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1")
    socket.on("error", reject)
    socket.on("data", (d: Buffer) => {
      socket.destroy()
      resolve(d.toString().trim())
    })
    socket.write("PING\r\n")
  })
}

suite("the Redis test fixture", () => {
  it("starts a Redis that answers, and stops it", async () => {
    const port = await freePort()
    const redis = await startRedis(port)
    expect(await ping(port)).toBe("+PONG")
    await stopRedis(redis)
    await expect(ping(port)).rejects.toThrow("ECONNREFUSED")
  })

  it("on a taken port, rejects with what Redis said instead of waiting", async () => {
    const port = await freePort()
    const taken: Server = await new Promise((resolve) => {
      const server = createServer().listen(port, "127.0.0.1", () => resolve(server))
    })
    try {
      const started = Date.now()
      await expect(startRedis(port)).rejects.toThrow(
        /on port \d+ exited[\s\S]*Address already in use/
      )
      expect(Date.now() - started).toBeLessThan(5_000)
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })
})

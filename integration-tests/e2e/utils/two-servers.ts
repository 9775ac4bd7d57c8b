import axios, { type AxiosInstance, type AxiosResponse } from "axios"
import { randomBytes } from "crypto"
import { mkdtempSync, rmSync } from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"
import type { StoreRegion } from "../../utils/store"
import { copyTemplate } from "../../utils/template-database"
import {
  INHERITED,
  npmStart,
  npmStartWorker,
  stop,
  type Started,
  type StartedWorker,
} from "./launcher"

/**
 * The PostgreSQL server the test runner named (any database on it), or one built from the
 * DB_* variables a developer running jest directly may have set.
 */
export function testPostgresUrl(): string | undefined {
  if (process.env.ZOCO_TEST_PG_URL) return process.env.ZOCO_TEST_PG_URL
  const e = process.env
  if (!e.DB_HOST) return undefined
  const url = new URL("postgres://localhost/postgres")
  url.hostname = e.DB_HOST
  url.port = e.DB_PORT ?? "5432"
  url.username = e.DB_USERNAME ?? "postgres"
  url.password = e.DB_PASSWORD ?? ""
  return url.toString()
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${database}`
  return url.toString()
}

/**
 * A name for a new database on `serverUrl`, its URL, and how to drop it again. With `create`, it
 * starts as a copy of the schema `npm test` migrated once, so `npm start` finds its migrations
 * done and goes on to seed; otherwise `npm start` creates and migrates it, as on a new server.
 */
export function freshDatabase(serverUrl: string, prefix: string, opts: { redis?: boolean } = {}) {
  const database = `${prefix}_${process.pid}_${Date.now()}`
  return {
    url: withDatabase(serverUrl, database),
    create: () => copyTemplate(serverUrl, database, opts),
    async drop() {
      const admin = new Client({ connectionString: withDatabase(serverUrl, "postgres") })
      await admin.connect()
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      } finally {
        await admin.end()
      }
    },
  }
}

export type Cluster = {
  servers: [Started, Started]
  /** One Store/Admin API client per server; `on(i)` alternates between them. */
  apis: [AxiosInstance, AxiosInstance]
  on: (i: number) => AxiosInstance
  /** A connection to the shared database, for counting what really happened. */
  db: Client
  publishableKey: string
  regions: { europe: StoreRegion; us: StoreRegion }
  /** The worker, when one was asked for. */
  worker?: StartedWorker
  output: () => string
  close: () => Promise<void>
}

/**
 * Two `npm start` processes, on two ports, sharing one fresh database (and `redisUrl` when
 * given), as two instances of a deployment behind a load balancer. The second starts once the
 * first has migrated and seeded, as a rolling deployment would.
 */
export async function startTwoServers(opts: {
  postgresUrl: string
  redisUrl?: string
  env: NodeJS.ProcessEnv
  ports: [number, number]
  /** Extra variables per server, e.g. a metrics port each. */
  serverEnv?: [NodeJS.ProcessEnv, NodeJS.ProcessEnv]
  /**
   * Start the servers with `npm run start:server` and add a worker (`npm run start:worker`)
   * with these variables (its PORT at least), as a server/worker deployment.
   */
  worker?: NodeJS.ProcessEnv
  /**
   * Each process with a data folder of its own, as processes on several machines have, sharing
   * only the uploads folder (ZOCO_UPLOADS_DIR) and the secrets a deployment sets. By default all
   * share one data folder, and with it the local secrets.
   */
  ownDataDirs?: boolean
}): Promise<Cluster> {
  const database = freshDatabase(opts.postgresUrl, "zoco_two_servers", {
    redis: Boolean(opts.redisUrl),
  })
  await database.create()
  const databaseUrl = database.url
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zoco-two-servers-"))
  const base: NodeJS.ProcessEnv = { ...process.env }
  for (const name of INHERITED) delete base[name]
  const secrets = {
    JWT_SECRET: randomBytes(32).toString("hex"),
    COOKIE_SECRET: randomBytes(32).toString("hex"),
  }
  const envFor = (port: number): NodeJS.ProcessEnv => ({
    ...base,
    ...opts.env,
    ...(opts.ownDataDirs
      ? {
          // Secrets set for the deployment, so a token from one server is valid at the other.
          ...secrets,
          ZOCO_DATA_DIR: path.join(dataDir, `process-${port}`),
          ZOCO_UPLOADS_DIR: path.join(dataDir, "uploads"),
        }
      : // One data dir for all: the same local secrets, so a token from one is valid at the other.
        { ZOCO_DATA_DIR: dataDir }),
    DATABASE_URL: databaseUrl,
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    PORT: String(port),
  })

  const started: Started[] = []
  let worker: StartedWorker | undefined
  const db = new Client({ connectionString: databaseUrl })
  let connected = false
  const close = async () => {
    for (const proc of [...started, ...(worker ? [worker] : [])]) {
      if (proc.process.exitCode === null && proc.process.signalCode === null) {
        await stop(proc.process).catch(() => undefined)
      }
    }
    if (connected) await db.end().catch(() => undefined)
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    const script = opts.worker ? "start:server" : "start"
    for (const [i, port] of opts.ports.entries()) {
      const env = { ...envFor(port), ...opts.serverEnv?.[i] }
      started.push(await npmStart(env, (i === 0 ? 12 : 5) * 60_000, script))
    }
    if (opts.worker) {
      worker = await npmStartWorker({ ...envFor(0), ...opts.worker }, 5 * 60_000)
    }
    await db.connect()
    connected = true
  } catch (error) {
    await close()
    throw error
  }

  const [a, b] = started as [Started, Started]
  const publishableKey = a.banner.publishableKey
  const apis = [a, b].map((s) =>
    axios.create({
      baseURL: s.banner.storeUrl.replace(/\/store$/, ""),
      headers: { "x-publishable-api-key": publishableKey },
    })
  ) as [AxiosInstance, AxiosInstance]
  const { data } = await apis[0].get<{ regions: StoreRegion[] }>("/store/regions")
  const europe = data.regions.find((r) => r.currency_code === "eur")!
  const us = data.regions.find((r) => r.currency_code === "usd")!

  return {
    servers: [a, b],
    apis,
    on: (i) => apis[i % 2],
    db,
    publishableKey,
    regions: { europe, us },
    worker,
    output: () =>
      `--- server A ---\n${a.output()}\n--- server B ---\n${b.output()}` +
      (worker ? `\n--- worker ---\n${worker.output()}` : ""),
    close,
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await task(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** A POST whose answer is returned whatever its status, for counting outcomes. */
export function postAnyway(api: AxiosInstance, url: string, body: unknown = {}) {
  return api.post(url, body, { validateStatus: () => true }) as Promise<AxiosResponse>
}

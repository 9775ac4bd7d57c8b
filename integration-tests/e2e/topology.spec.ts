import axios, { type AxiosInstance } from "axios"
import { execFileSync } from "child_process"
import { existsSync } from "fs"
import path from "path"
import Redis from "ioredis"
import { serverDir } from "../../scripts/lib/build"
import { testPort } from "../utils/ports"
import {
  cartWithPaymentSession,
  checkout,
  inStockVariant,
  listProducts,
  shippingOptionOf,
} from "../utils/checkout"
import { eventually } from "../utils/wait"
import { stop } from "./utils/launcher"
import {
  inBatches,
  postAnyway,
  startTwoServers,
  testPostgresUrl,
  type Cluster,
} from "./utils/two-servers"

// Three processes start (the first may build the admin), then a few hundred requests.
jest.setTimeout(30 * 60_000)

const LOCK_TTL_SECONDS = 20

const postgresUrl = testPostgresUrl()
const redisUrl = process.env.ZOCO_TEST_REDIS_URL
const runs = Boolean(postgresUrl && redisUrl)
if (!runs) {
  console.warn(
    "SKIPPED: server/worker topology (needs PostgreSQL and Redis; set ZOCO_TEST_REDIS_URL, or run it through `npm test` on a machine with Redis)"
  )
}

/** One sample of a metric in Prometheus text, 0 when absent. */
function sample(text: string, metric: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(`${metric}${labels} `))
  return line ? Number(line.split(" ")[1]) : 0
}

/** The PID of the Medusa server process `npm start` started on `port`. */
function medusaPid(port: number): number {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" })
  const line = ps.split("\n").find((l) => /medusa start --port/.test(l) && l.endsWith(` ${port}`))
  if (!line) throw new Error(`no Medusa process on port ${port}:\n${ps}`)
  return Number(line.trim().split(/\s+/)[0])
}

;(runs ? describe : describe.skip)("two servers and a worker on one database and Redis", () => {
  let cluster: Cluster
  const metricsPorts: number[] = []
  let serverPorts: [number, number]
  let workerPort: number
  let redisDb: string

  const scrape = async (port: number) =>
    (await axios.get<string>(`http://127.0.0.1:${port}/metrics`)).data
  const ordersPlaced = async (port: number) =>
    sample(await scrape(port), "zoco_orders_placed_total")
  const heartbeats = async (port: number) =>
    sample(await scrape(port), "zoco_scheduled_job_runs_total", '{job="observability-heartbeat"}')
  const [A, B, W] = [0, 1, 2]
  /** Waits on the worker; a timeout says whether it still runs and what it printed last. */
  const onWorker = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number) =>
    eventually(what, probe, timeoutMs).catch((error: Error) => {
      const proc = cluster.worker!.process
      const state =
        proc.exitCode === null && proc.signalCode === null
          ? "still running"
          : `exited (${proc.exitCode ?? proc.signalCode})`
      throw new Error(
        `${error.message}; the worker is ${state}, its last output:\n` +
          cluster.worker!.output().slice(-6000)
      )
    })
  const ROOT = path.join(__dirname, "..", "..")

  beforeAll(async () => {
    // A database of its own, emptied first: queued jobs of another run must not be picked up.
    const url = new URL(redisUrl!)
    url.pathname = "/8"
    redisDb = url.toString()
    const client = new Redis(redisDb)
    await client.flushdb()
    client.disconnect()
    for (let i = 0; i < 3; i++) metricsPorts.push(await testPort())
    serverPorts = [await testPort(), await testPort()]
    workerPort = await testPort()
    cluster = await startTwoServers({
      postgresUrl: postgresUrl!,
      redisUrl: redisDb,
      ports: serverPorts,
      // A killed server's cart locks lapse after this instead of the two minutes Medusa asks for.
      env: { LOCK_MAX_TTL_SECONDS: String(LOCK_TTL_SECONDS) },
      serverEnv: [
        { METRICS_PORT: String(metricsPorts[A]) },
        { METRICS_PORT: String(metricsPorts[B]) },
      ],
      // Warnings on: the Redis flush test reads the worker's.
      worker: {
        PORT: String(workerPort),
        METRICS_PORT: String(metricsPorts[W]),
        LOG_LEVEL: "warn",
      },
      ownDataDirs: true,
    })
  })

  afterAll(async () => {
    await cluster?.close()
  })

  // Known after the first checkout: later carts are made in two requests (see cartReadyToPay).
  let shippingOptionId: string | undefined
  const buy = async (api: AxiosInstance, email: string, skip = 0) => {
    const products = await listProducts(api, cluster.publishableKey, cluster.regions.europe)
    const placed = await checkout(api, cluster.publishableKey, {
      region: cluster.regions.europe,
      items: [{ variant_id: inStockVariant(products, skip).variant.id, quantity: 1 }],
      email,
      shippingOptionId,
    })
    shippingOptionId ??= await shippingOptionOf(api, cluster.publishableKey, placed.cart.id)
    return placed
  }

  it("serves the API from the servers only; the worker answers its health check, not routes", async () => {
    const worker = `http://127.0.0.1:${workerPort}`
    expect((await axios.get(`${worker}/health`)).status).toBe(200)
    const products = await axios.get(`${worker}/store/products`, {
      headers: { "x-publishable-api-key": cluster.publishableKey },
      validateStatus: () => true,
    })
    expect(products.status).toBe(404)
    // Every process serves its metrics on the port it was given: none says it could not.
    expect(cluster.output()).not.toMatch(/not serving \/metrics/)
    for (const api of cluster.apis) {
      expect((await api.get("/ready")).data.checks).toEqual({
        postgres: expect.objectContaining({ ok: true }),
        redis: expect.objectContaining({ ok: true }),
      })
    }
  })

  it("every server, each with a data folder of its own, serves the product images and the admin", async () => {
    const { data } = await cluster.apis[A].get<{ products: { thumbnail: string | null }[] }>(
      "/store/products?limit=3&fields=thumbnail"
    )
    // Image URLs name the server that seeded them; a load balancer sends the path to any.
    const paths = data.products.map((p) => new URL(p.thumbnail!).pathname)
    expect(paths).toHaveLength(3)
    for (const api of cluster.apis) {
      for (const image of paths) {
        const res = await api.get(image, { responseType: "text" })
        expect(res.status).toBe(200)
        expect(res.headers["content-type"]).toMatch(/^image\//)
      }
      const dashboard = await api.get("/app", { responseType: "text" })
      expect(dashboard.data).toMatch(/<div id="medusa"|<script/)
    }
    // Nothing in the shared build folder belongs to one process.
    expect(existsSync(path.join(serverDir(ROOT), "static"))).toBe(false)
  })

  it("checkouts through both servers: each order.placed is handled once, on the worker; jobs run only there", async () => {
    const before = await ordersPlaced(metricsPorts[W])
    const orders = await inBatches(
      Array.from({ length: 12 }, (_, i) => `topology-${i}@zoco.test`),
      4,
      (email, i) => buy(cluster.on(i), email)
    )
    expect(new Set(orders.map((o) => o.order.id)).size).toBe(12)

    await onWorker("the worker to handle all 12 order.placed events", async () =>
      (await ordersPlaced(metricsPorts[W])) - before >= 12 ? true : undefined
    )
    // Exactly once: no event handled twice on the worker, none on a server.
    expect((await ordersPlaced(metricsPorts[W])) - before).toBe(12)
    expect(await ordersPlaced(metricsPorts[A])).toBe(0)
    expect(await ordersPlaced(metricsPorts[B])).toBe(0)

    // The heartbeat job runs every 10 s, on the worker alone.
    await onWorker(
      "the heartbeat job to run on the worker",
      async () => ((await heartbeats(metricsPorts[W])) >= 1 ? true : undefined),
      60_000
    )
    expect(await heartbeats(metricsPorts[A])).toBe(0)
    expect(await heartbeats(metricsPorts[B])).toBe(0)
  })

  it("a server killed with SIGKILL mid-load loses no order it answered 200 for", async () => {
    const [serverA, serverB] = cluster.apis
    const emails = Array.from({ length: 30 }, (_, i) => `killed-${i}@zoco.test`)
    const products = await listProducts(serverB, cluster.publishableKey, cluster.regions.europe)
    const variantId = inStockVariant(products, 1).variant.id
    const carts = await inBatches(emails, 6, async (email) => {
      const { cartId } = await cartWithPaymentSession(serverB, cluster.publishableKey, {
        region: cluster.regions.europe,
        items: [{ variant_id: variantId, quantity: 1 }],
        email,
        shippingOptionId,
      })
      return cartId
    })
    const placedBefore = await ordersPlaced(metricsPorts[W])

    // Completions at server B; B dies as soon as the first of them has been answered.
    const pid = medusaPid(serverPorts[1])
    let killed = false
    let killedAt = new Date()
    const answered = await Promise.all(
      carts.map(async (cartId) => {
        const res = await postAnyway(serverB, `/store/carts/${cartId}/complete`).catch(
          () => undefined
        )
        if (res?.status === 200 && !killed) {
          killed = true
          killedAt = new Date()
          process.kill(pid, "SIGKILL")
        }
        return { cartId, orderId: res?.status === 200 ? (res.data.order?.id as string) : undefined }
      })
    )
    expect(killed).toBe(true)
    const confirmed = answered.filter((a) => a.orderId)
    expect(confirmed.length).toBeGreaterThan(0)

    // Every order B confirmed exists; the buyers B never answered finish at server A, getting
    // the order B may have placed before dying or a new one, never a second order for a cart.
    for (const { cartId, orderId } of confirmed) {
      const { rows } = await cluster.db.query<{ order_id: string }>(
        `SELECT order_id FROM order_cart WHERE cart_id = $1 AND deleted_at IS NULL`,
        [cartId]
      )
      expect(rows.map((r) => r.order_id)).toEqual([orderId])
    }
    // A cart B was completing stays locked until its lock lapses (LOCK_MAX_TTL_SECONDS, bounding
    // the two minutes Medusa asks for); until then A answers 409 and the storefront retries.
    for (const { cartId } of answered.filter((a) => !a.orderId)) {
      let last = ""
      await eventually(
        `cart ${cartId} to complete at server A`,
        async () => {
          const res = await postAnyway(serverA, `/store/carts/${cartId}/complete`)
          last = `${res.status} ${JSON.stringify(res.data).slice(0, 300)}`
          return res.status === 200 && res.data.type === "order" ? true : undefined
        },
        (LOCK_TTL_SECONDS + 40) * 1_000,
        2_000
      ).catch((e: Error) => {
        throw new Error(`${e.message}; last answer: ${last}`)
      })
    }
    const { rows } = await cluster.db.query<{ carts: string; orders: string }>(
      `SELECT count(DISTINCT cart_id) AS carts, count(*) AS orders FROM order_cart
        WHERE cart_id = ANY($1) AND deleted_at IS NULL`,
      [carts]
    )
    expect({ carts: Number(rows[0].carts), orders: Number(rows[0].orders) }).toEqual({
      carts: 30,
      orders: 30,
    })
    // The event of every order a server confirmed, and of every order placed after the crash,
    // reaches the worker. Orders B placed but never answered for may have died with their
    // events (Medusa emits them as the workflow ends): those are at most the ones in flight.
    const {
      rows: [{ n: placedLater }],
    } = await cluster.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM order_cart oc JOIN "order" o ON o.id = oc.order_id
        WHERE oc.cart_id = ANY($1) AND o.created_at > $2`,
      [carts, killedAt]
    )
    const mustArrive = confirmed.length + Number(placedLater)
    await onWorker("the worker to handle the events of confirmed and later orders", async () =>
      (await ordersPlaced(metricsPorts[W])) - placedBefore >= mustArrive ? true : undefined
    )
    expect((await ordersPlaced(metricsPorts[W])) - placedBefore).toBeLessThanOrEqual(30)
  })

  it("on SIGTERM a server finishes the requests in flight, then stops and refuses new ones", async () => {
    const [serverA] = cluster.apis
    const carts = await inBatches(
      Array.from({ length: 8 }, (_, i) => `draining-${i}@zoco.test`),
      4,
      async (email) => {
        const products = await listProducts(serverA, cluster.publishableKey, cluster.regions.europe)
        const { cartId } = await cartWithPaymentSession(serverA, cluster.publishableKey, {
          region: cluster.regions.europe,
          items: [{ variant_id: inStockVariant(products, 2).variant.id, quantity: 1 }],
          email,
          shippingOptionId,
        })
        return cartId
      }
    )
    const inFlight = carts.map((cartId) =>
      postAnyway(serverA, `/store/carts/${cartId}/complete`).then(
        (res) => res.status,
        (error: Error) => error.message
      )
    )
    // In flight means the server is working on it: it holds the cart's lock, or has already
    // answered. A request still in the listen backlog when the server closes it is refused, as it
    // should be; on a busy machine that can take longer than any fixed pause.
    const locks = new Redis(redisDb)
    try {
      await eventually(
        "every complete to hold its cart's lock or be done",
        async () => {
          const { rows } = await cluster.db.query<{ id: string }>(
            `SELECT id FROM cart WHERE id = ANY($1) AND completed_at IS NULL`,
            [carts]
          )
          const open = rows.map((r) => `medusa_lock:${r.id}`)
          const held = open.length ? await locks.exists(...open) : 0
          return held === open.length ? true : undefined
        },
        30_000,
        20
      )
    } finally {
      locks.disconnect()
    }
    const exited = stop(cluster.servers[0].process)
    expect(await Promise.all(inFlight)).toEqual(carts.map(() => 200))
    expect(await exited).toBe(0)
    await expect(serverA.get("/health")).rejects.toThrow(/ECONNREFUSED/)
  })

  it("Redis flushed under the running worker: it registers its schedules again by itself, once, and the heartbeat runs again", async () => {
    const worker = metricsPorts[W]
    const losses = async () => sample(await scrape(worker), "zoco_redis_data_losses_total")
    expect(await onWorker("the worker's metrics", losses)).toBe(0)
    const flusher = new Redis(redisDb)
    try {
      await flusher.flushdb()
    } finally {
      flusher.disconnect()
    }
    // Every scheduled job went with the data: the heartbeat's next run proves they are back.
    await onWorker(
      "the worker to notice",
      async () => ((await losses()) === 1 ? true : undefined),
      30_000
    )
    const restored = await heartbeats(worker)
    await onWorker(
      "the heartbeat to run after the flush",
      async () => ((await heartbeats(worker)) > restored ? true : undefined),
      30_000
    )
    const output = cluster.worker!.output()
    const lines = output.split("\n")
    const warnings = lines.filter((l) => l.includes("Redis lost its data"))
    if (warnings.length !== 1) {
      throw new Error(
        `expected one "Redis lost its data" warning, worker said:\n${output.slice(-6000)}`
      )
    }
    expect(lines.filter((l) => l.includes("[ioredis] Unhandled error event"))).toEqual([])
  })
})

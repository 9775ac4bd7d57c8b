import axios, { type AxiosInstance } from "axios"
import { spawnSync, type ChildProcess } from "child_process"
import { mkdtempSync, rmSync } from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"
import { Receiver } from "../../plugins/webhooks/src/__fixtures__/receiver"
import { testPort } from "../utils/ports"
import { hasRedisServer, startRedis } from "@zoco/plugin-kit/testing"
import {
  cartReadyToPay,
  checkout,
  listProducts,
  shippingOptionOf,
  startPaymentSession,
  type StoreProduct,
} from "../utils/checkout"
import type { StoreRegion } from "../utils/store"
import { certificateFor127 } from "../utils/tls"
import { eventually, sleep } from "../utils/wait"
import {
  INHERITED,
  killTree,
  npmStart,
  npmStartWorker,
  stop,
  type Started,
  type StartedWorker,
} from "./utils/launcher"
import { freshDatabase, inBatches, postAnyway, testPostgresUrl } from "./utils/two-servers"

// npm start twice or three times, a burst of checkouts, and waits of a lapsed lease.
jest.setTimeout(30 * 60_000)

// Checkouts in the burst Redis dies in: enough that sends are queued, in flight and still to come
// when it goes, a quarter of the way in.
const BURST = 100

const postgresUrl = testPostgresUrl()
if (!postgresUrl) {
  console.warn("SKIPPED: webhook crash tests (no PostgreSQL named; run them through `npm test`)")
}
const hasRedis = hasRedisServer
if (!hasRedis) {
  console.warn("SKIPPED: webhooks through a Redis outage (no redis-server on PATH)")
}
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0
if (!hasOpenssl) {
  console.warn("SKIPPED: webhook crash tests (no openssl to make the receiver's certificate)")
}
const describeWithPostgres = postgresUrl && hasOpenssl ? describe : describe.skip
const itWithRedis = hasRedis ? it : it.skip

type Shop = {
  api: AxiosInstance
  admin: { headers: { authorization: string } }
  publishableKey: string
  europe: StoreRegion
  products: StoreProduct[]
}

async function shopOf(server: Started): Promise<Shop> {
  const api = axios.create({
    baseURL: server.banner.storeUrl.replace(/\/store$/, ""),
    headers: { "x-publishable-api-key": server.banner.publishableKey },
  })
  const { data: login } = await api.post("/auth/user/emailpass", {
    email: server.banner.email,
    password: server.banner.password,
  })
  const publishableKey = server.banner.publishableKey
  const { data } = await api.get<{ regions: StoreRegion[] }>("/store/regions")
  const europe = data.regions.find((r) => r.currency_code === "eur")!
  return {
    api,
    admin: { headers: { authorization: `Bearer ${login.token}` } },
    publishableKey,
    europe,
    products: await listProducts(api, publishableKey, europe),
  }
}

/** A guest's cart ready to complete, in as few requests as a storefront can make it. */
async function readyCart(shop: Shop, variantId: string, email: string, shippingOptionId: string) {
  const cartId = await cartReadyToPay(shop.api, shop.publishableKey, {
    region: shop.europe,
    items: [{ variant_id: variantId, quantity: 1 }],
    email,
    shippingOptionId,
  })
  await startPaymentSession(shop.api, shop.publishableKey, cartId, "pp_system_default")
  return cartId
}

/** The i-th of the seed's in-stock variants, round the list: spreads orders over the stock. */
function variantFor(products: StoreProduct[], i: number) {
  const sellable = products.flatMap((p) =>
    p.variants.filter(
      (v) => v.manage_inventory && !v.allow_backorder && (v.inventory_quantity ?? 0) > 20
    )
  )
  return sellable[i % sellable.length].id
}

describeWithPostgres("webhooks through crashes", () => {
  const receiver = new Receiver()
  let receiverUrl: string
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zoco-webhooks-crash-"))
  let certPath: string
  const running: (Started | StartedWorker)[] = []
  const databases: { drop: () => Promise<void> }[] = []
  const dbs: Client[] = []
  let redis: ChildProcess | undefined

  const baseEnv = (databaseUrl: string, port: number): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const name of INHERITED) delete env[name]
    return {
      ...env,
      ZOCO_DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      // The receiver runs on this machine: allowed here as tests only may.
      WEBHOOKS_ALLOWED_HOSTS: "127.0.0.1",
      NODE_EXTRA_CA_CERTS: certPath,
    }
  }

  async function database(prefix: string, opts: { redis?: boolean } = {}) {
    const fresh = freshDatabase(postgresUrl!, prefix, opts)
    databases.push(fresh)
    await fresh.create()
    return fresh.url
  }

  async function connect(url: string) {
    const db = new Client({ connectionString: url })
    await db.connect()
    dbs.push(db)
    return db
  }

  async function launched<T extends Started | StartedWorker>(start: Promise<T>) {
    const proc = await start
    running.push(proc)
    return proc
  }

  async function subscribe(shop: Shop, body: Record<string, unknown>) {
    const { data } = await shop.api.post(
      "/admin/webhooks",
      { url: receiverUrl, events: ["order.placed"], ...body },
      shop.admin
    )
    receiver.secret = data.webhook.secret
    return data.webhook.id as string
  }

  /** Every order's order.placed, from the receiver's log: processed once each, all signed. */
  function expectEveryOrderDelivered(orderIds: string[]) {
    const ok = receiver.requests.filter((r) => r.signed && receiver.processed.has(r.deliveryId))
    const delivered = new Set(ok.map((r) => r.body.data?.id))
    expect(orderIds.filter((id) => !delivered.has(id))).toEqual([])
    expect(receiver.requests.filter((r) => !r.signed)).toEqual([])
    expect([...receiver.processed.values()].filter((n) => n !== 1)).toEqual([])
    // One delivery per order: whatever was sent twice was the same delivery, deduplicated.
    const deliveriesPerOrder = new Map<string, Set<string>>()
    for (const r of ok) {
      const set = deliveriesPerOrder.get(r.body.data!.id!) ?? new Set()
      deliveriesPerOrder.set(r.body.data!.id!, set.add(r.deliveryId))
    }
    expect([...deliveriesPerOrder.values()].filter((s) => s.size !== 1)).toEqual([])
  }

  beforeAll(async () => {
    const tls = certificateFor127(dataDir, "receiver")
    certPath = tls.certPath
    receiverUrl = await receiver.start(tls)
  })
  beforeEach(() => {
    receiver.plan = []
    receiver.requests = []
    receiver.processed.clear()
  })

  afterAll(async () => {
    for (const proc of running) {
      if (proc.process.exitCode === null && proc.process.signalCode === null) {
        await stop(proc.process).catch(() => killTree(proc.process))
      }
    }
    for (const db of dbs) await db.end().catch(() => undefined)
    for (const fresh of databases) await fresh.drop().catch(() => undefined)
    redis?.kill("SIGKILL")
    await receiver.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("a process killed with SIGKILL while sending: after the restart every order.placed arrives, once", async () => {
    const databaseUrl = await database("zoco_webhooks_kill")
    const env = baseEnv(databaseUrl, await testPort())
    const first = await launched(npmStart(env, 12 * 60_000))
    const shop = await shopOf(first)
    const db = await connect(databaseUrl)
    // A receiver that never answers: every send is in flight when the process dies.
    await subscribe(shop, { timeout_ms: 30_000, max_concurrency: 4 })
    receiver.plan = Array.from({ length: 100 }, () => "hang" as const)

    const orders: string[] = []
    for (let i = 0; i < 8; i++) {
      const { order } = await checkout(shop.api, shop.publishableKey, {
        region: shop.europe,
        items: [{ variant_id: variantFor(shop.products, i), quantity: 1 }],
        email: `killed-${i}@zoco.test`,
      })
      orders.push(order.id)
    }
    // In flight: claimed by this process, not yet answered, and at the receiver. The first sends
    // can time out (30 s) before the last order is placed on a busy machine, so this is read
    // from the database at the moment, not from the receiver's log.
    const inFlight = await eventually(
      "four sends to be in flight",
      async () => {
        const { rows } = await db.query<{ id: string }>(
          `SELECT id FROM webhook_delivery WHERE status = 'pending' AND locked_until > now()`
        )
        const received = new Set(receiver.requests.map((r) => r.deliveryId))
        const held = rows.map((r) => r.id).filter((id) => received.has(id))
        return held.length >= 4 ? new Set(held) : undefined
      },
      180_000,
      200
    )
    await killTree(first.process)
    receiver.plan = []

    // Started again on the same database: the dead process's claims lapse and the deliveries
    // are sent again by the one-minute job.
    await launched(npmStart(env, 5 * 60_000))
    await eventually(
      "every order.placed to be delivered after the restart",
      async () => {
        const { rows } = await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM webhook_delivery WHERE status = 'succeeded'`
        )
        return Number(rows[0].n) >= orders.length ? true : undefined
      },
      5 * 60_000,
      2_000
    )
    expectEveryOrderDelivered(orders)
    // The sends cut off by the kill were sent again under the same delivery id.
    for (const id of inFlight) expect(receiver.processed.get(id)).toBe(1)
  })

  itWithRedis(
    `Redis stopped during a burst of ${BURST} orders: after the restart every order.placed arrives, once`,
    async () => {
      const redisPort = await testPort()
      redis = await startRedis(redisPort)
      const databaseUrl = await database("zoco_webhooks_redis", { redis: true })
      const env = {
        ...baseEnv(databaseUrl, await testPort()),
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      }
      const server = await launched(npmStart(env, 12 * 60_000, "start:server"))
      const workerEnv = { ...env, PORT: String(await testPort()) }
      let worker = await launched(npmStartWorker(workerEnv, 5 * 60_000))
      const shop = await shopOf(server)
      const db = await connect(databaseUrl)
      await subscribe(shop, { max_concurrency: 10 })

      // The standard shipping option, found the way a storefront does, once.
      const first = await cartReadyToPay(shop.api, shop.publishableKey, {
        region: shop.europe,
        items: [{ variant_id: variantFor(shop.products, 0), quantity: 1 }],
      })
      const shippingOptionId = await shippingOptionOf(shop.api, shop.publishableKey, first)
      const carts = await inBatches(
        Array.from({ length: BURST }, (_, i) => i),
        8,
        (i) =>
          readyCart(shop, variantFor(shop.products, i), `burst-${i}@zoco.test`, shippingOptionId)
      )

      // The burst; a quarter of the way in, Redis dies, and comes back empty 3 seconds later.
      let done = 0
      const answers = new Map<string, number>()
      const complete = async (cartId: string) => {
        const res = await postAnyway(shop.api, `/store/carts/${cartId}/complete`, {})
        const key = `${res.status} ${res.data?.type ?? ""} ${res.data?.message ?? res.data?.error?.message ?? ""}`
        answers.set(key, (answers.get(key) ?? 0) + 1)
      }
      const outage = (async () => {
        while (done < BURST / 4) await sleep(50)
        redis!.kill("SIGKILL")
        await sleep(3_000)
        redis = await startRedis(redisPort)
      })()
      await inBatches(carts, 16, async (cartId) => {
        await complete(cartId)
        done++
      })
      await outage

      // A storefront retries what failed during the outage, until every cart is an order.
      const open = async () =>
        (
          await db.query<{ id: string }>(
            `SELECT id FROM cart WHERE id = ANY($1) AND completed_at IS NULL`,
            [carts]
          )
        ).rows.map((r) => r.id)
      await eventually(
        "every cart of the burst to become an order",
        async () => {
          await inBatches(await open(), 8, complete)
          return (await open()).length === 0 ? true : undefined
        },
        5 * 60_000,
        2_000
      ).catch((error: Error) => {
        const seen = [...answers].map(([answer, n]) => `${n} × ${answer}`).join("\n")
        const logs = `${server.output().slice(-3_000)}\n--- worker ---\n${worker.output().slice(-3_000)}`
        throw new Error(`${error.message}; the answers were:\n${seen}\n${logs}`)
      })
      const { rows } = await db.query<{ order_id: string }>(
        `SELECT order_id FROM order_cart WHERE cart_id = ANY($1) AND deleted_at IS NULL`,
        [carts]
      )
      const orders = rows.map((r) => r.order_id)
      expect(orders).toHaveLength(BURST)

      // Redis came back empty, without the event bus's queue or the job schedules: the worker
      // is restarted, as after any Redis data loss, and reconciles when it starts.
      const {
        rows: [before],
      } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM webhook_delivery WHERE event_type = 'order.placed'`
      )
      console.info(
        `Redis outage: ${orders.length - Number(before.n)} of ${orders.length} orders had no ` +
          `order.placed delivery before the worker restarted`
      )
      await stop(worker.process)
      worker = await launched(npmStartWorker(workerEnv, 5 * 60_000))
      await eventually(
        "every order of the burst to be delivered",
        async () => {
          const { rows: sent } = await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM webhook_delivery
              WHERE status = 'succeeded' AND event_type = 'order.placed'`
          )
          return Number(sent[0].n) >= orders.length ? true : undefined
        },
        5 * 60_000,
        2_000
      )
      expectEveryOrderDelivered(orders)
      const { rows: pending } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM webhook_delivery WHERE status <> 'succeeded'`
      )
      expect(Number(pending[0].n)).toBe(0)
      expect(worker.output()).not.toMatch(/UnhandledPromiseRejection/)
    }
  )
})

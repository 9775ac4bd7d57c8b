import axios from "axios"
import { existsSync, mkdtempSync, realpathSync, rmSync } from "fs"
import { Agent, createServer, type Server } from "http"
import os from "os"
import path from "path"
import { testPort } from "../utils/ports"
import { hasRedisServer, startRedis } from "@zoco/plugin-kit/testing"
import { checkout, inStockVariant, listProducts } from "../utils/checkout"
import type { StoreRegion } from "../utils/store"
import { eventually } from "../utils/wait"
import { INHERITED, npmStart, stop, type Started } from "./utils/launcher"
import { freshDatabase, testPostgresUrl } from "./utils/two-servers"
import { templateDatabase } from "../utils/template-database"
import type { ChildProcess } from "child_process"
import { buildOpenApi } from "../../plugins/observability/src/openapi"
import { sourceApiDirs } from "../utils/zoco-routes"

jest.setTimeout(15 * 60_000)

type Span = {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  attributes?: { key: string; value: { stringValue?: string } }[]
}

/** A local OTLP/HTTP collector: keeps every span it is sent, as OTLP JSON. */
class OtlpReceiver {
  readonly spans: Span[] = []
  readonly services = new Set<string>()
  #server?: Server
  port = 0

  async start() {
    this.port = await testPort()
    this.#server = createServer((req, res) => {
      let body = ""
      req.on("data", (chunk: Buffer) => (body += chunk.toString()))
      req.on("end", () => {
        if (req.url === "/v1/traces" && req.headers["content-type"]?.includes("json")) {
          const payload = JSON.parse(body) as {
            resourceSpans: {
              resource: { attributes: { key: string; value: { stringValue?: string } }[] }
              scopeSpans: { spans: Span[] }[]
            }[]
          }
          for (const rs of payload.resourceSpans) {
            const service = rs.resource.attributes.find((a) => a.key === "service.name")
            if (service?.value.stringValue) this.services.add(service.value.stringValue)
            for (const ss of rs.scopeSpans) this.spans.push(...ss.spans)
          }
        }
        res.writeHead(200, { "content-type": "application/json" }).end("{}")
      })
    })
    await new Promise<void>((resolve) => this.#server!.listen(this.port, "127.0.0.1", resolve))
  }

  stop() {
    return new Promise((resolve) => this.#server?.close(resolve))
  }
}

// A Redis of this test's own, so it can be stopped and started again under a running server.
const hasRedis = hasRedisServer
if (!hasRedis) {
  console.warn("SKIPPED: /ready with Redis stopped and restarted (no redis-server on PATH)")
}

describe("operating one server: traces over OTLP, readiness", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zoco-operations-"))
  const receiver = new OtlpReceiver()
  // A copy of the migrated template when `npm test` made one: what is checked here is tracing
  // and readiness, not the first start on an embedded database (npm-start.spec.ts).
  const postgresUrl = testPostgresUrl()
  const database =
    postgresUrl && templateDatabase()
      ? freshDatabase(postgresUrl, "zoco_operations", { redis: hasRedis })
      : undefined
  let server: Started | undefined
  let redis: ChildProcess | undefined
  let redisPort = 0

  beforeAll(async () => {
    await receiver.start()
    if (hasRedis) {
      redisPort = await testPort()
      redis = await startRedis(redisPort)
    }
    await database?.create()
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const name of INHERITED) delete env[name]
    Object.assign(env, {
      ZOCO_DATA_DIR: dataDir,
      PORT: String(await testPort()),
      ...(database ? { DATABASE_URL: database.url } : {}),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
      OTEL_SERVICE_NAME: "zoco-e2e",
      ...(hasRedis ? { REDIS_URL: `redis://127.0.0.1:${redisPort}` } : {}),
    })
    server = await npmStart(env, 12 * 60_000)
  })

  afterAll(async () => {
    if (server && server.process.exitCode === null) await stop(server.process)
    await receiver.stop()
    redis?.kill("SIGKILL")
    await database?.drop().catch(() => undefined)
    const cluster = path.join(dataDir, "postgres")
    if (existsSync(cluster)) rmSync(realpathSync(cluster), { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  })

  // The run's templates are migrated for this schema, with Redis and without: a start on a copy
  // that ran `medusa db:migrate` again would mean a template whose recorded schema is off.
  const onTemplate = database && (!hasRedis || process.env.ZOCO_TEST_DB_TEMPLATE_REDIS)
  ;(onTemplate ? it : it.skip)("starts on a copy of the run's template without migrating", () => {
    expect(server!.output()).toContain("Database schema is current; no migrations to run")
    expect(server!.output()).not.toContain("Running database migrations")
  })

  it("sends the HTTP, workflow, query and SQL spans of a completion, linked to their parents", async () => {
    const { storeUrl, publishableKey } = server!.banner
    const api = axios.create({
      baseURL: storeUrl.replace(/\/store$/, ""),
      headers: { "x-publishable-api-key": publishableKey },
    })
    const { data } = await api.get<{ regions: StoreRegion[] }>("/store/regions")
    const europe = data.regions.find((r) => r.currency_code === "eur")!
    const products = await listProducts(api, publishableKey, europe)
    const { order } = await checkout(api, publishableKey, {
      region: europe,
      items: [{ variant_id: inStockVariant(products).variant.id, quantity: 1 }],
      email: "traced@zoco.test",
    })
    expect(order.id).toMatch(/^order_/)

    const completion = await eventually("the completion's spans to arrive", async () => {
      const handler = receiver.spans.find(
        (s) => s.name === "route handler: /store/carts/:id/complete"
      )
      if (!handler) return undefined
      const trace = receiver.spans.filter((s) => s.traceId === handler.traceId)
      const workflow = trace.find((s) => s.name.startsWith("workflow:"))
      // Spans are exported in batches as they end, parents after their children: the trace is
      // whole once every parent has arrived too.
      const ids = new Set(trace.map((s) => s.spanId))
      const whole = trace.every((s) => !s.parentSpanId || ids.has(s.parentSpanId))
      return workflow && whole && trace.some((s) => s.name.startsWith("pg."))
        ? { handler, trace }
        : undefined
    })
    expect(receiver.services).toEqual(new Set(["zoco-e2e"]))

    const { handler, trace } = completion
    const byId = new Map(trace.map((s) => [s.spanId, s]))
    /** The names of a span's ancestors, nearest first, all present in the same trace. */
    const ancestors = (span: Span) => {
      const names: string[] = []
      for (let p = span.parentSpanId; p; p = byId.get(p)?.parentSpanId) {
        const parent = byId.get(p)
        if (!parent) throw new Error(`span ${span.name} has a parent that never arrived`)
        names.push(parent.name)
      }
      return names
    }

    // One root, the HTTP request, and every other span's parent arrived with it.
    const roots = trace.filter((s) => !s.parentSpanId)
    expect(roots).toHaveLength(1)
    for (const span of trace) {
      if (span !== roots[0]) expect(ancestors(span).at(-1)).toBe(roots[0].name)
    }
    expect(ancestors(handler)).toContain(roots[0].name)

    // Medusa opens the workflow inside the request's middleware chain, not the handler's span.
    const workflow = trace.find((s) => s.name.startsWith("workflow:"))!
    expect(ancestors(workflow)).toContain(roots[0].name)
    const step = trace.find((s) => s.name.startsWith("step:"))!
    expect(ancestors(step)).toContain(workflow.name)
    const query = trace.find((s) => /^(query\.graph|remoteQuery):/.test(s.name))!
    expect(ancestors(query)).toContain(roots[0].name)
    const sql = trace.filter((s) => s.name.startsWith("pg."))
    expect(sql.some((s) => ancestors(s).some((n) => n.startsWith("step:")))).toBe(true)
  })

  it("answers bad requests in production with a message, never a stack trace or SQL", async () => {
    const base = server!.banner.storeUrl.replace(/\/store$/, "")
    const pk = { "x-publishable-api-key": server!.banner.publishableKey }
    const send = (method: string, url: string, data?: string, headers = {}) =>
      axios.request({
        method,
        url: `${base}${url}`,
        data,
        headers: { ...pk, "content-type": "application/json", ...headers },
        transformRequest: (d: unknown) => d,
        validateStatus: () => true,
      })
    const answers = await Promise.all([
      send("POST", "/store/carts", '{"region_id": '),
      send("POST", "/store/carts", '{"region_id": "reg_nope"}'),
      send("POST", "/store/carts/cart_nope/line-items", '{"variant_id": 1, "quantity": "x"}'),
      send("GET", "/store/products?fields=*nope.deeper&order=-nope"),
      send("GET", "/store/products?limit=-1&offset=abc"),
      send("GET", "/store/products/' OR 1=1 --"),
      send("GET", "/admin/orders?q=%00", undefined, { authorization: "Bearer forged.token.here" }),
      send("POST", "/auth/customer/emailpass", '{"email": {"$ne": null}, "password": []}'),
      send("POST", "/store/carts", JSON.stringify({ metadata: { x: "y".repeat(300_000) } })),
    ])
    for (const res of answers) {
      const body = typeof res.data === "string" ? res.data : JSON.stringify(res.data)
      expect({ status: res.status < 500, body }).toEqual({ status: true, body: expect.any(String) })
      expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.(ts|js):\d+/)
      expect(body).not.toMatch(/\b(select|insert|update)\b.*\b(from|into|set)\b|"?public"?\./i)
    }
  })

  it("sends the security headers with the admin dashboard and uploaded files too", async () => {
    const base = server!.banner.storeUrl.replace(/\/store$/, "")
    const { data } = await axios.get<{ products: { thumbnail: string | null }[] }>(
      `${base}/store/products?limit=1&fields=thumbnail`,
      { headers: { "x-publishable-api-key": server!.banner.publishableKey } }
    )
    const upload = data.products[0].thumbnail!
    expect(upload).toMatch(/\/static\//)
    // Both are served by Express handlers Medusa mounts before any route of the app.
    for (const url of [`${base}/app/`, `${base}/app/login`, upload]) {
      const res = await axios.get(url)
      expect(res.status).toBe(200)
      expect(res.headers["x-frame-options"]).toBe("DENY")
      expect(res.headers["content-security-policy"]).toBe("frame-ancestors 'none'")
      expect(res.headers["x-content-type-options"]).toBe("nosniff")
    }
  })

  it("serves the OpenAPI document of Zoco's routes from the production build", async () => {
    const base = server!.banner.storeUrl.replace(/\/store$/, "")
    const { data, headers } = await axios.get(`${base}/docs/openapi.json`)
    expect(headers["x-zoco-api-version"]).toBe("1")
    // The build documents exactly the routes the sources hold.
    const { document } = await buildOpenApi({
      title: "Zoco API",
      version: "1",
      apiDirs: sourceApiDirs(),
    })
    expect(Object.keys(data.paths).sort()).toEqual(Object.keys(document.paths as object).sort())
  })

  ;(hasRedis ? it : it.skip)(
    "answers /ready 503 naming Redis while it is down, and 200 once it is back; the store keeps serving",
    async () => {
      // A connection of its own each time: a kept-alive one the server closes as it idles (5 s)
      // can be picked for the next request at that very moment ("socket hang up").
      const fresh = new Agent({ keepAlive: false })
      const ready = () =>
        axios.get(`${server!.banner.storeUrl.replace(/\/store$/, "")}/ready`, {
          validateStatus: () => true,
          httpAgent: fresh,
        })
      const catalog = () =>
        axios.get(`${server!.banner.storeUrl}/products?limit=5&fields=id,title`, {
          headers: { "x-publishable-api-key": server!.banner.publishableKey },
          validateStatus: () => true,
        })
      expect((await ready()).status).toBe(200)
      // The events of the seed and of the order placed above may still be being handled (later
      // on a loaded machine), each one invalidating the cache: wait until a read is served from it.
      const cached = await eventually(
        "a catalog read served from the cache",
        async () => {
          await catalog()
          const res = await catalog()
          return res.headers["x-cache"] === "HIT" ? res : undefined
        },
        120_000,
        500
      )

      await new Promise((resolve) => {
        redis!.once("close", resolve)
        redis!.kill("SIGKILL")
      })
      const down = await eventually("/ready to notice Redis is down", async () => {
        const res = await ready()
        return res.status === 503 ? res : undefined
      })
      expect(down.data).toMatchObject({
        status: "unavailable",
        message: "Not ready: redis did not answer",
        checks: { postgres: { ok: true }, redis: { ok: false } },
      })
      // The Store API cache lives in that Redis: reads pass through to Medusa, same answer.
      const uncached = await catalog()
      expect(uncached.status).toBe(200)
      expect(uncached.headers["x-cache"]).not.toBe("HIT")
      expect(uncached.data.products).toEqual(cached.data.products)

      redis = await startRedis(redisPort)
      await eventually("/ready to see Redis again", async () =>
        (await ready()).status === 200 ? true : undefined
      )
      // One outage, and Redis came back empty: this process runs the scheduled jobs too, and
      // registered them again by itself.
      const restored = await eventually("the schedules to be registered again", async () => {
        const res = await ready()
        return res.data.redis?.data_losses === 1 ? res : undefined
      })
      expect(restored.data.redis).toEqual({
        outages: 1,
        data_losses: 1,
        schedules_restored_at: expect.any(String),
      })
      // Still serving the Store API after the outage.
      const products = await axios.get(`${server!.banner.storeUrl}/products?limit=1`, {
        headers: { "x-publishable-api-key": server!.banner.publishableKey },
      })
      expect(products.status).toBe(200)
    }
  )
})

import type { Logger } from "@medusajs/framework/types"
import { readFileSync } from "fs"
import { OBSERVABILITY_MODULE } from "../../plugins/observability/src/modules/observability"
import type ObservabilityService from "../../plugins/observability/src/modules/observability/service"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import { buildOpenApi } from "../../plugins/observability/src/openapi"
import { checkout, inStockVariant, listProducts } from "../utils/checkout"
import { adminToken, bearer, seedStore, storeHeaders, type SeededStore } from "../utils/store"
import { eventually } from "../utils/wait"
import { medusaOwnPaths, recordRouterPaths, sourceApiDirs } from "../utils/zoco-routes"

jest.setTimeout(240_000)

const METRICS_TOKEN = "metrics-token-for-tests-0123456789"
process.env.METRICS_TOKEN = METRICS_TOKEN

const anyStatus = { validateStatus: () => true }
const scrape = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }

/** The samples of one metric, as `labels → value`. */
function samples(text: string, metric: string) {
  const found = new Map<string, number>()
  for (const line of text.split("\n")) {
    const match = line.match(new RegExp(`^${metric}(\\{[^}]*\\})? (\\S+)$`))
    if (match) {
      found.set(match[1] ?? "", Number(match[2]))
    }
  }
  return found
}

// Before the runner loads the app, so that every route the router registers is seen.
const router = recordRouterPaths()

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore
    let pk: ReturnType<typeof storeHeaders>

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
      pk = storeHeaders(shop.publishableKey)
    })

    afterAll(() => {
      delete process.env.METRICS_TOKEN
    })

    const metrics = async () => (await api.get("/metrics", scrape)).data as string

    it("gives every response a request id: the caller's when it is plain, a new one otherwise", async () => {
      const kept = await api.get("/store/regions", {
        headers: { ...pk.headers, "x-request-id": "edge-7f3a.42" },
      })
      expect(kept.headers["x-request-id"]).toBe("edge-7f3a.42")

      const replaced = await api.get("/store/regions", {
        headers: { ...pk.headers, "x-request-id": "forged line\r\nlevel=error" },
        ...anyStatus,
      })
      expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/)

      // Answered by Medusa's own authentication, before any app middleware.
      const unauthorized = await api.get("/admin/products", anyStatus)
      expect(unauthorized.status).toBe(401)
      expect(unauthorized.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/)
      expect(unauthorized.headers["x-request-id"]).not.toBe(replaced.headers["x-request-id"])
    })

    it("serves /metrics only to the bearer of the metrics token", async () => {
      const none = await api.get("/metrics", anyStatus)
      expect(none.status).toBe(401)
      expect(none.data.message).toMatch(/Authorization: Bearer/)
      const wrong = await api.get("/metrics", {
        headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
        ...anyStatus,
      })
      expect(wrong.status).toBe(401)

      const ok = await api.get("/metrics", scrape)
      expect(ok.status).toBe(200)
      expect(ok.headers["content-type"]).toMatch(/^text\/plain.*version=0\.0\.4/)
      expect(ok.data).toContain("process_resident_memory_bytes")
    })

    it("labels requests by route template, so 1,000 product ids add no series", async () => {
      const before = samples(await metrics(), "http_request_duration_seconds_count")
      for (let i = 0; i < 1_000; i += 50) {
        await Promise.all(
          Array.from({ length: 50 }, (_, j) =>
            api.get(`/store/products/prod_missing_${i + j}`, { ...pk, ...anyStatus })
          )
        )
      }
      await api.get("/admin/orders/order_1", anyStatus)
      await api.get(`/no/such/route/${Date.now()}`, anyStatus)

      const after = samples(await metrics(), "http_request_duration_seconds_count")
      const productMisses = after.get(
        '{method="GET",route="/store/products/:id",status_code="404"}'
      )
      expect(productMisses).toBe(1_000)
      expect([...after.keys()].filter((k) => k.includes("prod_missing"))).toEqual([])
      // The admin 401 came from Medusa's authentication, before the route ran.
      expect(after.get('{method="GET",route="/admin/orders/:id",status_code="401"}')).toBe(1)
      expect(after.get('{method="GET",route="unmatched",status_code="404"}')).toBe(
        (before.get('{method="GET",route="unmatched",status_code="404"}') ?? 0) + 1
      )
      expect(after.size - before.size).toBeLessThanOrEqual(3)
    })

    it("counts Store API cache hits and misses", async () => {
      const path = `/store/products?limit=2&region_id=${shop.regions.europe.id}`
      const before = samples(await metrics(), "zoco_store_cache_requests_total")
      expect((await api.get(path, pk)).headers["x-cache"]).toBe("MISS")
      expect((await api.get(path, pk)).headers["x-cache"]).toBe("HIT")
      const after = samples(await metrics(), "zoco_store_cache_requests_total")
      const delta = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0)
      expect(delta('{result="MISS"}')).toBe(1)
      expect(delta('{result="HIT"}')).toBe(1)
      // A hit is answered by the cache's middleware, yet labelled with the route it stands for.
      expect(
        samples(await metrics(), "http_request_duration_seconds_count").get(
          '{method="GET",route="/store/products",status_code="200"}'
        )
      ).toBeGreaterThanOrEqual(2)
    })

    it("counts placed orders, and the subscriber runs that handled them", async () => {
      const read = async () => samples(await metrics(), "zoco_orders_placed_total").get("") ?? 0
      const handled = async () =>
        samples(await metrics(), "zoco_event_handler_runs_total").get(
          '{event="order.placed",result="ok"}'
        ) ?? 0
      const [before, handledBefore] = [await read(), await handled()]
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      await checkout(api, shop.publishableKey, {
        region: shop.regions.europe,
        items: [{ variant_id: inStockVariant(products).variant.id, quantity: 1 }],
        email: "metrics@zoco.test",
      })
      await eventually("the order.placed subscriber to count the order", async () =>
        (await read()) === before + 1 ? true : undefined
      )
      // Every subscriber to order.placed (this plugin's, the store cache's, Medusa's) counted once.
      expect(await handled()).toBeGreaterThan(handledBefore)
    })

    it("counts failed workflow runs by workflow", async () => {
      const failed = async () =>
        samples(await metrics(), "zoco_workflow_runs_failed_total").get(
          '{workflow="complete-cart"}'
        ) ?? 0
      const failedBefore = await failed()

      // A cart with no address, shipping or payment cannot be completed.
      const { data } = await api.post("/store/carts", { region_id: shop.regions.europe.id }, pk)
      const attempt = await api.post(
        `/store/carts/${data.cart.id}/complete`,
        {},
        {
          ...pk,
          ...anyStatus,
        }
      )
      expect(attempt.status).toBeGreaterThanOrEqual(400)
      expect(attempt.status).toBeLessThan(500)
      expect(await failed()).toBe(failedBefore + 1)
    })

    it("writes one access line per request, tags every line with the request id, logs no secrets", async () => {
      // The configured logger wraps Medusa's; spying on Medusa's sees the lines as written.
      const logger = getContainer().resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      const medusaLogger = Object.getPrototypeOf(logger) as Logger
      const info = jest.spyOn(medusaLogger, "info")
      // Tests run at LOG_LEVEL=error, where info lines are dropped before they are formatted.
      const level = jest.spyOn(medusaLogger, "shouldLog").mockReturnValue(true)
      try {
        await api.post(
          "/auth/customer/emailpass",
          { email: "nobody@zoco.test", password: "hunter2-secret-password" },
          { headers: { "x-request-id": "access-line-1" }, ...anyStatus }
        )
        await api.get("/store/products/prod_1?token=reset-token-secret", {
          headers: { ...pk.headers, "x-request-id": "access-line-2" },
          ...anyStatus,
        })
        const lines = info.mock.calls.map((call) => String(call[0]))
        expect(lines.filter((l) => /^POST .*request_id=access-line-1$/.test(l))).toEqual([
          expect.stringMatching(
            /^POST \/auth\/:actor_type\/:auth_provider 401 \d+\.\d ms request_id=access-line-1$/
          ),
        ])
        expect(lines.filter((l) => /^GET .*request_id=access-line-2$/.test(l))).toEqual([
          expect.stringMatching(
            /^GET \/store\/products\/:id 400 \d+\.\d ms request_id=access-line-2$/
          ),
        ])
        // Medusa's own lines while serving the requests carry their ids too.
        expect(lines).toContain("Invalid email or password request_id=access-line-1")
        expect(lines).toContain(
          "Invalid request: Unrecognized fields: 'token' request_id=access-line-2"
        )
        expect(lines.join("\n")).not.toMatch(/hunter2|reset-token-secret|pk_/)
      } finally {
        info.mockRestore()
        level.mockRestore()
      }
    })

    it("describes every route Zoco adds in an OpenAPI 3.1 document, and names the API version", async () => {
      const doc = await api.get("/docs/openapi.json")
      expect(doc.status).toBe(200)
      expect(doc.headers["x-zoco-api-version"]).toBe("1")
      expect(doc.data).toMatchObject({
        openapi: "3.1.0",
        info: { title: "Zoco API", version: "1" },
      })
      router.stop()
      const documented = Object.keys(doc.data.paths).sort()
      const medusa = await medusaOwnPaths(getContainer())
      const added = [...router.paths].filter((p) => !medusa.has(p)).sort()
      // Every path the server adds to Medusa's is documented, and every documented path is
      // one the server serves.
      expect(added.filter((p) => !documented.includes(p))).toEqual([])
      expect(documented.filter((p) => !router.paths.has(p))).toEqual([])
      // A plugin's route is described from the schema it validates with.
      expect(
        doc.data.paths["/store/products/{id}/reviews"].post.requestBody.content["application/json"]
          .schema
      ).toMatchObject({
        properties: { rating: { type: "integer", minimum: 1, maximum: 5 } },
        additionalProperties: false,
      })
      expect(
        doc.data.paths["/ready"].get.responses["503"].content["application/json"].schema
      ).toMatchObject({ type: "object", required: ["status", "checks"] })

      const page = await api.get("/docs")
      expect(page.headers["content-type"]).toMatch(/^text\/html/)
      expect(page.data).toContain("<code>GET /metrics</code>")
      expect(page.data).toContain("https://docs.medusajs.com/api/store")

      // Every response says which version of the API answered it.
      const store = await api.get("/store/regions", pk)
      expect(store.headers["x-zoco-api-version"]).toBe("1")
    })

    it("has a schema for every handler in the app's and the plugins' route files", async () => {
      const { document, undocumented } = await buildOpenApi({
        title: "Zoco API",
        version: "1",
        apiDirs: sourceApiDirs(),
      })
      expect(undocumented).toEqual([])
      expect(Object.keys(document.paths as object).length).toBeGreaterThanOrEqual(4)
    })

    it("is ready when PostgreSQL answers, and says what it checked", async () => {
      const res = await api.get("/ready")
      expect(res.status).toBe(200)
      expect(res.data).toEqual({
        status: "ready",
        checks: { postgres: { ok: true, ms: expect.any(Number) } },
      })
      expect((await api.get("/health")).status).toBe(200)
    })

    it("tells an admin the versions, the checks of /ready, and when jobs last ran", async () => {
      const admin = bearer(await adminToken(getContainer(), api))
      const { data } = await api.get("/admin/zoco/status", admin)
      expect(data.status).toEqual({
        versions: {
          zoco: (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version,
          medusa: "2.21.2",
          node: process.version,
        },
        process: { mode: "shared", started_at: expect.any(String) },
        ready: { ok: true, checks: { postgres: { ok: true, ms: expect.any(Number) } } },
        // The defaults: nothing in this test's environment sets them.
        rules: {
          reviews: { auto_approve_verified: false, per_customer: { reviews: 5, seconds: 3600 } },
          webhooks: { max_attempts: 14, pause_after_hours: 24 },
        },
        jobs: expect.any(Object),
      })
      // The test app runs in shared mode without Redis: its own heartbeat is what it reports.
      await getContainer().resolve<ObservabilityService>(OBSERVABILITY_MODULE).beat()
      const { data: after } = await api.get("/admin/zoco/status", admin)
      expect(after.status.jobs).toEqual({
        last_run_at: expect.any(String),
        seen_by: "this process",
      })
      expect(Date.now() - Date.parse(after.status.jobs.last_run_at)).toBeLessThan(60_000)

      expect((await api.get("/admin/zoco/status", anyStatus)).status).toBe(401)
      const bad = await api.get("/admin/zoco/status?verbose=1", { ...admin, ...anyStatus })
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/unknown field\(s\) verbose/)
    })
  },
})

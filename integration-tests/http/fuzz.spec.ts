import { Modules } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import fc from "fast-check"
import v8 from "node:v8"
import { runInNewContext } from "node:vm"
import { inStockVariant, listProducts } from "../utils/checkout"
import { bodies, deeplyNested, queryStrings } from "../utils/fuzz"
import { adminToken, bearer, seedStore, storeHeaders, type SeededStore } from "../utils/store"

jest.setTimeout(240_000)

// Thousands of auth requests from one address: limits and login padding off here.
process.env.AUTH_RATE_LIMIT_PER_IP = "off"
process.env.AUTH_RATE_LIMIT_PER_ACCOUNT = "off"
process.env.AUTH_LOGIN_MIN_MS = "0"

/** Live heap after a full collection: what the process still holds, unlike RSS, which V8 grows and keeps lazily. */
function retainedHeap() {
  v8.setFlagsFromString("--expose_gc")
  const gc = runInNewContext("gc") as () => void
  gc()
  return process.memoryUsage().heapUsed
}

const RUNS = 400
// A fixed seed keeps CI reproducible; set ZOCO_FUZZ_SEED to explore other inputs.
const SEED = Number(process.env.ZOCO_FUZZ_SEED ?? 20261128)

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore
    let cartId: string
    let pk: ReturnType<typeof storeHeaders>

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
      pk = storeHeaders(shop.publishableKey)
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const { data } = await api.post(
        "/store/carts",
        {
          region_id: shop.regions.europe.id,
          items: [{ variant_id: inStockVariant(products).variant.id, quantity: 1 }],
        },
        pk
      )
      cartId = data.cart.id
    })

    afterAll(() => {
      delete process.env.AUTH_RATE_LIMIT_PER_IP
      delete process.env.AUTH_RATE_LIMIT_PER_ACCOUNT
      delete process.env.AUTH_LOGIN_MIN_MS
    })

    /** Sends every generated input; returns the 5xx answers, and counts the 2xx ones. */
    async function fire(
      send: (input: unknown) => Promise<{ status: number; data: unknown }>,
      inputs: fc.Arbitrary<unknown>
    ) {
      const serverErrors: string[] = []
      let accepted = 0
      await fc.assert(
        fc.asyncProperty(inputs, async (input) => {
          const res = await send(input).catch((error: Error) => ({
            status: 599,
            data: `no answer: ${error.message}`,
          }))
          if (res.status >= 500) {
            serverErrors.push(
              `${res.status} ${JSON.stringify(res.data).slice(0, 200)} for ${JSON.stringify(input).slice(0, 200)}`
            )
          } else if (res.status < 300) {
            accepted++
          }
        }),
        { numRuns: RUNS, seed: SEED }
      )
      return { serverErrors, accepted }
    }

    const any = { validateStatus: () => true }

    let adminAuth: Promise<ReturnType<typeof bearer>> | undefined
    /** One merchant for the whole file. */
    const adminHeaders = () =>
      (adminAuth ??= adminToken(getContainer(), api).then((token) => bearer(token)))

    /** Posts `body` as JSON text exactly as given, bare numbers and booleans included. */
    function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
      return api.post(path, JSON.stringify(body), {
        headers: { ...headers, "content-type": "application/json" },
        transformRequest: (data: string) => data,
        ...any,
      })
    }

    it("Store and Auth endpoints answer generated bodies with no 5xx, and rejected ones change nothing", async () => {
      const carts = getContainer().resolve(Modules.CART)
      const auth = getContainer().resolve(Modules.AUTH)
      const cartsBefore = (await carts.listCarts({})).length
      const identitiesBefore = (await auth.listAuthIdentities({})).length
      const heapBefore = retainedHeap()

      const createCart = await fire(
        (b) => postJson("/store/carts", b, pk.headers),
        bodies(["region_id", "items", "email", "currency_code", "metadata", "sales_channel_id"])
      )
      const updateCart = await fire(
        (b) => postJson(`/store/carts/${cartId}`, b, pk.headers),
        bodies(["email", "shipping_address", "billing_address", "metadata", "promo_codes"])
      )
      const addItem = await fire(
        (b) => postJson(`/store/carts/${cartId}/line-items`, b, pk.headers),
        bodies(["variant_id", "quantity", "metadata"])
      )
      const register = await fire(
        (b) => postJson("/auth/customer/emailpass/register", b),
        bodies(["email", "password"])
      )
      const login = await fire(
        (b) => postJson("/auth/customer/emailpass", b),
        bodies(["email", "password"])
      )
      const customer = await fire(
        (b) => postJson("/store/customers", b, pk.headers),
        bodies(["email", "first_name", "last_name", "phone"])
      )
      const products = await fire(
        (q) => api.get(`/store/products?${q}`, { ...pk, ...any }),
        queryStrings
      )

      const nested = await api.post("/store/carts", deeplyNested(5000), {
        headers: { ...pk.headers, "content-type": "application/json" },
        transformRequest: (data: string) => data,
        ...any,
      })

      expect([
        ...createCart.serverErrors,
        ...updateCart.serverErrors,
        ...addItem.serverErrors,
        ...register.serverErrors,
        ...login.serverErrors,
        ...customer.serverErrors,
        ...products.serverErrors,
      ]).toEqual([])
      expect(nested.status).toBeLessThan(500)

      // Only accepted requests created anything.
      expect((await carts.listCarts({})).length).toBe(cartsBefore + createCart.accepted)
      expect((await auth.listAuthIdentities({})).length).toBe(identitiesBefore + register.accepted)

      // Still serving, and not holding on to what it was sent.
      expect((await api.get("/health")).status).toBe(200)
      // The in-process Store API cache may keep up to its 64 MB bound of product lists.
      const retained = retainedHeap() - heapBefore
      expect(retained).toBeLessThan(128 * 1024 * 1024)
    })

    it("Admin list endpoints answer generated query strings with no 5xx", async () => {
      const admin = await adminHeaders()
      const serverErrors: string[] = []
      for (const route of ["products", "orders", "customers", "inventory-items"]) {
        const { serverErrors: found } = await fire(
          (q) => api.get(`/admin/${route}?${q}`, { ...admin, ...any }),
          queryStrings
        )
        serverErrors.push(...found.map((e) => `/admin/${route}: ${e}`))
      }
      expect(serverErrors).toEqual([])

      // Found by fuzzing: an order by a field the entity lacks was a 500.
      const res = await api.get("/admin/orders?order=-nope", { ...admin, ...any })
      expect(res.status).toBe(400)
      expect(res.data.message).toBe('Invalid query: cannot order by "nope"')
    })

    it.each([
      ["a dotted parameter name", ".Ju.%22rB%40=2"],
      ["an empty parameter name", "=aaaa"],
      ["a negative limit", "limit=-987099867&q=-17"],
      ["a non-numeric offset", "offset=abc"],
      ["a NUL character", "handle=%00"],
    ])(
      "answers %s with a 400 naming the problem (found by fuzzing: was a 500)",
      async (_c, query) => {
        const res = await api.get(`/store/products?${query}`, { ...pk, ...any })
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(/^Invalid query: /)
        const admin = await adminHeaders()
        const adminRes = await api.get(`/admin/products?${query}`, { ...admin, ...any })
        expect(adminRes.status).toBe(400)
        expect(adminRes.data.message).toMatch(/^Invalid query: /)
      }
    )

    it.each([
      ["POST", "/admin/products/export"],
      ["POST", "/admin/orders/export"],
      ["POST", "/admin/inventory-items/export"],
      ["POST", "/admin/uploads"],
      ["DELETE", "/admin/products/prod_1"],
    ])(
      "answers %s %s with a query name its parser cannot take apart with a 400 (found by fuzzing: was a 500)",
      async (method, route) => {
        const admin = await adminHeaders()
        const res = await api.request({
          method,
          url: `${route}?a.b.c=1`,
          headers: admin.headers,
          data: method === "POST" ? {} : undefined,
          ...any,
        })
        expect({ status: res.status, message: res.data.message }).toEqual({
          status: 400,
          message: 'Invalid query: "a.b.c" is not a valid parameter name',
        })
      }
    )

    it("refuses null in a list in metadata with a 400 and changes nothing (found by fuzzing: was a 500)", async () => {
      const before = await api.get(`/store/carts/${cartId}`, pk)
      const update = await api.post(
        `/store/carts/${cartId}`,
        { metadata: { tags: ["gift", null] } },
        { ...pk, ...any }
      )
      expect({ status: update.status, message: update.data.message }).toEqual({
        status: 400,
        message:
          "Invalid request: body.metadata.tags[1] is null; a list in metadata or data cannot hold null",
      })
      const after = await api.get(`/store/carts/${cartId}`, pk)
      expect(after.data.cart.metadata).toEqual(before.data.cart.metadata)
      const create = await api.post(
        "/store/carts",
        { email: "null-in-list@zoco.test", metadata: { x: [[1, null]] } },
        { ...pk, ...any }
      )
      expect(create.status).toBe(400)
      const carts = await getContainer().resolve(Modules.CART).listCarts()
      expect(carts.filter((c) => c.email === "null-in-list@zoco.test")).toEqual([])
      const admin = await adminHeaders()
      const [first] = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const product = await api.post(
        `/admin/products/${first.id}`,
        { metadata: { sizes: [null] } },
        { ...admin, ...any }
      )
      expect(product.status).toBe(400)
      // A list without null, and null as a value of its own, are still taken.
      const ok = await api.post(
        `/store/carts/${cartId}`,
        { metadata: { tags: ["gift", "boxed"], note: null } },
        pk
      )
      expect(ok.data.cart.metadata.tags).toEqual(["gift", "boxed"])
    })

    it("refuses a store POST with such a query before it creates anything", async () => {
      const res = await api.post(
        "/store/carts?x.y.z=1",
        { email: "dotted-query@zoco.test" },
        { ...pk, ...any }
      )
      expect(res.status).toBe(400)
      expect(res.data.message).toBe('Invalid query: "x.y.z" is not a valid parameter name')
      const carts = await getContainer().resolve(Modules.CART).listCarts()
      expect(carts.filter((c) => c.email === "dotted-query@zoco.test")).toEqual([])
      // The same body without it is a cart.
      const ok = await api.post("/store/carts", { email: "dotted-query@zoco.test" }, pk)
      expect(ok.data.cart.email).toBe("dotted-query@zoco.test")
    })
  },
})

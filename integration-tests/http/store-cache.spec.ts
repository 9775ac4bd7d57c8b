import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import { listProducts, trySystemPaymentSession } from "../utils/checkout"
import {
  adminToken,
  bearer,
  registerCustomer,
  seedStore,
  storeHeaders,
  type SeededStore,
} from "../utils/store"
import { eventually, sleep } from "../utils/wait"
import { hasNginx, startCachingProxy } from "../utils/caching-proxy"

jest.setTimeout(240_000)

if (!hasNginx) {
  console.warn("SKIPPED: the shared caching proxy test (no nginx; `.ci/run` installs Debian's)")
}
const itWithNginx = hasNginx ? it : it.skip

// Short, so the test can wait it out; medusa-config.ts reads it when the runner loads it.
const KEY_TTL_SECONDS = 2
process.env.STORE_CACHE_KEY_TTL_SECONDS = String(KEY_TTL_SECONDS)

type Product = {
  id: string
  title: string
  handle: string
  categories?: { id: string; name: string }[]
  variants: {
    id: string
    inventory_quantity?: number
    calculated_price?: { calculated_amount: number }
  }[]
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore
    let admin: ReturnType<typeof bearer>
    const any = { validateStatus: () => true }

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
      admin = bearer(await adminToken(getContainer(), api))
    })

    const get = (path: string, headers: Record<string, string> = {}) =>
      api.get(path, {
        ...any,
        headers: { ...storeHeaders(shop.publishableKey).headers, ...headers },
      })

    /**
     * Makes a change and resolves once Medusa has run the subscribers of the event it emits,
     * cache invalidation among them: from then on, the next read must show the change.
     */
    async function changeThenProcessed(event: string, change: () => Promise<unknown>) {
      const processed = TestEventUtils.waitSubscribersExecution(
        event,
        getContainer().resolve(Modules.EVENT_BUS),
        { timeout: 30_000 }
      )
      await change()
      await processed
    }

    it("answers a cold read from Medusa, then from the cache, with an ETag and a 304 for it", async () => {
      const path = `/store/products?limit=5&region_id=${shop.regions.europe.id}&fields=*variants.calculated_price`
      const first = await get(path)
      expect(first.status).toBe(200)
      expect(first.headers["x-cache"]).toBe("MISS")
      const etag = first.headers.etag as string
      expect(etag).toMatch(/^"[\w-]+"$/)
      expect(first.headers["cache-control"]).toMatch(/^public, max-age=0, s-maxage=\d+/)

      const second = await get(path)
      expect(second.headers["x-cache"]).toBe("HIT")
      expect(second.headers.etag).toBe(etag)
      expect(second.data).toEqual(first.data)
      // Security headers on cached answers too.
      expect(second.headers["x-content-type-options"]).toBe("nosniff")

      const revalidated = await get(path, { "if-none-match": etag })
      expect(revalidated.status).toBe(304)
      expect(revalidated.data).toBe("")

      // The same query in another order is the same entry.
      const reordered = await get(
        `/store/products?fields=*variants.calculated_price&region_id=${shop.regions.europe.id}&limit=5`
      )
      expect(reordered.headers["x-cache"]).toBe("HIT")
    })

    it("answers each storefront origin with its own CORS header and says it varies by Origin", async () => {
      const path = `/store/product-categories?limit=3`
      const [a, b] = ["http://localhost:8000", "http://localhost:5173"]
      const first = await get(path, { origin: a })
      const second = await get(path, { origin: b })
      expect([first.headers["x-cache"], second.headers["x-cache"]]).toEqual(["MISS", "HIT"])
      expect(first.headers["access-control-allow-origin"]).toBe(a)
      expect(second.headers["access-control-allow-origin"]).toBe(b)
      // A shared cache (s-maxage) must key on the origin too.
      for (const res of [first, second]) {
        const vary = String(res.headers.vary)
          .toLowerCase()
          .split(/\s*,\s*/)
        expect(vary).toEqual(expect.arrayContaining(["origin", "x-publishable-api-key"]))
      }
    })

    itWithNginx(
      "through a shared caching proxy, each storefront origin gets its own CORS answer",
      async () => {
        const proxy = await startCachingProxy(String(api.defaults.baseURL))
        try {
          const path = `/store/product-categories?limit=4`
          const [a, b] = ["http://localhost:8000", "http://localhost:5173"]
          const via = (origin: string) =>
            api.get(`${proxy.url}${path}`, {
              ...any,
              headers: { ...storeHeaders(shop.publishableKey).headers, origin },
            })
          const seen: unknown[][] = []
          for (const origin of [a, a, b, b, a]) {
            const res = await via(origin)
            expect(res.status).toBe(200)
            seen.push([res.headers["x-proxy-cache"], res.headers["access-control-allow-origin"]])
          }
          // The proxy does keep the answer (HIT), and keeps one per origin: never A's for B.
          expect(seen).toEqual([
            ["MISS", a],
            ["HIT", a],
            ["MISS", b],
            ["HIT", b],
            [expect.stringMatching(/^(HIT|MISS)$/), a],
          ])
        } finally {
          await proxy.stop()
        }
      }
    )

    it("runs the query once for 100 simultaneous requests of a cold key", async () => {
      const path = `/store/products?limit=7&region_id=${shop.regions.us.id}`
      const answers = await Promise.all(Array.from({ length: 100 }, () => get(path)))
      expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([])
      const misses = answers.filter((a) => a.headers["x-cache"] === "MISS")
      expect(misses).toHaveLength(1)
      for (const a of answers) expect(a.data).toEqual(misses[0].data)
    })

    it("shows a title, price, stock or category change on the next read once it is processed", async () => {
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const product = products.find((p) => p.variants.some((v) => v.manage_inventory))!
      const variant = product.variants.find((v) => v.manage_inventory)!
      const detail = `/store/products/${product.id}?region_id=${shop.regions.europe.id}&fields=*variants.calculated_price,+variants.inventory_quantity,*categories`
      const read = async () => (await get(detail)).data.product as Product
      await read()
      expect((await get(detail)).headers["x-cache"]).toBe("HIT")
      await changeThenProcessed("product.updated", () =>
        api.post(`/admin/products/${product.id}`, { title: "Renamed tee" }, admin)
      )
      const renamed = await get(detail)
      expect(renamed.headers["x-cache"]).toBe("MISS")
      expect(renamed.data.product.title).toBe("Renamed tee")

      await changeThenProcessed("product-variant.updated", () =>
        api.post(
          `/admin/products/${product.id}/variants/${variant.id}`,
          { prices: [{ currency_code: "eur", amount: 123.45 }] },
          admin
        )
      )
      const repriced = (await read()).variants.find((v) => v.id === variant.id)!
      expect(repriced.calculated_price?.calculated_amount).toBe(123.45)

      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [withItem],
      } = await query.graph({
        entity: "product_variant",
        fields: ["inventory_items.inventory_item_id"],
        filters: { id: variant.id },
      })
      const itemId = withItem.inventory_items![0]!.inventory_item_id
      const levels = await getContainer()
        .resolve(Modules.INVENTORY)
        .listInventoryLevels({ inventory_item_id: itemId })
      const before = (await read()).variants.find((v) => v.id === variant.id)!.inventory_quantity!
      await changeThenProcessed("inventory-level.updated", () =>
        api.post(
          `/admin/inventory-items/${itemId}/location-levels/${levels[0].location_id}`,
          { stocked_quantity: 4242 },
          admin
        )
      )
      const restocked = (await read()).variants.find((v) => v.id === variant.id)!
      expect(restocked.inventory_quantity).toBe(before + 4242 - Number(levels[0].stocked_quantity))

      const category = (await read()).categories![0]
      await changeThenProcessed("product-category.updated", () =>
        api.post(`/admin/product-categories/${category.id}`, { name: "Renamed shelf" }, admin)
      )
      expect((await read()).categories!.map((c) => c.name)).toContain("Renamed shelf")
    })

    it("never lets two publishable keys with different sales channels see each other's products", async () => {
      const { data: channel } = await api.post(
        "/admin/sales-channels",
        { name: "Wholesale" },
        admin
      )
      const { data: key } = await api.post(
        "/admin/api-keys",
        { title: "Wholesale storefront", type: "publishable" },
        admin
      )
      await api.post(
        `/admin/api-keys/${key.api_key.id}/sales-channels`,
        { add: [channel.sales_channel.id] },
        admin
      )
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      await api.post(
        `/admin/sales-channels/${channel.sales_channel.id}/products`,
        { add: [products[0].id] },
        admin
      )
      const path = "/store/products?limit=100&fields=id"
      const retail = await get(path)
      const wholesale = await get(path, { "x-publishable-api-key": key.api_key.token })
      const again = await get(path, { "x-publishable-api-key": key.api_key.token })
      expect(again.headers["x-cache"]).toBe("HIT")
      expect(wholesale.data.products.map((p: { id: string }) => p.id)).toEqual([products[0].id])
      expect(retail.data.products.length).toBeGreaterThan(1)
      expect((await get(path)).data).toEqual(retail.data)
    })

    it("checks a publishable key once per interval, and refuses it soon after it is revoked", async () => {
      const { data: created } = await api.post(
        "/admin/api-keys",
        { title: "Kiosk", type: "publishable" },
        admin
      )
      const token = created.api_key.token as string
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const graph = jest.spyOn(query, "graph")
      const keyLookups = () =>
        graph.mock.calls.filter(([config]) => (config as { entity?: string }).entity === "api_key")
          .length
      try {
        const kiosk = { "x-publishable-api-key": token }
        expect((await get("/store/regions", kiosk)).status).toBe(200)
        // Medusa's own check ran for the first request…
        expect(keyLookups()).toBe(1)
        for (let i = 0; i < 20; i++) {
          expect((await get("/store/regions", kiosk)).status).toBe(200)
        }
        // …and was remembered for the next twenty.
        expect(keyLookups()).toBe(1)

        await api.post(`/admin/api-keys/${created.api_key.id}/revoke`, {}, admin)
        const revokedAt = Date.now()
        const refused = await eventually(
          "the revoked key to be refused",
          async () => {
            const res = await get("/store/regions", kiosk)
            return res.status === 400 ? res : undefined
          },
          10_000,
          100
        )
        expect(Date.now() - revokedAt).toBeLessThan((KEY_TTL_SECONDS + 1) * 1000)
        expect(refused.data.message).toMatch(/valid publishable key/)
      } finally {
        graph.mockRestore()
        delete process.env.STORE_CACHE_KEY_TTL_SECONDS
      }
    })

    it("never serves or stores a logged-in customer's request", async () => {
      const { token } = await registerCustomer(
        api,
        shop.publishableKey,
        "cached@zoco.test",
        "a long enough password 1"
      )
      const path = `/store/products?limit=3&region_id=${shop.regions.europe.id}&fields=title`
      const personal = await get(path, { authorization: `Bearer ${token}` })
      expect(personal.status).toBe(200)
      expect(personal.headers["x-cache"]).toBe("BYPASS")
      expect(personal.headers["cache-control"]).toBe("private, no-store")
      const personalAgain = await get(path, { authorization: `Bearer ${token}` })
      expect(personalAgain.headers["x-cache"]).toBe("BYPASS")
      // Nothing was stored for it: the first anonymous read is a miss.
      expect((await get(path)).headers["x-cache"]).toBe("MISS")
    })

    it("does not cache errors or routes outside the catalog", async () => {
      const missing = await get("/store/products/prod_does_not_exist")
      expect(missing.status).toBe(404)
      expect(missing.headers["x-cache"]).not.toBe("HIT")
      expect((await get("/store/products/prod_does_not_exist")).headers["x-cache"]).not.toBe("HIT")
      const { data } = await api.post(
        "/store/carts",
        { region_id: shop.regions.europe.id },
        storeHeaders(shop.publishableKey)
      )
      const cart = await get(`/store/carts/${data.cart.id}`)
      expect(cart.headers["x-cache"]).toBeUndefined()
    })

    it("shows an admin what the cache holds, and lets them invalidate all of it", async () => {
      const status = async () =>
        (await api.get("/admin/store-cache", admin)).data.store_cache as {
          storage: string
          entries: number
          bytes: number
          max_bytes: number
          hits: number
          misses: number
        }
      const before = await status()
      expect(before).toMatchObject({ enabled: true, storage: "memory", ttl_seconds: 300 })
      expect(before.max_bytes).toBe(64 * 1024 * 1024)

      const path = `/store/products?limit=3&region_id=${shop.regions.us.id}&fields=title`
      const first = await get(path)
      expect(first.headers["x-cache"]).toBe("MISS")
      const after = await status()
      expect(after.entries).toBe(before.entries + 1)
      expect(after.bytes - before.bytes).toBeGreaterThanOrEqual(
        Number(first.headers["content-length"])
      )
      expect((await get(path)).headers["x-cache"]).toBe("HIT")
      // The hit rate counts what this process answered: one miss, then one hit.
      const counted = await status()
      expect([counted.hits - before.hits, counted.misses - before.misses]).toEqual([1, 1])

      const invalidated = await api.post("/admin/store-cache/invalidate", {}, admin)
      expect(invalidated.status).toBe(200)
      expect(invalidated.data.invalidated).toEqual(expect.arrayContaining(["product", "pricing"]))
      expect((await get(path)).headers["x-cache"]).toBe("MISS")

      // Admin only, and the body says nothing.
      expect((await api.get("/admin/store-cache", any)).status).toBe(401)
      expect((await api.post("/admin/store-cache/invalidate", {}, any)).status).toBe(401)
      const extra = await api.post(
        "/admin/store-cache/invalidate",
        { namespaces: ["x"] },
        {
          ...admin,
          ...any,
        }
      )
      expect(extra.status).toBe(400)
      expect(extra.data.message).toMatch(/namespaces/)
      expect((await get(path)).headers["x-cache"]).toBe("HIT")
    })

    it("the invalidation also empties the cache of carts' configuration reads", async () => {
      // A payment provider taken out of a region in the database directly: no event, so the
      // payment sessions of the region's carts, whose check reads it cached, still get it.
      const region = shop.regions.us
      const session = () => trySystemPaymentSession(api, shop.publishableKey, region)
      expect((await session()).status).toBe(200)
      // Past the cache's settling time after its first use, so the answer is kept.
      await sleep(2_500)
      expect((await session()).status).toBe(200)

      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const link = (removed: boolean) =>
        pg.raw(
          `UPDATE region_payment_provider
              SET deleted_at = CASE WHEN ? THEN now() END
            WHERE region_id = ? AND payment_provider_id = 'pp_system_default'`,
          [removed, region.id]
        )
      await link(true)
      try {
        expect((await session()).status).toBe(200)
        expect((await api.post("/admin/store-cache/invalidate", {}, admin)).status).toBe(200)
        const refused = await session()
        expect(refused.status).toBe(400)
        expect(refused.data.message).toBe(
          `Payment provider pp_system_default is not enabled in the cart's region ${region.id}.`
        )
      } finally {
        await link(false)
        await api.post("/admin/store-cache/invalidate", {}, admin)
      }
      expect((await session()).status).toBe(200)
    })
  },
})

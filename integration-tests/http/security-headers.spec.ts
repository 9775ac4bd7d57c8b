import { Modules } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import type { AxiosResponse } from "axios"
import { seedStore, storeHeaders, type SeededStore } from "../utils/store"

jest.setTimeout(240_000)

function expectHardened(res: AxiosResponse) {
  expect(res.headers["x-content-type-options"]).toBe("nosniff")
  expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin")
  expect(res.headers["x-frame-options"]).toBe("DENY")
  expect(res.headers["content-security-policy"]).toBe("frame-ancestors 'none'")
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    const anyStatus = { validateStatus: () => true }

    it("hardens successful responses and error responses alike", async () => {
      const ok = await api.get("/store/products?limit=1", storeHeaders(shop.publishableKey))
      expect(ok.status).toBe(200)
      expectHardened(ok)

      const missingKey = await api.get("/store/products", anyStatus)
      expect(missingKey.status).toBe(400)
      expectHardened(missingKey)

      const missing = await api.get("/store/products/prod_missing", {
        ...storeHeaders(shop.publishableKey),
        ...anyStatus,
      })
      expect(missing.status).toBe(404)
      expectHardened(missing)

      const badLogin = await api.post(
        "/auth/customer/emailpass",
        { email: "nobody@zoco.test", password: "wrong" },
        anyStatus
      )
      expect(badLogin.status).toBe(401)
      expectHardened(badLogin)
    })

    it("hardens the answers Medusa's own middlewares write before the app's run", async () => {
      // Medusa's authenticate middleware writes this 401 itself.
      const noToken = await api.get("/admin/products", anyStatus)
      expect(noToken.status).toBe(401)
      expect(noToken.data).toEqual({ message: "Unauthorized" })
      expectHardened(noToken)

      const forgedToken = await api.get("/admin/orders", {
        headers: { authorization: "Bearer not-a-token" },
        ...anyStatus,
      })
      expect(forgedToken.status).toBe(401)
      expectHardened(forgedToken)

      // CORS preflights are answered by Medusa's CORS middleware.
      const preflight = await api.options("/admin/products", {
        headers: {
          origin: "http://localhost:9000",
          "access-control-request-method": "GET",
        },
        ...anyStatus,
      })
      expect(preflight.status).toBe(204)
      expectHardened(preflight)
    })

    it("sends HSTS only when the request came over HTTPS through the proxy", async () => {
      const plain = await api.get("/store/regions", storeHeaders(shop.publishableKey))
      expect(plain.headers["strict-transport-security"]).toBeUndefined()

      const viaTls = await api.get("/store/regions", {
        headers: { ...storeHeaders(shop.publishableKey).headers, "x-forwarded-proto": "https" },
      })
      expect(viaTls.headers["strict-transport-security"]).toBe(
        "max-age=15552000; includeSubDomains"
      )
    })

    it("refuses an oversized body with 413 and creates nothing", async () => {
      const carts = getContainer().resolve(Modules.CART)
      const before = (await carts.listCarts({})).length
      const res = await api.post(
        "/store/carts",
        { region_id: shop.regions.europe.id, metadata: { blob: "x".repeat(2_000_000) } },
        { ...storeHeaders(shop.publishableKey), ...anyStatus }
      )
      expect(res.status).toBe(413)
      expectHardened(res)
      expect(JSON.stringify(res.data)).not.toMatch(/at \w+ \(|node_modules/)
      expect((await carts.listCarts({})).length).toBe(before)
    })
  },
})

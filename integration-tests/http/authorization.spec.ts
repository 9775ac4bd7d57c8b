import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import type { AxiosRequestConfig } from "axios"
import { createHmac } from "crypto"
import { readdirSync, readFileSync, statSync } from "fs"
import path from "path"
import { CART_OWNER_SQL } from "../../src/api/store/ownership"
import { checkout, inStockVariant, listProducts } from "../utils/checkout"
import { registerCustomer, seedStore, storeHeaders, type SeededStore } from "../utils/store"

jest.setTimeout(240_000)

const anyStatus: AxiosRequestConfig = { validateStatus: () => true }

/** An HS256 token as Medusa issues them, signed with a secret a starter project ships with. */
function forgedAdminToken(secret: string) {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
  const header = encode({ alg: "HS256", typ: "JWT" })
  const payload = encode({
    actor_id: "user_forged",
    actor_type: "user",
    auth_identity_id: "authid_forged",
    app_metadata: { user_id: "user_forged" },
    iat: Math.floor(Date.now() / 1000),
    exp: Math.floor(Date.now() / 1000) + 3600,
  })
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url")
  return `${header}.${payload}.${signature}`
}

/**
 * Served before sign-in on purpose: the dashboard reads which feature flags
 * are on to render its login page. It exposes nothing else.
 */
const PUBLIC_ADMIN_ROUTES = new Set(["GET /admin/feature-flags"])

type AdminRoute = { method: "get" | "post" | "delete"; path: string }

/** Every admin route Medusa serves, read from its route files, with ids filled in. */
function adminRoutes(): AdminRoute[] {
  const root = path.join(
    path.dirname(require.resolve("@medusajs/medusa/package.json")),
    "dist",
    "api",
    "admin"
  )
  const routes: AdminRoute[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry)
      if (statSync(full).isDirectory()) {
        walk(full)
      } else if (entry === "route.js") {
        const rel = path.relative(root, dir).split(path.sep)
        const urlPath = ["/admin", ...rel.filter(Boolean).map((s) => s.replace(/^\[.*\]$/, "x_1"))]
          .join("/")
          .replace(/\/$/, "")
        const source = readFileSync(full, "utf8")
        for (const method of ["GET", "POST", "DELETE"] as const) {
          if (new RegExp(`exports\\.${method}\\b`).test(source)) {
            routes.push({ method: method.toLowerCase() as AdminRoute["method"], path: urlPath })
          }
        }
      }
    }
  }
  walk(root)
  return routes
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore
    let alice: { token: string }
    let bob: { token: string }

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
      alice = await registerCustomer(api, shop.publishableKey, "alice@zoco.test", "alice-pass-1")
      bob = await registerCustomer(api, shop.publishableKey, "bob@zoco.test", "bob-pass-1")
    })

    async function aliceCart() {
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const { variant } = inStockVariant(products)
      const { data } = await api.post(
        "/store/carts",
        { region_id: shop.regions.europe.id, items: [{ variant_id: variant.id, quantity: 1 }] },
        storeHeaders(shop.publishableKey, alice.token)
      )
      return { cartId: data.cart.id as string, variantId: variant.id }
    }

    it("a customer's cart is out of reach of other customers and of anonymous callers", async () => {
      const { cartId, variantId } = await aliceCart()
      const asBob = { ...storeHeaders(shop.publishableKey, bob.token), ...anyStatus }
      const anonymous = { ...storeHeaders(shop.publishableKey), ...anyStatus }

      expect((await api.get(`/store/carts/${cartId}`, asBob)).status).toBe(404)
      expect((await api.get(`/store/carts/${cartId}`, anonymous)).status).toBe(404)
      const update = await api.post(`/store/carts/${cartId}`, { email: "bob@zoco.test" }, asBob)
      expect(update.status).toBe(404)
      const add = await api.post(
        `/store/carts/${cartId}/line-items`,
        { variant_id: variantId, quantity: 3 },
        asBob
      )
      expect(add.status).toBe(404)
      const transfer = await api.post(`/store/carts/${cartId}/customer`, {}, asBob)
      expect(transfer.status).toBe(404)
      const collection = await api.post("/store/payment-collections", { cart_id: cartId }, asBob)
      expect(collection.status).toBe(404)

      const cart = await getContainer()
        .resolve(Modules.CART)
        .retrieveCart(cartId, { relations: ["items"] })
      expect(cart.email).toBe("alice@zoco.test")
      expect(cart.items?.map((i) => i.quantity)).toEqual([1])

      const mine = await api.get(
        `/store/carts/${cartId}`,
        storeHeaders(shop.publishableKey, alice.token)
      )
      expect(mine.data.cart.id).toBe(cartId)
    })

    it("each cart request looks the cart's owner up once", async () => {
      const { cartId, variantId } = await aliceCart()
      const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      let lookups = 0
      const count = (query: { sql: string }) => {
        if (query.sql === CART_OWNER_SQL.replace("?", "$1")) lookups++
      }
      pg.on("query", count)
      const ownerLookups = () => lookups
      const asAlice = storeHeaders(shop.publishableKey, alice.token)
      try {
        await api.get(`/store/carts/${cartId}`, asAlice)
        expect(ownerLookups()).toBe(1)
        // A route under the cart's path is matched by the guard once, not once per pattern.
        await api.post(
          `/store/carts/${cartId}/line-items`,
          { variant_id: variantId, quantity: 1 },
          asAlice
        )
        expect(ownerLookups()).toBe(2)
      } finally {
        pg.off("query", count)
      }
    })

    it("a customer's payment collection cannot be given sessions by someone else", async () => {
      const { cartId } = await aliceCart()
      const { data } = await api.post(
        "/store/payment-collections",
        { cart_id: cartId },
        storeHeaders(shop.publishableKey, alice.token)
      )
      const collectionId = data.payment_collection.id
      const res = await api.post(
        `/store/payment-collections/${collectionId}/payment-sessions`,
        { provider_id: "pp_system_default" },
        { ...storeHeaders(shop.publishableKey, bob.token), ...anyStatus }
      )
      expect(res.status).toBe(404)
      const sessions = await getContainer()
        .resolve(Modules.PAYMENT)
        .listPaymentSessions({ payment_collection_id: collectionId })
      expect(sessions).toHaveLength(0)
    })

    it("fields= cannot reach another customer's data", async () => {
      const products = await listProducts(api, shop.publishableKey, shop.regions.europe)
      const { product, variant } = inStockVariant(products)
      const items = [{ variant_id: variant.id, quantity: 1 }]
      const { order: aliceOrder } = await checkout(api, shop.publishableKey, {
        region: shop.regions.europe,
        items,
        token: alice.token,
      })
      const { order: bobOrder } = await checkout(api, shop.publishableKey, {
        region: shop.regions.europe,
        items,
        token: bob.token,
      })
      const asBob = { ...storeHeaders(shop.publishableKey, bob.token), ...anyStatus }
      const probes = [
        `/store/orders/${bobOrder.id}?fields=*customer,*customer.orders,*customer.addresses`,
        `/store/orders?fields=*customer.orders,*items.variant.product`,
        `/store/customers/me?fields=*orders,*addresses,*orders.customer`,
        `/store/products?fields=*variants.line_items,*variants.orders`,
        `/store/products/${product.id}?fields=*variants.inventory_items.inventory.reservation_items`,
      ]
      for (const probe of probes) {
        const res = await api.get(probe, asBob)
        expect(res.status).toBeLessThan(500)
        const body = JSON.stringify(res.data)
        expect(body).not.toContain(aliceOrder.id)
        expect(body).not.toContain("alice@zoco.test")
      }
    })

    it("every admin route refuses customers, missing tokens and tokens signed with a default secret", async () => {
      const routes = adminRoutes().filter(
        (r) => !PUBLIC_ADMIN_ROUTES.has(`${r.method.toUpperCase()} ${r.path}`)
      )
      expect(routes.length).toBeGreaterThan(200)
      const credentials: [string, AxiosRequestConfig][] = [
        ["no token", {}],
        ["a customer token", { headers: { authorization: `Bearer ${alice.token}` } }],
        ...["supersecret", "secret"].map((s): [string, AxiosRequestConfig] => [
          `a token signed with "${s}"`,
          { headers: { authorization: `Bearer ${forgedAdminToken(s)}` } },
        ]),
      ]
      const letThrough: string[] = []
      for (const route of routes) {
        for (const [label, config] of credentials) {
          const res =
            route.method === "post"
              ? await api.post(route.path, {}, { ...config, ...anyStatus })
              : await api[route.method](route.path, { ...config, ...anyStatus })
          if (res.status !== 401) {
            letThrough.push(
              `${route.method.toUpperCase()} ${route.path} with ${label}: ${res.status}`
            )
          }
        }
      }
      expect(letThrough).toEqual([])
    })
  },
})

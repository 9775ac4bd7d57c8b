import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import Medusa, { FetchError } from "@medusajs/js-sdk"
import { cartReadyToPay, inStockVariant, listProducts } from "../utils/checkout"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import {
  startOidcProvider,
  type OidcAccount,
  type OidcFixture,
  type TamperMode,
} from "../utils/oidc-provider"
import {
  adminToken,
  bearer,
  registerCustomer,
  seedStore,
  storeHeaders,
  type SeededStore,
} from "../utils/store"

jest.setTimeout(240_000)

// Where the identity provider sends people back: the storefront's page and the dashboard's login
// page. Neither is loaded here; the test reads the code off the redirect, as the page would.
const STOREFRONT_CALLBACK = "http://localhost:8000/account/oidc"
const MOBILE_CALLBACK = "http://localhost:8100/oidc"
const DASHBOARD_CALLBACK = "http://localhost:9000/app/login"
const GOOGLE_CALLBACK = "http://localhost:8000/account/google"

// Set before the app starts (this file's beforeAll runs before the runner's).
const env: Record<string, string> = {
  CUSTOMER_OIDC_CLIENT_ID: "storefront",
  CUSTOMER_OIDC_CLIENT_SECRET: "storefront-secret",
  CUSTOMER_OIDC_CALLBACK_URL: `${STOREFRONT_CALLBACK},${MOBILE_CALLBACK}`,
  CUSTOMER_OIDC_NAME: "Zoco ID",
  CUSTOMER_AUTH_LINK_EMAIL: "true",
  ADMIN_OIDC_CLIENT_ID: "dashboard",
  ADMIN_OIDC_CLIENT_SECRET: "dashboard-secret",
  ADMIN_OIDC_CALLBACK_URL: DASHBOARD_CALLBACK,
  ADMIN_OIDC_NAME: "Staff SSO",
  ADMIN_OIDC_ALLOWED_DOMAINS: "zoco.test",
  // Google cannot be reached from here; starting a sign-in needs no network.
  GOOGLE_CLIENT_ID: "google-client.apps.googleusercontent.com",
  GOOGLE_CLIENT_SECRET: "google-secret",
  GOOGLE_CALLBACK_URL: GOOGLE_CALLBACK,
  AUTH_RATE_LIMIT_PER_IP: "30/60",
}

let idp: OidcFixture

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [
      {
        client_id: "storefront",
        client_secret: "storefront-secret",
        redirect_uris: [STOREFRONT_CALLBACK, MOBILE_CALLBACK],
      },
      {
        client_id: "dashboard",
        client_secret: "dashboard-secret",
        redirect_uris: [DASHBOARD_CALLBACK],
      },
    ],
  })
  env.CUSTOMER_OIDC_ISSUER = idp.issuer
  env.ADMIN_OIDC_ISSUER = idp.issuer
  // The runner reads medusa-config.ts before it applies its `env`.
  Object.assign(process.env, env)
})

afterAll(async () => {
  for (const name of Object.keys(env)) delete process.env[name]
  await idp?.stop()
})

let address = 0
/** Each test from its own client address (as the trusted proxy reports it), so the per-address auth limit is the only one a test meets. */
const freshAddress = () => `10.77.${Math.floor(++address / 250)}.${address % 250}`

type Counts = { identities: number; customers: number; users: number }

async function counts(container: MedusaContainer): Promise<Counts> {
  const [identities, customers, users] = await Promise.all([
    container.resolve(Modules.AUTH).listAuthIdentities({}, { select: ["id"] }),
    container.resolve(Modules.CUSTOMER).listCustomers({}, { select: ["id"] }),
    container.resolve(Modules.USER).listUsers({}, { select: ["id"] }),
  ])
  return { identities: identities.length, customers: customers.length, users: users.length }
}

/** The claims of a Medusa token (not checked: the server checks it whenever it is used). */
function claims(token: string): {
  actor_id: string
  actor_type: string
  auth_identity_id: string
  user_metadata: Record<string, unknown>
} {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString())
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore
    let from: string

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    beforeEach(async () => {
      from = freshAddress()
      api.defaults.headers.common["x-forwarded-for"] = from
      await idp.reset()
    })

    /** A storefront on `@medusajs/js-sdk`, as the README shows it. */
    const storefront = () =>
      new Medusa({
        baseUrl: api.defaults.baseURL!,
        publishableKey: shop.publishableKey,
        globalHeaders: { "x-forwarded-for": from },
        auth: { type: "jwt", jwtTokenStorageMethod: "memory" },
      })

    /** Starts a sign-in through the API and lets the identity provider answer as `account`. */
    async function throughProvider(
      actor: "customer" | "user",
      provider: string,
      account: OidcAccount,
      callback = actor === "user" ? DASHBOARD_CALLBACK : STOREFRONT_CALLBACK
    ): Promise<URLSearchParams> {
      await idp.signInAs(account)
      const { data } = await api.post(`/auth/${actor}/${provider}`, {})
      const back = await idp.follow(data.location, callback)
      return back.searchParams
    }

    const callback = (actor: string, provider: string, params: URLSearchParams) =>
      api.get(`/auth/${actor}/${provider}/callback?${params}`, { validateStatus: () => true })

    describe("customers", () => {
      it("sign up through the provider with @medusajs/js-sdk, come back signed in, and check out", async () => {
        const sdk = storefront()
        await idp.signInAs({
          sub: "cust-1",
          email: "Olga@Example.com",
          email_verified: true,
          name: "Olga",
        })
        const started = await sdk.auth.login("customer", "oidc", {})
        expect(started).toEqual({ location: expect.stringContaining(`${idp.issuer}/`) })
        const location = new URL((started as { location: string }).location)
        expect(location.searchParams.get("redirect_uri")).toBe(STOREFRONT_CALLBACK)
        expect(location.searchParams.get("code_challenge_method")).toBe("S256")
        expect(location.searchParams.get("nonce")).toBeTruthy()

        const back = await idp.follow(location.toString(), STOREFRONT_CALLBACK)
        const first = (await sdk.auth.callback(
          "customer",
          "oidc",
          Object.fromEntries(back.searchParams)
        )) as string
        // A new identity has no customer yet; the storefront creates it with the sign-in's token.
        const profile = claims(first)
        expect(profile).toMatchObject({
          actor_id: "",
          user_metadata: { email: "Olga@Example.com", email_verified: true, name: "Olga" },
        })
        const { customer } = await sdk.store.customer.create({
          email: String(profile.user_metadata.email),
          first_name: String(profile.user_metadata.name),
        })
        expect(customer.email.toLowerCase()).toBe("olga@example.com")
        const { token: refreshed } = await sdk.auth.refresh()
        expect(claims(refreshed)).toMatchObject({ actor_type: "customer", actor_id: customer.id })

        // Signed in, the storefront checks out as that customer.
        const { customer: me } = await sdk.store.customer.retrieve()
        expect(me.id).toBe(customer.id)
        const { variant } = inStockVariant(
          await listProducts(api, shop.publishableKey, shop.regions.europe)
        )
        const cartId = await cartReadyToPay(api, shop.publishableKey, {
          region: shop.regions.europe,
          items: [{ variant_id: variant.id, quantity: 1 }],
          token: refreshed,
        })
        const { cart } = await sdk.store.cart.retrieve(cartId)
        expect(cart.customer_id).toBe(customer.id)
        await sdk.store.payment.initiatePaymentSession(cart, { provider_id: "pp_system_default" })
        const placed = await sdk.store.cart.complete(cartId)
        expect(placed.type).toBe("order")
        const { orders } = await sdk.store.order.list()
        expect(orders.map((o) => o.id)).toEqual([placed.type === "order" ? placed.order.id : "-"])

        // The next sign-in lands on the same customer at once.
        const again = await throughProvider("customer", "oidc", {
          sub: "cust-1",
          email: "olga@example.com",
          email_verified: true,
        })
        const { data } = await callback("customer", "oidc", again)
        expect(claims(data.token).actor_id).toBe(customer.id)
      })

      it("reach the account they registered with a password, through a verified email of any case", async () => {
        const { customer } = await registerCustomer(
          api,
          shop.publishableKey,
          "ann@example.com",
          "ann-password-1"
        )
        const before = await counts(getContainer())
        const params = await throughProvider("customer", "oidc", {
          sub: "ann-at-idp",
          email: "ANN@example.com",
          email_verified: true,
        })
        const { status, data } = await callback("customer", "oidc", params)
        expect(status).toBe(200)
        expect(claims(data.token)).toMatchObject({ actor_type: "customer", actor_id: customer.id })
        const me = await api.get(
          "/store/customers/me",
          storeHeaders(shop.publishableKey, data.token)
        )
        expect(me.data.customer.email).toBe("ann@example.com")
        // One new identity, linked; no second customer.
        expect(await counts(getContainer())).toEqual({
          ...before,
          identities: before.identities + 1,
        })
      })

      it("never reach an account through an email the provider has not verified: refused, nothing created", async () => {
        await registerCustomer(api, shop.publishableKey, "vic@example.com", "vic-password-1")
        const before = await counts(getContainer())
        const params = await throughProvider("customer", "oidc", {
          sub: "mallory",
          email: "vic@example.com",
          email_verified: false,
        })
        const { status, data } = await callback("customer", "oidc", params)
        expect(status).toBe(401)
        expect(data.message).toBe("Authentication failed")
        expect(await counts(getContainer())).toEqual(before)
      })

      it("reach no account whose email only looks alike: LIKE wildcards are literal", async () => {
        const { customer } = await registerCustomer(
          api,
          shop.publishableKey,
          "axb@example.com",
          "pw-axb-1"
        )
        const params = await throughProvider("customer", "oidc", {
          sub: "wildcard",
          email: "a_b@example.com",
          email_verified: true,
        })
        const { data } = await callback("customer", "oidc", params)
        expect(claims(data.token).actor_id).toBe("")
        expect(claims(data.token).actor_id).not.toBe(customer.id)
      })
    })

    describe("admin users", () => {
      it("sign in with the staff provider as the admin user with their email, and use the Admin API", async () => {
        await adminToken(getContainer(), api, "merchant@zoco.test")
        const [user] = await getContainer()
          .resolve(Modules.USER)
          .listUsers({ email: "merchant@zoco.test" })
        const params = await throughProvider("user", "oidc-admin", {
          sub: "staff-1",
          email: "merchant@zoco.test",
          email_verified: true,
        })
        const { status, data } = await callback("user", "oidc-admin", params)
        expect(status).toBe(200)
        expect(claims(data.token)).toMatchObject({ actor_type: "user", actor_id: user.id })
        const me = await api.get("/admin/users/me", bearer(data.token))
        expect(me.data.user.email).toBe("merchant@zoco.test")
      })

      it("are refused outside the allowed email domains, before anything is created", async () => {
        const before = await counts(getContainer())
        const params = await throughProvider("user", "oidc-admin", {
          sub: "outsider",
          email: "merchant@elsewhere.test",
          email_verified: true,
        })
        const { status } = await callback("user", "oidc-admin", params)
        expect(status).toBe(401)
        expect(await counts(getContainer())).toEqual(before)
      })

      it("get no access without an admin user of their email: the token names no one", async () => {
        const params = await throughProvider("user", "oidc-admin", {
          sub: "newcomer",
          email: "newcomer@zoco.test",
          email_verified: true,
        })
        const { data } = await callback("user", "oidc-admin", params)
        expect(claims(data.token).actor_id).toBe("")
        const me = await api.get("/admin/users/me", {
          ...bearer(data.token),
          validateStatus: () => true,
        })
        expect(me.status).toBe(401)
      })

      it("cannot use the customers' method, nor customers the staff one", async () => {
        const asUser = await api.post("/auth/user/oidc", {}, { validateStatus: () => true })
        expect(asUser.status).toBe(400)
        const asCustomer = await api.post(
          "/auth/customer/oidc-admin",
          {},
          { validateStatus: () => true }
        )
        expect(asCustomer.status).toBe(400)
      })
    })

    describe("refusals", () => {
      it("refuses a replayed callback: the state is single-use", async () => {
        const params = await throughProvider("customer", "oidc", {
          sub: "replay",
          email: "replay@example.com",
          email_verified: true,
        })
        expect((await callback("customer", "oidc", params)).status).toBe(200)
        const before = await counts(getContainer())
        const replayed = await callback("customer", "oidc", params)
        expect(replayed.status).toBe(401)
        expect(replayed.data.message).toMatch(/state/i)
        expect(await counts(getContainer())).toEqual(before)
      })

      it("refuses a code the provider already redeemed, under a fresh state", async () => {
        const first = await throughProvider("customer", "oidc", {
          sub: "code-reuse",
          email: "code-reuse@example.com",
          email_verified: true,
        })
        expect((await callback("customer", "oidc", first)).status).toBe(200)
        // A second sign-in started by the same browser, its code swapped for the spent one.
        const second = await throughProvider("customer", "oidc", {
          sub: "code-reuse",
          email: "code-reuse@example.com",
          email_verified: true,
        })
        second.set("code", first.get("code")!)
        const before = await counts(getContainer())
        const { status } = await callback("customer", "oidc", second)
        expect(status).toBe(401)
        expect(await counts(getContainer())).toEqual(before)
      })

      it.each<[TamperMode, string]>([
        ["aud", "issued to another client"],
        ["iss", "issued by another issuer"],
        ["expired", "expired"],
        ["alg-none", "unsigned (alg: none)"],
        ["nonce", "carrying another sign-in's nonce"],
        ["signature", "signed with a key the provider does not publish"],
      ])("refuses an ID token %s (%s), creating nothing", async (mode) => {
        const params = await throughProvider("customer", "oidc", {
          sub: `tampered-${mode}`,
          email: "victim@example.com",
          email_verified: true,
        })
        await idp.tamper(mode)
        const before = await counts(getContainer())
        const redeemed = (await idp.stats()).codesRedeemed
        const { status, data } = await callback("customer", "oidc", params)
        expect(status).toBe(401)
        expect(data.message).toBe("Authentication failed")
        // The code was exchanged: the token itself was refused, not the request.
        expect((await idp.stats()).codesRedeemed).toBe(redeemed + 1)
        expect(await counts(getContainer())).toEqual(before)
      })

      it("refuses to send the code anywhere but the method's own callback URLs", async () => {
        for (const [path, callbackUrl] of [
          ["/auth/customer/oidc", "https://evil.example/steal"],
          ["/auth/customer/google", "https://evil.example/steal"],
          ["/auth/user/oidc-admin", STOREFRONT_CALLBACK],
        ] as const) {
          const body = await api.post(
            path,
            { callback_url: callbackUrl },
            { validateStatus: () => true }
          )
          expect(body.status).toBe(400)
          expect(body.data.message).toMatch(
            /^callback_url must be one of this sign-in method's callback URLs/
          )
          const query = await api.get(`${path}?callback_url=${encodeURIComponent(callbackUrl)}`, {
            validateStatus: () => true,
          })
          expect(query.status).toBe(400)
        }
        // Another of its own is fine, and is where the provider is told to send the code.
        const { data } = await api.post("/auth/customer/oidc", { callback_url: MOBILE_CALLBACK })
        expect(new URL(data.location).searchParams.get("redirect_uri")).toBe(MOBILE_CALLBACK)
      })

      it("refuses a start body with anything but callback_url", async () => {
        const { status, data } = await api.post(
          "/auth/customer/oidc",
          { callback_url: STOREFRONT_CALLBACK, redirect: "https://evil.example" },
          { validateStatus: () => true }
        )
        expect(status).toBe(400)
        expect(data.message).toMatch(/redirect/)
      })

      it("limits callbacks per client address like every other auth request", async () => {
        const statuses: number[] = []
        for (let i = 0; i < 31; i++) {
          const res = await api.get(`/auth/customer/oidc/callback?code=x&state=guess-${i}`, {
            validateStatus: () => true,
          })
          statuses.push(res.status)
        }
        expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true)
        expect(statuses[30]).toBe(429)
      })
    })

    describe("Google", () => {
      it("starts a sign-in at Google with the shop's client and callback, state kept server-side", async () => {
        const { data } = await api.post("/auth/customer/google", {})
        const url = new URL(data.location)
        expect(url.origin).toBe("https://accounts.google.com")
        expect(url.searchParams.get("client_id")).toBe(env.GOOGLE_CLIENT_ID)
        expect(url.searchParams.get("redirect_uri")).toBe(GOOGLE_CALLBACK)
        expect(url.searchParams.get("state")).toMatch(/^[0-9a-f]{32,}$/)
      })
    })

    describe("sign-in methods", () => {
      it("lists each actor's redirect methods for sign-in pages", async () => {
        expect((await api.get("/auth-methods/customer")).data).toEqual({
          methods: [
            { id: "oidc", name: "Zoco ID" },
            { id: "google", name: "Google" },
          ],
        })
        expect((await api.get("/auth-methods/user")).data).toEqual({
          methods: [{ id: "oidc-admin", name: "Staff SSO" }],
        })
        const bad = await api.get("/auth-methods/robot", { validateStatus: () => true })
        expect(bad.status).toBe(400)
        expect(bad.data.message).toBe('Unknown actor type "robot": use customer or user')
      })

      it("keeps email and password working beside them", async () => {
        const { token } = await registerCustomer(
          api,
          shop.publishableKey,
          "pw@example.com",
          "pw-only-1"
        )
        expect(claims(token).actor_type).toBe("customer")
        const failed = await storefront()
          .auth.login("customer", "emailpass", { email: "pw@example.com", password: "wrong" })
          .catch((e: FetchError) => e)
        expect((failed as FetchError).status).toBe(401)
      })
    })
  },
})

import Medusa from "@medusajs/js-sdk"
import { execFileSync } from "child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "fs"
import os from "os"
import path from "path"
import { SEMI_SPACE_MB } from "../../scripts/lib/node-options"
import { testPort } from "../utils/ports"
import {
  adminSeesSeededProducts,
  findChromium,
  merchantAddsWebhook,
  merchantApprovesReview,
  merchantComesBack,
  merchantReadsMailbox,
  merchantSeesFailures,
  merchantSeesLoadingAndEmpty,
  merchantSignsIn,
  merchantUsesZocoSettings,
  staffAcceptsInvite,
  staffResetsPassword,
  staffSignsInWithSso,
} from "./utils/admin-browser"
import { startOidcProvider, type OidcFixture } from "../utils/oidc-provider"
import {
  INHERITED,
  npmRunDev,
  npmStart,
  postgresProcessesFor,
  processTree,
  ROOT,
  stillRunning,
  stop,
  type Started,
} from "./utils/launcher"

// First start builds the admin (about a minute here), migrates and seeds.
jest.setTimeout(15 * 60_000)

describe("npm start on a fresh machine", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zoco-e2e-"))
  let env: NodeJS.ProcessEnv
  let first: Started | undefined
  /** The order of "takes a guest order through @medusajs/js-sdk", for the admin tests. */
  let guestOrderId = ""
  /** The staff's OpenID provider, on this machine. */
  let idp: OidcFixture | undefined

  beforeAll(async () => {
    const port = await testPort()
    env = { ...process.env, ZOCO_DATA_DIR: dataDir, PORT: String(port) }
    for (const name of INHERITED) delete env[name]
    env.PORT = String(port)
    // Where Medusa's CLI keeps its settings and the usage data it has yet to send.
    env.XDG_CONFIG_HOME = path.join(dataDir, "config")
    // The webhook test's endpoint is on this machine; https is still required.
    env.WEBHOOKS_ALLOWED_HOSTS = "127.0.0.1"
    const dashboardLogin = `http://localhost:${port}/app/login`
    idp = await startOidcProvider({
      clients: [
        { client_id: "dashboard", client_secret: "sso-secret", redirect_uris: [dashboardLogin] },
      ],
      // npm start runs in production, where Medusa requires an https issuer.
      tls: true,
    })
    Object.assign(env, {
      ADMIN_OIDC_ISSUER: idp.issuer,
      ADMIN_OIDC_CLIENT_ID: "dashboard",
      ADMIN_OIDC_CLIENT_SECRET: "sso-secret",
      ADMIN_OIDC_CALLBACK_URL: dashboardLogin,
      ADMIN_OIDC_NAME: "Staff SSO",
      NODE_EXTRA_CA_CERTS: idp.caFile,
    })
    first = await npmStart(env, 12 * 60_000)
  })

  // As root the cluster may live outside dataDir, behind a link (see embedded-postgres.ts).
  const clusterDir = () => realpathSync(path.join(dataDir, "postgres"))

  afterAll(async () => {
    if (first && first.process.exitCode === null) await stop(first.process)
    await idp?.stop()
    if (existsSync(path.join(dataDir, "postgres"))) {
      rmSync(clusterDir(), { recursive: true, force: true })
    }
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("prints the Store URL, admin URL, admin login and publishable key", () => {
    const { banner } = first!
    expect(banner.storeUrl).toBe(`http://localhost:${env.PORT}/store`)
    expect(banner.adminUrl).toBe(`http://localhost:${env.PORT}/app`)
    expect(banner.email).toMatch(/@/)
    expect(banner.password.length).toBeGreaterThanOrEqual(16)
    expect(banner.publishableKey).toMatch(/^pk_/)
    expect(first!.output()).toContain("embedded PostgreSQL")
    // Nothing configured: mail is kept, and the banner says where to read it.
    expect(first!.output()).toContain(
      `Mail:             not sent (no SMTP_URL): read them in the Mailbox, http://localhost:${env.PORT}/app/mailbox`
    )
  })

  it("sends Medusa no usage data unless the operator asks for it", () => {
    // Medusa's CLI queues each event in a file beside its settings before sending it: nothing
    // was queued by the build, the migrations, the seed or the server.
    const folder = path.join(env.XDG_CONFIG_HOME as string, "medusa")
    const files = existsSync(folder) ? readdirSync(folder) : []
    expect(files.filter((f) => f !== "config.json")).toEqual([])
  })

  it("runs the server with its young generation sized for request garbage", () => {
    const pids = execFileSync("pgrep", ["-f", `medusa start --port ${env.PORT}`], {
      encoding: "utf8",
    })
      .trim()
      .split("\n")
    expect(pids.length).toBeGreaterThan(0)
    for (const pid of pids) {
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0")
      const nodeOptions = environ.find((v) => v.startsWith("NODE_OPTIONS="))
      expect(nodeOptions).toContain(`--max-semi-space-size=${SEMI_SPACE_MB}`)
    }
  })

  it("takes a guest order through @medusajs/js-sdk with the printed key", async () => {
    const sdk = new Medusa({
      baseUrl: `http://localhost:${env.PORT}`,
      publishableKey: first!.banner.publishableKey,
    })
    const { regions } = await sdk.store.region.list()
    const region = regions.find((r) => r.currency_code === "usd")!
    const { products } = await sdk.store.product.list({
      region_id: region.id,
      fields: "*variants.calculated_price,+variants.inventory_quantity",
      limit: 50,
    })
    expect(products.length).toBeGreaterThanOrEqual(24)
    const variant = products
      .flatMap((p) => p.variants ?? [])
      .find((v) => v.manage_inventory && !v.allow_backorder && (v.inventory_quantity ?? 0) > 0)!
    expect(variant.calculated_price?.calculated_amount).toBeGreaterThan(0)

    let { cart } = await sdk.store.cart.create({ region_id: region.id })
    ;({ cart } = await sdk.store.cart.createLineItem(cart.id, {
      variant_id: variant.id,
      quantity: 1,
    }))
    const address = {
      first_name: "Sam",
      last_name: "Buyer",
      address_1: "1 Main St",
      city: "Newark",
      postal_code: "07102",
      country_code: "us",
    }
    ;({ cart } = await sdk.store.cart.update(cart.id, {
      email: "e2e@zoco.test",
      shipping_address: address,
      billing_address: address,
    }))
    const { shipping_options } = await sdk.store.fulfillment.listCartOptions({ cart_id: cart.id })
    expect(shipping_options.length).toBeGreaterThanOrEqual(2)
    ;({ cart } = await sdk.store.cart.addShippingMethod(cart.id, {
      option_id: shipping_options[0].id,
    }))
    const { payment_providers } = await sdk.store.payment.listPaymentProviders({
      region_id: region.id,
    })
    expect(payment_providers.map((p) => p.id)).toContain("pp_system_default")
    await sdk.store.payment.initiatePaymentSession(cart, { provider_id: "pp_system_default" })
    const result = await sdk.store.cart.complete(cart.id)
    expect(result.type).toBe("order")
    if (result.type === "order") {
      expect(result.order.total).toBe(cart.total)
      expect(result.order.email).toBe("e2e@zoco.test")
      guestOrderId = result.order.id
    }
  })

  const browserTest = findChromium() ? it : it.skip

  /** The Admin API as the merchant of the first start, signed in with a fresh token. */
  const adminApi = async <T>(route: string, body?: object): Promise<T> => {
    const base = `http://localhost:${env.PORT}`
    const login = await fetch(`${base}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: first!.banner.email, password: first!.banner.password }),
    })
    const { token } = (await login.json()) as { token: string }
    const res = await fetch(`${base}${route}`, {
      method: body ? "POST" : "GET",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: body ? JSON.stringify(body) : undefined,
    })
    expect(res.status).toBe(200)
    return (await res.json()) as T
  }
  if (!findChromium()) {
    // Loud, so that a run without the browser is never mistaken for a pass.
    console.warn(
      "SKIPPED: admin browser test (no Chromium at /usr/bin/chromium; .ci/run installs it)"
    )
  }
  browserTest(
    "logs into the admin at /app with the printed credentials and sees the seeded products",
    async () => {
      const rows = await adminSeesSeededProducts(first!.banner)
      const seeded = (
        JSON.parse(readFileSync(path.join(ROOT, "data", "products.json"), "utf8")) as {
          products: { title: string }[]
        }
      ).products.map((p) => p.title)
      // The products page lists the seeded catalogue, a page at a time.
      const shown = seeded.filter((title) => rows.some((row) => row.includes(title)))
      expect(shown.length).toBeGreaterThanOrEqual(Math.min(10, seeded.length))
    }
  )

  browserTest(
    "a merchant approves a pending review on the Reviews page and the product widget updates",
    async () => {
      const base = `http://localhost:${env.PORT}`
      const pk = first!.banner.publishableKey
      const json = async (path: string, body: object, token?: string) => {
        const res = await fetch(`${base}${path}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-publishable-api-key": pk,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        })
        expect(res.status).toBeLessThan(300)
        return (await res.json()) as Record<string, never>
      }
      // A shopper signs up and reviews a product, as a storefront would.
      const login = { email: "reviewer@zoco.test", password: "a long enough password 1" }
      const { token: signup } = await json("/auth/customer/emailpass/register", login)
      await json(
        "/store/customers",
        { email: login.email, first_name: "Rita", last_name: "Reviewer" },
        signup
      )
      const { token } = await json("/auth/customer/emailpass", login)
      const { products } = (await (
        await fetch(`${base}/store/products?limit=1&fields=id`, {
          headers: { "x-publishable-api-key": pk },
        })
      ).json()) as { products: { id: string }[] }
      const title = "Cosy and well made"
      const { review } = await json(
        `/store/products/${products[0].id}/reviews`,
        { rating: 4, title, content: "Kept me warm on the coldest days." },
        token
      )
      expect(review).toMatchObject({ status: "pending" })

      // The subscriber rings the bell once the review's event is handled.
      for (let i = 0; i < 60; i++) {
        const { notifications } = await adminApi<{ notifications: { resource_id: string }[] }>(
          "/admin/notifications?channel=feed&limit=50"
        )
        if (notifications.some((n) => n.resource_id === (review as { id: string }).id)) break
        await new Promise((resolve) => setTimeout(resolve, 500))
      }

      const reply = "Thank you, glad it keeps you warm."
      const { before, after, statusShown, replyPanel, fromBell } = await merchantApprovesReview(
        first!.banner,
        { productId: products[0].id, title, reply }
      )
      // The bell says who rated what, and its link opens that one review on the Reviews page.
      expect(fromBell.notification).toMatch(/New review/)
      expect(fromBell.notification).toContain(`Rita R. rated`)
      expect(fromBell.notification).toContain("Open the review")
      expect(fromBell).toMatchObject({ path: "/app/reviews", rows: 1, showAll: 1 })
      expect(before.count).toBe("0 approved reviews")
      expect(before.text).toContain(title) // the pending review is listed
      expect(statusShown).toBe("Approved")
      expect(after).toMatchObject({ average: "4.0", count: "1 approved review" })
      // Written in a side panel, not a full-screen modal; the product's widget shows it.
      expect(replyPanel).toBe(true)
      expect(after.text).toContain(reply)
    }
  )

  browserTest(
    "a merchant adds a webhook endpoint, sees its secret once, and reads the test in the log",
    async () => {
      // Nothing listens there: the test event fails, and the log must say why.
      const endpoint = "https://127.0.0.1:9/hooks/zoco"
      const seen = await merchantAddsWebhook(first!.banner, endpoint)
      const { secretDialog, rowText, logText, editedText } = seen
      expect(seen.breadcrumb).toBe("Webhooks")
      expect(secretDialog.text).toContain("copy it now, it is not shown again")
      expect(secretDialog).toMatchObject({
        fits: true,
        doneIsDanger: false,
        copy: 1,
        formClosed: true,
      })
      expect(secretDialog.secret).toMatch(/^whsec_[\w-]{43}$/)
      expect(JSON.parse(seen.payload)).toMatchObject({
        type: "ping",
        data: { webhook_id: expect.any(String) },
      })
      expect(seen.paging).toEqual({
        before: "10 rows, 10 of 11 results",
        after: "1 rows, 11 of 11 results",
      })
      expect(seen.rotate.canceledShowsSecret).toBe(false)
      expect(seen.rotate.prompt).toContain("24 hours")
      expect(seen.rotate.secret).toMatch(/^whsec_[\w-]{43}$/)
      expect(seen.rotate.secret).not.toBe(secretDialog.secret)
      expect(rowText).toContain("order.placed")
      expect(rowText).toContain("Active")
      expect(logText).toMatch(/ping/)
      expect(logText).toMatch(/Pending/)
      expect(logText).toMatch(/ECONNREFUSED/)
      expect(rowText).toContain("10 s timeout")
      expect(editedText).toMatch(/order\.placed, customer\.created · 20 s timeout · 4 at once/)

      // The Admin API agrees, and never shows the secret again.
      const login = await fetch(`http://localhost:${env.PORT}/auth/user/emailpass`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: first!.banner.email, password: first!.banner.password }),
      })
      const { token } = (await login.json()) as { token: string }
      const { webhooks } = (await (
        await fetch(`http://localhost:${env.PORT}/admin/webhooks`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { webhooks: { url: string; secret?: string }[] }
      expect(webhooks.find((w) => w.url === endpoint)).toMatchObject({
        url: endpoint,
        events: ["order.placed", "customer.created"],
        timeout_ms: 20_000,
      })
      expect(webhooks.find((w) => w.url === endpoint)).not.toHaveProperty("secret")
    }
  )

  browserTest(
    "Zoco's pages say when the API fails, with the server's message, and recover on Try again",
    async () => {
      const message = "The database did not answer"
      const seen = await merchantSeesFailures(first!.banner, [
        { path: "/reviews", api: /\/admin\/reviews(\?|$)/, message },
        { path: "/webhooks", api: /\/admin\/webhooks(\?|$)/, message },
        { path: "/mailbox", api: /\/admin\/mails(\?|$)/, message },
        { path: "/settings/zoco", api: /\/admin\/zoco\/status(\?|$)/, message },
        // The order page's "Payment gateway" card, a widget in Medusa's own page.
        {
          path: `/orders/${guestOrderId}`,
          api: /\/admin\/payments\/reconciliation(\?|$)/,
          message,
        },
      ])
      expect(seen).toEqual([
        { path: "/reviews", shown: `Reviews could not be loaded: ${message}`, recovered: true },
        { path: "/webhooks", shown: `Endpoints could not be loaded: ${message}`, recovered: true },
        { path: "/mailbox", shown: `Mails could not be loaded: ${message}`, recovered: true },
        {
          path: "/settings/zoco",
          shown: `The health could not be loaded: ${message}`,
          recovered: true,
        },
        {
          path: `/orders/${guestOrderId}`,
          shown: `The gateway's view could not be loaded: ${message}`,
          recovered: true,
        },
      ])
    }
  )

  browserTest(
    "Zoco's pages show a placeholder while loading and say what would fill them when empty",
    async () => {
      const seen = await merchantSeesLoadingAndEmpty(first!.banner, [
        {
          path: "/reviews",
          api: /\/admin\/reviews(\?|$)/,
          empty: { reviews: [], count: 0, limit: 20, offset: 0 },
          says: "No reviews yet.",
        },
        {
          path: "/webhooks",
          api: /\/admin\/webhooks(\?|$)/,
          empty: { webhooks: [] },
          says: "No endpoints yet.",
        },
        {
          path: "/mailbox",
          api: /\/admin\/mails(\?|$)/,
          empty: { mails: [], count: 0, limit: 20, offset: 0 },
          says: "No mail yet.",
        },
      ])
      expect(seen).toEqual([
        {
          path: "/reviews",
          loading: true,
          empty:
            "No reviews yet. Reviews customers post on products wait here for you to approve them.",
        },
        {
          path: "/webhooks",
          loading: true,
          empty: "No endpoints yet. Add one to send events such as order.placed to another system.",
        },
        {
          path: "/mailbox",
          loading: true,
          empty: "No mail yet. A placed order, a registration or a password reset sends one.",
        },
      ])
    }
  )

  browserTest(
    "a merchant reads Zoco's health in Settings and empties the store cache",
    async () => {
      const store = `http://localhost:${env.PORT}/store/products?limit=2&fields=title`
      const read = () =>
        fetch(store, { headers: { "x-publishable-api-key": first!.banner.publishableKey } })
      await read()
      expect((await read()).headers.get("x-cache")).toBe("HIT")

      const seen = await merchantUsesZocoSettings(first!.banner)
      expect(seen.breadcrumb).toBe("Zoco")
      expect(seen.healthText).toMatch(/Ready/)
      expect(seen.healthText).toMatch(/PostgreSQL\s+Answered in \d+ ms/)
      // npm start runs one process in shared mode: it runs the jobs itself.
      expect(seen.healthText).toMatch(/Scheduled jobs\s+Last ran \w{3} \d{1,2}, \d{4}/)
      expect(seen.healthText).toMatch(/shared mode, up since/)
      expect(seen.healthText).toMatch(/Medusa 2\.21\.2 · Node\.js v\d+/)
      expect(seen.healthText).not.toMatch(/Redis/)
      expect(seen.cacheText).toMatch(/On, in this server's memory/)
      expect(seen.cacheText).toMatch(/Hit rate\s+\d+% of \d+ catalog reads since/)
      expect(seen.cacheText).toMatch(/Entries\s+\d+ \([\d.]+ KB of 64\.0 MB\)/)
      expect(seen.toast).toBe("The store cache was emptied")
      // Emptied for real: the storefront's next read is Medusa's.
      expect((await read()).headers.get("x-cache")).toBe("MISS")

      // The rules: the server's configuration until the merchant changes them, then theirs,
      // kept in the database (a reload shows them; the restart test below checks them again).
      expect(seen.rulesBefore.reviews).toMatch(/Every review waits for approval/)
      expect(seen.rulesBefore.reviews).not.toMatch(/Changed here/)
      expect(seen.rulesBefore.webhooks).toMatch(
        /Attempts per delivery\s+As the server's configuration/
      )
      expect(seen.reviewsToast).toBe("Review rules saved. They apply now, on every server.")
      expect(seen.badAttempts).toEqual({ invalid: "true", saveEnabled: false })
      expect(seen.afterReload).toEqual({
        autoApprove: "true",
        reviews: "2",
        minutes: "10",
        attempts: "3",
        hours: "6",
        webhooksText: expect.stringMatching(
          /Changed here\. Server configuration: 14 attempts[\s\S]*Changed here\. Server configuration: 24 hours/
        ),
      })
      const { rules } = await adminApi<{ rules: object }>("/admin/webhook-rules")
      expect(rules).toEqual({ max_attempts: 3, pause_after_hours: 6 })
    }
  )

  browserTest("the merchant reads the guest's order confirmation in the Mailbox", async () => {
    // The guest order of "takes a guest order through @medusajs/js-sdk" sent it.
    const { rowText, drawerText, mailText } = await merchantReadsMailbox(
      first!.banner,
      "e2e@zoco.test"
    )
    expect(rowText).toMatch(/order #\d+ is confirmed/)
    expect(rowText).toContain("In mailbox")
    expect(drawerText).toContain("e2e@zoco.test")
    expect(mailText).toContain("Thank you for your order")
    expect(mailText).toMatch(/Total\s*\$\d+\.\d{2}/)
  })

  browserTest(
    "a staff member accepts the mailed invitation in the dashboard, then resets a forgotten password from its mail",
    async () => {
      const base = `http://localhost:${env.PORT}`
      const adminUrl = first!.banner.adminUrl
      const call = async (method: string, route: string, token: string, body?: object) => {
        const res = await fetch(`${base}${route}`, {
          method,
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: body ? JSON.stringify(body) : undefined,
        })
        expect(res.status).toBeLessThan(300)
        return (await res.json()) as Record<string, never>
      }
      const { token: merchant } = (await (
        await fetch(`${base}/auth/user/emailpass`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: first!.banner.email, password: first!.banner.password }),
        })
      ).json()) as { token: string }
      /** The link in the newest kept mail of `template` to the staff member, once it is there. */
      const mailedLink = async (template: string, prefix: string) => {
        for (let i = 0; i < 100; i++) {
          const { mails } = await call(
            "GET",
            `/admin/mails?template=${template}&q=staff%40zoco.test`,
            merchant
          )
          const newest = (mails as { id: string; status: string }[])[0]
          if (newest?.status === "kept") {
            const { mail } = await call("GET", `/admin/mails/${newest.id}`, merchant)
            const text = (mail as { text: string }).text
            const link = text.split(/\s+/).find((w) => w.startsWith(prefix))
            if (link) return link
            throw new Error(`no ${prefix} link in the mail:\n${text}`)
          }
          await new Promise((resolve) => setTimeout(resolve, 200))
        }
        throw new Error(`no ${template} mail to staff@zoco.test in the Mailbox`)
      }
      const staff = {
        adminUrl,
        email: "staff@zoco.test",
        password: "a long staff password 1",
        firstName: "Stella",
        lastName: "Staff",
      }

      await call("POST", "/admin/invites", merchant, { email: staff.email })
      const shown = await staffAcceptsInvite(
        await mailedLink("user-invite", `${adminUrl}/invite`),
        staff
      )
      expect(shown).not.toMatch(/login|invite/)

      const newPassword = "a brand new staff password 2"
      const { after } = await staffResetsPassword(staff, newPassword, () =>
        mailedLink("user-password-reset", `${adminUrl}/reset-password`)
      )
      expect(after).not.toMatch(/login|reset-password/)
      const old = await fetch(`${base}/auth/user/emailpass`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: staff.email, password: staff.password }),
      })
      expect(old.status).toBe(401)
    }
  )

  it("lets staff sign in with the shop's SSO provider from the dashboard's login page, and no one else", async () => {
    if (!findChromium()) {
      console.warn("SKIPPED: staff SSO in the dashboard (no Chromium at /usr/bin/chromium)")
      return
    }
    const { adminUrl, email } = first!.banner
    await idp!.signInAs({ sub: "staff-sso-1", email, email_verified: true })
    expect(await staffSignsInWithSso(adminUrl, "Staff SSO")).toEqual({
      path: "/app/orders",
      heading: "Orders",
    })
    await idp!.signInAs({ sub: "staff-sso-2", email: "stranger@example.com", email_verified: true })
    const refused = await staffSignsInWithSso(adminUrl, "Staff SSO")
    expect(refused.path).toBe("/app/login")
    expect(refused.error).toMatch(/no admin user of this shop has that email/)
  })

  it("stops on SIGTERM without leaving PostgreSQL behind, and restarts from .data/ without seeding again; signed-in merchants stay signed in", async () => {
    const base = `http://localhost:${env.PORT}`
    // A session as the dashboard makes one (token, then cookie), and a browser signed in.
    const { token } = (await (
      await fetch(`${base}/auth/user/emailpass`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: first!.banner.email, password: first!.banner.password }),
      })
    ).json()) as { token: string }
    const session = await fetch(`${base}/auth/session`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    })
    expect(session.status).toBe(200)
    const cookie = session.headers.get("set-cookie")!.split(";")[0]
    const browser = findChromium() ? await merchantSignsIn(first!.banner) : undefined

    const code = await stop(first!.process)
    expect(code).toBe(0)
    expect(postgresProcessesFor(clusterDir())).toEqual([])
    expect(existsSync(path.join(clusterDir(), "postmaster.pid"))).toBe(false)

    const second = await npmStart(env, 5 * 60_000)
    try {
      expect(second.output()).not.toMatch(/seeding the catalogue/i)
      expect(second.output()).not.toMatch(/Building the server/i)
      expect(second.banner.publishableKey).toBe(first!.banner.publishableKey)
      expect(second.banner.password).toBe(first!.banner.password)
      expect(second.readyAfterMs).toBeLessThan(90_000)
      const res = await fetch(`http://localhost:${env.PORT}/store/products?limit=100`, {
        headers: { "x-publishable-api-key": second.banner.publishableKey },
      })
      const body = (await res.json()) as { count: number }
      expect(body.count).toBeGreaterThanOrEqual(24)
      expect(body.count).toBeLessThan(48)

      // Sessions are in PostgreSQL (no Redis here): the restart signed nobody out.
      const me = await fetch(`${base}/admin/users/me`, { headers: { cookie } })
      expect(me.status).toBe(200)
      expect(((await me.json()) as { user: { email: string } }).user.email).toBe(
        first!.banner.email
      )
      if (browser) {
        expect(await merchantComesBack(first!.banner, browser)).toEqual({
          path: "/app/orders",
          heading: "Orders",
        })
      }
      const stranger = await fetch(`${base}/admin/users/me`, { headers: { cookie: "x=1" } })
      expect(stranger.status).toBe(401)

      // The merchant's rules outlive the restart (set in the dashboard when Chromium ran).
      if (browser) {
        expect((await adminApi<{ saved: object }>("/admin/review-rules")).saved).toEqual({
          auto_approve_verified: true,
          rate_limit: { points: 2, seconds: 600 },
        })
        const reset = { auto_approve_verified: null, rate_limit: null }
        expect((await adminApi<{ saved: object }>("/admin/review-rules", reset)).saved).toEqual(
          reset
        )
        expect((await adminApi<{ rules: object }>("/admin/webhook-rules")).rules).toEqual({
          max_attempts: 3,
          pause_after_hours: 6,
        })
        const configured = { max_attempts: null, pause_after_hours: null }
        await adminApi("/admin/webhook-rules", configured)
      }
    } finally {
      await stop(second.process)
    }
    expect(postgresProcessesFor(clusterDir())).toEqual([])
  })

  it("npm run dev stops on SIGTERM with everything it started", async () => {
    const dev = await npmRunDev(env, 5 * 60_000)
    // The admin's bundler (esbuild) starts with the first page.
    await fetch(`http://localhost:${env.PORT}/app`).catch(() => undefined)
    const tree = processTree(dev.process.pid!)
    // npm, the launcher, `medusa develop` and the server it runs, at least.
    expect(tree.length).toBeGreaterThanOrEqual(4)
    expect(await stop(dev.process)).toBe(0)
    // `medusa develop` exits on SIGTERM and used to leave its server and esbuild running.
    expect(stillRunning(tree)).toEqual([])
    expect(postgresProcessesFor(clusterDir())).toEqual([])
  })

  it("stops the embedded PostgreSQL when the server crashes", async () => {
    const third = await npmStart(env, 5 * 60_000)
    const exited = new Promise<number | null>((r) => third.process.once("close", r))
    const pids = execFileSync("pgrep", ["-f", `medusa start --port ${env.PORT}`], {
      encoding: "utf8",
    })
      .trim()
      .split("\n")
      .map(Number)
    expect(pids.length).toBeGreaterThan(0)
    for (const pid of pids) process.kill(pid, "SIGKILL")
    expect(await exited).not.toBe(0)
    expect(third.output()).toMatch(/server stopped unexpectedly/)
    expect(postgresProcessesFor(clusterDir())).toEqual([])
  })
})

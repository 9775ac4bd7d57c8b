import axios from "axios"
import { mkdtempSync, rmSync } from "fs"
import os from "os"
import path from "path"
import { FakePayPal } from "../../plugins/payment-paypal/src/providers/paypal/__fixtures__/fake-paypal"
import { testPort } from "../utils/ports"
import {
  cartReadyToPay,
  inStockVariant,
  listProducts,
  startPaymentSession,
} from "../utils/checkout"
import type { StoreRegion } from "../utils/store"
import { findChromium, merchantCapturesInPartsAndRefunds } from "./utils/admin-browser"
import { INHERITED, npmStart, stop, type Started } from "./utils/launcher"
import { freshDatabase, testPostgresUrl } from "./utils/two-servers"

// npm start seeds a database of its own, then one order goes through the dashboard.
jest.setTimeout(15 * 60_000)

const PAYPAL = "pp_paypal_paypal"
const postgresUrl = testPostgresUrl()
const chromium = findChromium()
if (!postgresUrl || !chromium) {
  console.warn(
    `SKIPPED: PayPal money moves in the dashboard (${!chromium ? "no Chromium at /usr/bin/chromium; .ci/run installs it" : "no PostgreSQL named; run it through `npm test`"})`
  )
}

;(postgresUrl && chromium ? describe : describe.skip)("PayPal money moves in the dashboard", () => {
  const paypal = new FakePayPal()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zoco-paypal-dashboard-"))
  const database = freshDatabase(postgresUrl!, "zoco_paypal_dashboard")
  let server: Started | undefined

  beforeAll(async () => {
    await paypal.start()
    await database.create()
    const env: NodeJS.ProcessEnv = { ...process.env }
    for (const name of INHERITED) delete env[name]
    server = await npmStart(
      {
        ...env,
        ZOCO_DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        PORT: String(await testPort()),
        PAYPAL_CLIENT_ID: "id",
        PAYPAL_CLIENT_SECRET: "secret",
        PAYPAL_WEBHOOK_ID: paypal.webhookId,
        PAYPAL_API_BASE: paypal.url,
      },
      10 * 60_000
    )
  })

  afterAll(async () => {
    if (server && server.process.exitCode === null) await stop(server.process)
    await database.drop().catch(() => undefined)
    await paypal.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it("a merchant captures part of a PayPal payment on the order page, then the rest, and refunds it in two parts", async () => {
    const { banner } = server!
    const api = axios.create({ baseURL: banner.storeUrl.replace(/\/store$/, "") })
    const pk = banner.publishableKey
    const { data } = await api.get<{ regions: StoreRegion[] }>("/store/regions", {
      headers: { "x-publishable-api-key": pk },
    })
    const europe = data.regions.find((r) => r.currency_code === "eur")!
    const products = await listProducts(api, pk, europe)
    const cartId = await cartReadyToPay(api, pk, {
      region: europe,
      items: [{ variant_id: inStockVariant(products).variant.id, quantity: 2 }],
      email: "dashboard@zoco.test",
    })
    const { session } = await startPaymentSession(api, pk, cartId, PAYPAL)
    const paypalOrderId = session.data.id as string
    paypal.approve(paypalOrderId)
    const { data: placed } = await api.post(
      `/store/carts/${cartId}/complete`,
      {},
      { headers: { "x-publishable-api-key": pk } }
    )
    expect(placed.type).toBe("order")
    const orderId: string = placed.order.id
    const total = Number(placed.order.total).toFixed(2)
    expect(Number(total)).toBeGreaterThan(20)
    // Authorized only: the merchant captures from the admin.
    expect(paypal.capturesOf(paypalOrderId)).toEqual([])

    const { data: login } = await api.post("/auth/user/emailpass", {
      email: banner.email,
      password: banner.password,
    })
    const admin = { headers: { authorization: `Bearer ${login.token}` } }
    const { data: found } = await api.get(
      `/admin/orders/${orderId}?fields=id,*payment_collections.payments`,
      admin
    )
    const paymentId: string = found.order.payment_collections[0].payments[0].id

    const rest = (Number(total) - 10).toFixed(2)
    const refundRest = (Number(total) - 7.5).toFixed(2)
    const shown = await merchantCapturesInPartsAndRefunds(
      banner,
      { id: orderId, paymentId, total, currency: "eur" },
      { part: "10.00", refunds: ["7.50", refundRest] }
    )
    expect(shown.afterPart).toContain(`Captured 10.00 EUR (gateway 10.00)`)
    expect(shown.proposedRest).toBe(rest)
    expect(shown.afterRest).toContain(`Captured ${total} EUR (gateway ${total})`)
    expect(shown.afterRefunds).toContain(`refunded ${total} EUR (gateway ${total})`)
    expect(shown.afterRefunds).toContain("In agreement")

    // PayPal moved exactly what the books say: two captures, the second one final.
    const captures = paypal.capturesOf(paypalOrderId)
    expect(captures.map((c) => [c.amount.value, c.final_capture ?? false])).toEqual([
      ["10.00", false],
      [rest, true],
    ])
    // PayPal refunds a capture at a time: the second refund empties the first capture, then
    // takes the rest from the second. Each capture ends refunded in full.
    const refunded = new Map<string, number>()
    for (const r of paypal.refundsOf(paypalOrderId)) {
      const cents = Math.round(Number(r.amount.value) * 100)
      refunded.set(r.capture_id, (refunded.get(r.capture_id) ?? 0) + cents)
    }
    expect(captures.map((c) => refunded.get(c.id))).toEqual(
      captures.map((c) => Math.round(Number(c.amount.value) * 100))
    )
    const { data: books } = await api.get(
      `/admin/payments/${paymentId}?fields=id,*captures,*refunds`,
      admin
    )
    const sum = (ms: { amount: number }[]) => ms.reduce((n, m) => n + Math.round(m.amount * 100), 0)
    expect(sum(books.payment.captures)).toBe(Math.round(Number(total) * 100))
    expect(sum(books.payment.refunds)).toBe(Math.round(Number(total) * 100))
  })
})

import type {
  ICustomerModuleService,
  IEventBusModuleService,
  IOrderModuleService,
  Logger,
} from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import Medusa from "@medusajs/js-sdk"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import type ObservabilityService from "../../plugins/observability/src/modules/observability/service"
import { TestSmtpServer } from "../../plugins/notifications/src/__fixtures__/smtp-server"
import deliverMails from "../../plugins/notifications/src/jobs/deliver-mails"
import { reconcileMails } from "../../plugins/notifications/src/lib/reconcile"
import { MAIL_MODULE } from "../../plugins/notifications/src/modules/mail"
import type MailModuleService from "../../plugins/notifications/src/modules/mail/service"
import { ADDRESSES, checkout, inStockVariant, listProducts } from "../utils/checkout"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import {
  adminToken,
  bearer,
  failure,
  registerCustomer,
  seedStore,
  storeHeaders,
  type SeededStore,
} from "../utils/store"
import { eventually } from "../utils/wait"

jest.setTimeout(240_000)

const smtp = new TestSmtpServer()
const STOREFRONT = "https://shop.zoco.test"
const ADMIN = "https://admin.zoco.test/app"
const ENV = {
  MAIL_FROM: "Zoco Shop <shop@zoco.test>",
  STOREFRONT_URL: STOREFRONT,
  ADMIN_URL: ADMIN,
  MAIL_SHOP_NAME: "Zoco Shop",
}

beforeAll(async () => {
  process.env.SMTP_URL = await smtp.start()
  Object.assign(process.env, ENV)
})
afterAll(async () => {
  for (const name of ["SMTP_URL", ...Object.keys(ENV)]) delete process.env[name]
  await smtp.stop()
})

/** The link in a mail's plain text that starts with `prefix`. */
function linkIn(text: string | undefined, prefix: string): URL {
  const found = (text ?? "").split(/\s+/).find((word) => word.startsWith(prefix))
  if (!found) throw new Error(`no link starting with ${prefix} in:\n${text}`)
  return new URL(found)
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore
    const outbox = () => getContainer().resolve<MailModuleService>(MAIL_MODULE)

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    it("a guest's order is confirmed by mail once, with its lines and totals in the order's currency", async () => {
      const pk = shop.publishableKey
      const products = await listProducts(api, pk, shop.regions.europe)
      const { variant } = inStockVariant(products)
      const { order } = await checkout(api, pk, {
        region: shop.regions.europe,
        items: [{ variant_id: variant.id, quantity: 2 }],
        email: "guest-eur@zoco.test",
      })
      const [mail] = await smtp.waitFor("guest-eur@zoco.test")
      expect(mail.subject).toBe(`Your Zoco Shop order #${order.display_id} is confirmed`)
      expect(mail.from?.text).toBe('"Zoco Shop" <shop@zoco.test>')
      const euro = (amount: number) =>
        new Intl.NumberFormat("en-US", { style: "currency", currency: "EUR" }).format(amount)
      expect(mail.text).toContain(`Total: ${euro(order.total)}`)
      expect(mail.text).toContain(`Shipping: ${euro(order.shipping_total)}`)
      expect(mail.text).toContain(`2 × ${order.items[0].title}`)
      expect(mail.html).toContain(euro(order.total))

      // The event again (a redelivery, a second worker): still one mail.
      await getContainer()
        .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
        .emit({ name: "order.placed", data: { id: order.id } })
      await deliverMails(getContainer())
      expect(smtp.to("guest-eur@zoco.test")).toHaveLength(1)
      // Received by the SMTP server, and recorded as sent right after.
      const rows = await eventually("the confirmation to be recorded as sent", async () => {
        const found = await outbox().listMailMessages({ resource_id: order.id })
        return found.length && found.every((r) => r.status === "sent") ? found : undefined
      })
      expect(rows.map((r) => [r.template, r.status])).toEqual([["order-placed", "sent"]])
    })

    it("a registered customer's confirmation is in dollars for a US order and links to the order page", async () => {
      const pk = shop.publishableKey
      const sam = await registerCustomer(api, pk, "sam@zoco.test", "sam-password-1")
      const products = await listProducts(api, pk, shop.regions.us)
      const { variant } = inStockVariant(products)
      const { order } = await checkout(api, pk, {
        region: shop.regions.us,
        items: [{ variant_id: variant.id, quantity: 1 }],
        token: sam.token,
      })
      const mails = await smtp.waitFor("sam@zoco.test", 2)
      const subjects = mails.map((m) => m.subject)
      expect(subjects).toContain("Welcome to Zoco Shop")
      const confirmation = mails.find((m) => m.subject?.includes(`#${order.display_id}`))!
      const dollars = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" })
      expect(confirmation.text).toContain(`Total: ${dollars.format(order.total)}`)
      expect(linkIn(confirmation.text, STOREFRONT).href).toBe(
        `${STOREFRONT}/account/orders/details/${order.id}`
      )
    })

    it("a forgotten password is reset through the link in the mail with @medusajs/js-sdk; an unknown address gets no mail and the same answer", async () => {
      const pk = shop.publishableKey
      const sdk = new Medusa({ baseUrl: api.defaults.baseURL as string, publishableKey: pk })
      await registerCustomer(api, pk, "forgetful@zoco.test", "old-password-1")
      await smtp.waitFor("forgetful@zoco.test") // the welcome

      const known = await api.post("/auth/customer/emailpass/reset-password", {
        identifier: "forgetful@zoco.test",
      })
      const unknown = await api.post("/auth/customer/emailpass/reset-password", {
        identifier: "nobody@zoco.test",
      })
      expect([known.status, known.data]).toEqual([unknown.status, unknown.data])
      // What a storefront's "forgot password" form sends.
      await sdk.auth.resetPassword("customer", "emailpass", { identifier: "forgetful@zoco.test" })

      const mails = await smtp.waitFor("forgetful@zoco.test", 3)
      const resets = mails.filter((m) => m.subject === "Reset your Zoco Shop password")
      expect(resets).toHaveLength(2)
      const link = linkIn(resets[1].text, `${STOREFRONT}/reset-password`)
      expect(link.searchParams.get("email")).toBe("forgetful@zoco.test")
      const token = link.searchParams.get("token") as string

      // What the storefront's reset page does with the link.
      await sdk.auth.updateProvider(
        "customer",
        "emailpass",
        { email: "forgetful@zoco.test", password: "new-password-2" },
        token
      )
      const signedIn = await sdk.auth.login("customer", "emailpass", {
        email: "forgetful@zoco.test",
        password: "new-password-2",
      })
      expect(signedIn).toEqual(expect.any(String))
      const oldPassword = await failure(
        api.post("/auth/customer/emailpass", {
          email: "forgetful@zoco.test",
          password: "old-password-1",
        })
      )
      expect(oldPassword.status).toBe(401)
      // The link works once.
      const again = await failure(
        api.post(
          "/auth/customer/emailpass/update",
          { email: "forgetful@zoco.test", password: "third-password-3" },
          bearer(token)
        )
      )
      expect(again.status).toBe(401)

      // Nothing was queued for the unknown address, and the sent reset mails kept no token.
      expect(await outbox().listMailMessages({ to: "nobody@zoco.test" })).toEqual([])
      expect(smtp.to("nobody@zoco.test")).toEqual([])
      const rows = await eventually("both resets to be recorded as sent", async () => {
        const found = await outbox().listMailMessages(
          { to: "forgetful@zoco.test", template: "customer-password-reset" },
          { select: ["id", "status", "data", "html", "text"] }
        )
        return found.length === 2 && found.every((r) => r.status === "sent") ? found : undefined
      })
      expect(rows).toHaveLength(2)
      for (const row of rows) {
        expect(row).toMatchObject({ status: "sent", data: {}, html: null, text: null })
      }
      expect(JSON.stringify(rows)).not.toContain(token)
    })

    it("a refused reset mail is retried without its token reaching the logs", async () => {
      const logger = getContainer().resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      const logged: string[] = []
      const spies = (["info", "warn", "error", "debug"] as const).map((level) =>
        jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => {
          logged.push(args.map(String).join(" "))
        })
      )
      try {
        await registerCustomer(api, shop.publishableKey, "locked-out@zoco.test", "pw-locked-1")
        await smtp.waitFor("locked-out@zoco.test") // the welcome
        smtp.plan = [{ code: 451, message: "4.3.0 Mailbox busy, try again later" }]
        await api.post("/auth/customer/emailpass/reset-password", {
          identifier: "locked-out@zoco.test",
        })
        const row = await eventually("the refused reset mail to be recorded", async () => {
          const [r] = await outbox().listMailMessages(
            { to: "locked-out@zoco.test", template: "customer-password-reset" },
            { select: ["id", "status", "data", "last_error"] }
          )
          return r?.last_error ? r : undefined
        })
        const token = new URL((row.data as { reset_url: string }).reset_url).searchParams.get(
          "token"
        ) as string
        expect(token.length).toBeGreaterThan(20)
        // The failure was logged, and nothing logged holds the token.
        expect(logged.join("\n")).toContain("customer-password-reset")
        expect(logged.join("\n")).toContain("will be retried")
        expect(logged.join("\n")).not.toContain(token)
      } finally {
        for (const spy of spies) spy.mockRestore()
      }
    })

    it("an invited staff member accepts through the link in the mail and signs in", async () => {
      const admin = bearer(await adminToken(getContainer(), api))
      await api.post("/admin/invites", { email: "new-staff@zoco.test" }, admin)
      const [invite] = await smtp.waitFor("new-staff@zoco.test")
      expect(invite.subject).toBe("You are invited to Zoco Shop's dashboard")
      const token = linkIn(invite.text, `${ADMIN}/invite`).searchParams.get("token") as string

      // What the dashboard's invite page does with the link.
      const { data: registered } = await api.post("/auth/user/emailpass/register", {
        email: "new-staff@zoco.test",
        password: "staff-password-1",
      })
      await api.post(
        `/admin/invites/accept?token=${encodeURIComponent(token)}`,
        { first_name: "New", last_name: "Staff" },
        bearer(registered.token)
      )
      const { data: login } = await api.post("/auth/user/emailpass", {
        email: "new-staff@zoco.test",
        password: "staff-password-1",
      })
      const { data: me } = await api.get("/admin/users/me", bearer(login.token))
      expect(me.user.email).toBe("new-staff@zoco.test")
    })

    it("a mail the SMTP server refuses stays queued and is sent by the retry job, once", async () => {
      smtp.plan = [{ code: 451, message: "4.3.0 Mailbox busy, try again later" }]
      const refusalsBefore = smtp.refusals
      await registerCustomer(api, shop.publishableKey, "busy@zoco.test", "busy-password-1")
      let row = await eventually("the refused mail to be recorded", async () => {
        const [r] = await outbox().listMailMessages({ to: "busy@zoco.test" })
        return r?.last_error ? r : undefined
      })
      expect(smtp.refusals).toBe(refusalsBefore + 1)
      expect(row).toMatchObject({ status: "queued", attempts: 1 })
      expect(row.last_error).toContain("451")
      expect(smtp.to("busy@zoco.test")).toEqual([])

      // The job does not send it before its wait is over …
      await deliverMails(getContainer())
      expect(smtp.to("busy@zoco.test")).toEqual([])
      // … and sends it once the wait is over, however often it runs.
      await outbox().updateMailMessages({ id: row.id, next_attempt_at: new Date() })
      await Promise.all([deliverMails(getContainer()), deliverMails(getContainer())])
      await deliverMails(getContainer())
      expect(smtp.to("busy@zoco.test")).toHaveLength(1)
      row = await outbox().retrieveMailMessage(row.id)
      expect(row).toMatchObject({ status: "sent", attempts: 2, last_error: null })
    })

    it("a mail the SMTP server refuses for good is failed at once, and sent when the merchant sends it again", async () => {
      smtp.unknown.add("no-mailbox-yet@zoco.test")
      try {
        await registerCustomer(api, shop.publishableKey, "no-mailbox-yet@zoco.test", "pw-no-box-1")
        const row = await eventually("the refusal to be recorded", async () => {
          const [r] = await outbox().listMailMessages({ to: "no-mailbox-yet@zoco.test" })
          return r?.last_error ? r : undefined
        })
        expect(row).toMatchObject({ status: "failed", attempts: 1 })
        expect(row.last_error).toContain("550")
        // Not retried: the server would refuse it again and again for a day.
        await outbox().updateMailMessages({ id: row.id, next_attempt_at: new Date() })
        await deliverMails(getContainer())
        expect((await outbox().retrieveMailMessage(row.id)).attempts).toBe(1)
      } finally {
        smtp.unknown.delete("no-mailbox-yet@zoco.test")
      }
      // The mailbox exists now: the merchant's "send again" delivers it, once.
      const admin = bearer(await adminToken(getContainer(), api))
      const [failed] = await outbox().listMailMessages({ to: "no-mailbox-yet@zoco.test" })
      const { data } = await api.post(`/admin/mails/${failed.id}/retry`, {}, admin)
      expect(data.mail).toMatchObject({ status: "sent", attempts: 1 })
      await deliverMails(getContainer())
      expect(smtp.to("no-mailbox-yet@zoco.test")).toHaveLength(1)
    })

    it("what a customer typed cannot add a recipient or markup to their mail", async () => {
      const pk = shop.publishableKey
      const { data: reg } = await api.post("/auth/customer/emailpass/register", {
        email: "mallory@zoco.test",
        password: "mallory-password-1",
      })
      await api.post(
        "/store/customers",
        { email: "mallory@zoco.test", first_name: `<b>Mal</b>\r\nBcc: victim@evil.test` },
        storeHeaders(pk, reg.token)
      )
      const [welcome] = await smtp.waitFor("mallory@zoco.test")
      expect(welcome.envelope.rcptTo.map((r) => r.address)).toEqual(["mallory@zoco.test"])
      expect(welcome.bcc).toBeUndefined()
      expect(smtp.to("victim@evil.test")).toEqual([])
      expect(welcome.html).not.toContain("<b>Mal</b>")
      expect(welcome.html).toContain("&lt;b&gt;Mal&lt;/b&gt;")
    })

    it("shipping, two refunds and a cancelation each reach the buyer once, with tracking and amounts", async () => {
      const pk = shop.publishableKey
      const admin = bearer(await adminToken(getContainer(), api))
      const products = await listProducts(api, pk, shop.regions.europe)
      const variantId = inStockVariant(products).variant.id
      const buyer = "lifecycle@zoco.test"
      const { order } = await checkout(api, pk, {
        region: shop.regions.europe,
        items: [{ variant_id: variantId, quantity: 2 }],
        email: buyer,
      })
      await smtp.waitFor(buyer) // the confirmation
      const { data: full } = await api.get(
        `/admin/orders/${order.id}?fields=*items,*payment_collections.payments`,
        admin
      )
      const items = full.order.items.map((i: { id: string; quantity: number }) => ({
        id: i.id,
        quantity: i.quantity,
      }))

      await api.post(`/admin/orders/${order.id}/fulfillments`, { items }, admin)
      const { data: fulfilled } = await api.get(
        `/admin/orders/${order.id}?fields=*fulfillments`,
        admin
      )
      await api.post(
        `/admin/orders/${order.id}/fulfillments/${fulfilled.order.fulfillments[0].id}/shipments`,
        {
          items,
          labels: [
            {
              tracking_number: "ZX-1234",
              tracking_url: "https://track.example/ZX-1234",
              label_url: "https://track.example/label/ZX-1234",
            },
          ],
        },
        admin
      )
      const [, shipped] = await smtp.waitFor(buyer, 2)
      expect(shipped.subject).toBe(`Your Zoco Shop order #${order.display_id} is on its way`)
      const line = order.items[0]
      expect(shipped.text).toContain(`2 × ${line.title} (${line.variant_title})`)
      expect(shipped.text).toContain("ZX-1234 https://track.example/ZX-1234")
      expect(shipped.html).toContain('href="https://track.example/ZX-1234"')

      const payment = full.order.payment_collections[0].payments[0]
      await api.post(`/admin/payments/${payment.id}/capture`, {}, admin)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 5 }, admin)
      await smtp.waitFor(buyer, 3)
      await api.post(`/admin/payments/${payment.id}/refund`, { amount: 2.5 }, admin)
      const mails = await smtp.waitFor(buyer, 4)
      const refunds = mails.slice(2).map((m) => m.subject)
      // One mail per refund, each for its own amount, however often the event comes.
      expect(refunds).toEqual([
        `A refund of €5.00 for your Zoco Shop order #${order.display_id}`,
        `A refund of €2.50 for your Zoco Shop order #${order.display_id}`,
      ])

      // An order that is canceled before anything was shipped.
      const { order: second } = await checkout(api, pk, {
        region: shop.regions.europe,
        items: [{ variant_id: variantId, quantity: 1 }],
        email: "changed-mind@zoco.test",
      })
      await api.post(`/admin/orders/${second.id}/cancel`, {}, admin)
      const [, canceled] = await smtp.waitFor("changed-mind@zoco.test", 2)
      expect(canceled.subject).toBe(`Your Zoco Shop order #${second.display_id} has been canceled`)
      expect(canceled.text).toContain("Total: €")

      await deliverMails(getContainer())
      expect(smtp.to(buyer)).toHaveLength(4)
      expect(smtp.to("changed-mind@zoco.test")).toHaveLength(2)
    })

    it("an order in yen is confirmed with yen totals, without decimals", async () => {
      const { result: order } = await createOrderWorkflow(getContainer()).run({
        input: {
          region_id: shop.regions.europe.id,
          currency_code: "jpy",
          email: "yen@zoco.test",
          shipping_address: ADDRESSES.de,
          billing_address: ADDRESSES.de,
          items: [{ title: "Tenugui", quantity: 3, unit_price: 1500 }],
        },
      })
      await getContainer()
        .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
        .emit({ name: "order.placed", data: { id: order.id } })
      const [mail] = await smtp.waitFor("yen@zoco.test")
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const {
        data: [placed],
      } = await query.graph({
        entity: "order",
        fields: ["total", "tax_total", "items.total"],
        filters: { id: order.id },
      })
      const yen = new Intl.NumberFormat("en-US", { style: "currency", currency: "JPY" })
      expect(Number(placed.total)).toBeGreaterThan(4_500) // with German VAT
      expect(mail.text).toContain(`3 × Tenugui: ${yen.format(Number(placed.items[0].total))}`)
      expect(mail.text).toContain(`Tax: ${yen.format(Number(placed.tax_total))}`)
      expect(mail.text).toContain(`Total: ${yen.format(Number(placed.total))}`)
      expect(mail.text).not.toMatch(/¥[\d,]+\.\d/)
    })

    it("with the SMTP server down during a burst of orders, every mail arrives once when it is back", async () => {
      const pk = shop.publishableKey
      const port = new URL(process.env.SMTP_URL as string).port
      const products = await listProducts(api, pk, shop.regions.europe)
      const variantId = inStockVariant(products).variant.id
      const buyers = Array.from({ length: 5 }, (_, i) => `burst-${i}@zoco.test`)
      await smtp.stop()
      try {
        await Promise.all(
          buyers.map((email) =>
            checkout(api, pk, {
              region: shop.regions.europe,
              items: [{ variant_id: variantId, quantity: 1 }],
              email,
            })
          )
        )
        const rows = await eventually("every confirmation to have failed once", async () => {
          const all = await outbox().listMailMessages({ to: buyers })
          return all.length === buyers.length && all.every((r) => r.last_error) ? all : undefined
        })
        expect(rows.every((r) => r.status === "queued" && r.attempts === 1)).toBe(true)
        expect(rows[0].last_error).toMatch(/ECONNREFUSED|connect/i)
      } finally {
        await smtp.start(undefined, undefined, Number(port))
      }
      // Back up: the retry job, run by two processes at once and then again, sends each once.
      const ids = (await outbox().listMailMessages({ to: buyers })).map((r) => r.id)
      await outbox().updateMailMessages(ids.map((id) => ({ id, next_attempt_at: new Date() })))
      await Promise.all([deliverMails(getContainer()), deliverMails(getContainer())])
      await deliverMails(getContainer())
      for (const email of buyers) expect(smtp.to(email)).toHaveLength(1)
      const sent = await outbox().listMailMessages({ to: buyers })
      expect(sent.map((r) => [r.status, r.attempts])).toEqual(buyers.map(() => ["sent", 2]))
      // /metrics counts the outbox by status.
      const metrics = await getContainer()
        .resolve<ObservabilityService>("observability")
        .registry.getSingleMetricAsString("zoco_mail_messages")
      expect(metrics).toContain('zoco_mail_messages{status="queued"} 0')
      expect(metrics).toMatch(/zoco_mail_messages\{status="sent"\} ([5-9]|\d\d)/)
    })

    it("mails whose events were lost are sent by reconciliation, once; nothing from before the cursor", async () => {
      const container = getContainer()
      const order = (email: string) =>
        createOrderWorkflow(container)
          .run({
            input: {
              region_id: shop.regions.europe.id,
              currency_code: "eur",
              email,
              shipping_address: ADDRESSES.de,
              billing_address: ADDRESSES.de,
              items: [{ title: "Tote bag", quantity: 1, unit_price: 2500 }],
            },
          })
          .then(({ result }) => result)
      // Orders whose `order.placed` never reached a subscriber (created without the event).
      await order("lost-before@zoco.test")
      await outbox().updateMailCursors({ id: "events", through: new Date() })
      const lost = await order("lost-after@zoco.test")
      await container.resolve<IOrderModuleService>(Modules.ORDER).cancel(lost.id)
      await container
        .resolve<ICustomerModuleService>(Modules.CUSTOMER)
        .createCustomers({ email: "lost-welcome@zoco.test", has_account: true, first_name: "Lu" })
      await deliverMails(container)
      expect(smtp.to("lost-after@zoco.test")).toEqual([])
      expect(smtp.to("lost-welcome@zoco.test")).toEqual([])

      // The job leaves the last two minutes to subscribers still on their way …
      expect(await reconcileMails(container)).toEqual([])
      // … and queues what is missing once they are over, however often it runs.
      const later = new Date(Date.now() + 3 * 60_000)
      const [first, second] = await Promise.all([
        reconcileMails(container, { now: later }),
        reconcileMails(container, { now: later }),
      ])
      expect(first.length + second.length).toBe(3)
      expect(await reconcileMails(container, { now: later })).toEqual([])
      const mails = await smtp.waitFor("lost-after@zoco.test", 2)
      expect(mails.map((m) => m.subject).sort()).toEqual([
        `Your Zoco Shop order #${lost.display_id} has been canceled`,
        `Your Zoco Shop order #${lost.display_id} is confirmed`,
      ])
      const [welcome] = await smtp.waitFor("lost-welcome@zoco.test")
      expect(welcome.text).toContain("Welcome, Lu.")
      expect(smtp.to("lost-before@zoco.test")).toEqual([])

      // The lost event arriving late sends nothing more.
      await container
        .resolve<IEventBusModuleService>(Modules.EVENT_BUS)
        .emit({ name: "order.placed", data: { id: lost.id } })
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      await deliverMails(container)
      expect(smtp.to("lost-after@zoco.test")).toHaveLength(2)
    })

    it("the merchant reads the outbox in the admin API; bad filters are refused", async () => {
      const pk = shop.publishableKey
      const admin = bearer(await adminToken(getContainer(), api))
      // Each test starts from the seeded shop: this one makes its own mails.
      const products = await listProducts(api, pk, shop.regions.europe)
      await checkout(api, pk, {
        region: shop.regions.europe,
        items: [{ variant_id: inStockVariant(products).variant.id, quantity: 1 }],
        email: "outbox-reader@zoco.test",
      })
      await registerCustomer(api, pk, "reader@zoco.test", "reader-password-1")
      await api.post("/auth/customer/emailpass/reset-password", { identifier: "reader@zoco.test" })
      await smtp.waitFor("reader@zoco.test", 2)
      await smtp.waitFor("outbox-reader@zoco.test")

      // The SMTP server has them; their rows say so once each send is recorded.
      const list = await eventually("the three mails to be recorded as sent", async () => {
        const { data } = await api.get("/admin/mails?limit=100", admin)
        const sent = data.mails.every((m: { status: string }) => m.status === "sent")
        return data.count === 3 && sent ? data : undefined
      })
      expect(list.mails.map((m: { template: string }) => m.template).sort()).toEqual([
        "customer-password-reset",
        "customer-welcome",
        "order-placed",
      ])
      expect(JSON.stringify(list)).not.toMatch(/"data"|token=/)

      const { data: filtered } = await api.get("/admin/mails?q=outbox-reader&status=sent", admin)
      expect(filtered.mails.map((m: { to: string }) => m.to)).toEqual(["outbox-reader@zoco.test"])
      const { data: detail } = await api.get(`/admin/mails/${filtered.mails[0].id}`, admin)
      expect(detail.mail).toMatchObject({ template: "order-placed", body_withheld: false })
      expect(detail.mail.html).toMatch(/^<!doctype html>/i)
      // LIKE's wildcards are matched as themselves.
      const { data: wildcard } = await api.get("/admin/mails?q=%25", admin)
      expect(wildcard.mails).toEqual([])

      const { data: resets } = await api.get("/admin/mails?template=customer-password-reset", admin)
      const { data: reset } = await api.get(`/admin/mails/${resets.mails[0].id}`, admin)
      expect(reset.mail).toMatchObject({ body_withheld: true, html: null, text: null })

      const bad = await failure(api.get("/admin/mails?status=lost", admin))
      expect(bad.status).toBe(400)
      const extra = await failure(api.get("/admin/mails?select=data", admin))
      expect(extra.status).toBe(400)
      const missing = await failure(api.get("/admin/mails/mail_nope", admin))
      expect(missing.status).toBe(404)
      const notFailed = await failure(api.post(`/admin/mails/${detail.mail.id}/retry`, {}, admin))
      expect(notFailed.status).toBe(400)
      expect(notFailed.data.message).toContain("only a failed mail can be sent again")
      const anonymous = await failure(api.get("/admin/mails"))
      expect(anonymous.status).toBe(401)
    })
  },
})

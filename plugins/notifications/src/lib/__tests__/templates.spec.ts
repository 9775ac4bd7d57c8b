import { mkdtempSync, writeFileSync } from "fs"
import os from "os"
import path from "path"
import { formatMoney, headerSafe, MAIL_TEMPLATES, MailRenderer, TemplateError } from "../templates"

const shop = { name: "Zoco Shop", storefront_url: "https://shop.example" }

function order(currency: string, total: number | string) {
  return {
    display_id: 42,
    currency_code: currency,
    created_at: "2026-12-02T10:00:00.000Z",
    customer_name: "Ada",
    items: [{ title: "Linen shirt", variant_title: "M", quantity: 2, total }],
    item_total: total,
    shipping_total: 0,
    tax_total: 0,
    discount_total: 0,
    total,
    shipping_address: {
      first_name: "Ada",
      last_name: "L",
      address_1: "Main 1",
      postal_code: "10115",
      city: "Berlin",
      country_code: "de",
    },
  }
}

describe("money in mails", () => {
  it.each([
    ["eur", "en-US", 1234.5, "€1,234.50"],
    ["eur", "de-DE", 1234.5, "1.234,50 €"],
    ["usd", "en-US", "10.05", "$10.05"],
    ["jpy", "ja-JP", 1500, "￥1,500"],
    ["jpy", "en-US", 1500, "¥1,500"],
    ["kwd", "en-US", "1.125", "KWD 1.125"],
  ])("%s in %s: %s is %s", (currency, locale, amount, expected) => {
    expect(formatMoney(amount, currency, locale).replace(/\u00a0/g, " ")).toBe(expected)
  })

  it("formats a decimal string exactly, past what a float holds", () => {
    expect(formatMoney("90071992547409.93", "usd", "en-US")).toBe("$90,071,992,547,409.93")
    expect(formatMoney({ value: "19.99" }, "eur", "en-US")).toBe("€19.99")
  })
})

describe("header values", () => {
  it("a CR/LF in a name or subject cannot start a header of its own", () => {
    expect(headerSafe("Ada\r\nBcc: victim@example.com")).toBe("Ada Bcc: victim@example.com")
    expect(headerSafe("a\u0000b\tc")).toBe("a b c")
  })
})

describe("MailRenderer", () => {
  const renderer = new MailRenderer({ locale: "en-US" })

  it("every template renders a subject, an HTML body and a plain-text body", async () => {
    for (const name of MAIL_TEMPLATES) {
      const mail = await renderer.render(name, {
        shop,
        order: order("eur", 10),
        amount: 5,
        currency_code: "eur",
        items: [{ title: "Linen shirt", quantity: 1 }],
        tracking: [{ number: "TRACK-1", url: "https://track.example/1" }],
        customer: { first_name: "Ada", email: "ada@example.com" },
        email: "ada@example.com",
        reset_url: "https://shop.example/reset?token=t",
        invite_url: "https://admin.example/app/invite?token=t",
        valid_minutes: 15,
      })
      expect(mail.subject).not.toBe("")
      expect(mail.subject).not.toMatch(/[\r\n]/)
      expect(mail.html).toMatch(/^<!doctype html>/i)
      expect(mail.text.trim()).not.toBe("")
      expect(mail.text).not.toMatch(/<[a-z]/i)
    }
  })

  it("order totals in EUR, USD and JPY, each in its currency's format", async () => {
    const eur = await renderer.render("order-placed", { shop, order: order("eur", 59.9) })
    expect(eur.subject).toBe("Your Zoco Shop order #42 is confirmed")
    expect(eur.text).toContain("2 × Linen shirt (M): €59.90")
    expect(eur.text).toContain("Total: €59.90")
    expect(eur.html).toContain("€59.90")
    const usd = await renderer.render("order-placed", { shop, order: order("usd", "12.5") })
    expect(usd.text).toContain("Total: $12.50")
    const jpy = await renderer.render("order-placed", {
      shop,
      locale: "ja-JP",
      order: order("jpy", 1500),
    })
    expect(jpy.text).toContain("Total: ￥1,500")
    expect(jpy.text).not.toContain("1,500.00")
  })

  it("escapes what users typed in the HTML body, and keeps it readable in the text body", async () => {
    const evil = { ...order("eur", 1), customer_name: `<img src=x onerror="alert(1)">` }
    evil.items[0].title = `<script>alert("x")</script>`
    const mail = await renderer.render("order-placed", { shop, order: evil })
    expect(mail.html).not.toContain("<script>")
    expect(mail.html).not.toContain("<img src=x")
    expect(mail.html).toContain("&lt;script&gt;")
    expect(mail.text).toContain(`<script>alert("x")</script>`)
  })

  it("a file in the merchant's folder replaces the packaged one", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mail-templates-"))
    writeFileSync(
      path.join(dir, "customer-welcome.subject.hbs"),
      "Hello from {{shop.name}}, {{customer.first_name}}!"
    )
    const custom = new MailRenderer({ locale: "en-US", templatesDir: dir })
    const mail = await custom.render("customer-welcome", {
      shop,
      customer: { first_name: "Ada", email: "ada@example.com" },
    })
    expect(mail.subject).toBe("Hello from Zoco Shop, Ada!")
    // The files it does not replace are the packaged ones.
    expect(mail.text).toContain("Your Zoco Shop account for ada@example.com is ready")
  })

  it("names the missing file of an unknown template", async () => {
    await expect(renderer.render("no-such-mail", { shop })).rejects.toThrow(TemplateError)
    await expect(renderer.render("../secrets", { shop })).rejects.toThrow("not a template name")
  })
})

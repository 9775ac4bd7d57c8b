import type { Logger } from "@medusajs/framework/types"
import { TestSmtpServer } from "../../../__fixtures__/smtp-server"
import { FINAL_REFUSAL, isFinalRefusal } from "../../../lib/refusal"
import ZocoEmailProvider from "../service"

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as unknown as Logger
const content = { subject: "Your order", html: "<p>Hello</p>", text: "Hello\n" }

describe("the email channel's provider", () => {
  const smtp = new TestSmtpServer()
  let url: string

  beforeAll(async () => {
    url = await smtp.start()
  })
  afterAll(() => smtp.stop())

  const provider = (options: Partial<ConstructorParameters<typeof ZocoEmailProvider>[1]> = {}) =>
    new ZocoEmailProvider(
      { logger },
      { smtpUrl: url, from: "Zoco Shop <shop@zoco.test>", ...options }
    )

  it("sends the rendered mail over SMTP, as multipart HTML and text, with the outbox's Message-ID", async () => {
    const result = await provider().send({
      to: "ada@zoco.test",
      channel: "email",
      template: "order-placed",
      content,
      provider_data: { message_id: "<fixed-1@zoco.test>" },
    })
    expect(result.id).toBe("<fixed-1@zoco.test>")
    const [mail] = await smtp.waitFor("ada@zoco.test")
    expect(mail.subject).toBe("Your order")
    expect(mail.from?.text).toBe('"Zoco Shop" <shop@zoco.test>')
    expect(mail.messageId).toBe("<fixed-1@zoco.test>")
    expect(mail.html).toContain("<p>Hello</p>")
    expect(mail.text).toBe("Hello\n")
  })

  it("renders a notification sent with a template name and data only", async () => {
    await provider().send({
      to: "grace@zoco.test",
      channel: "email",
      template: "customer-welcome",
      data: {
        shop: { name: "Zoco Shop" },
        customer: { first_name: "Grace", email: "grace@zoco.test" },
      },
    })
    const [mail] = await smtp.waitFor("grace@zoco.test")
    expect(mail.subject).toBe("Welcome to Zoco Shop")
    expect(mail.text).toContain("Welcome, Grace.")
  })

  it("a subject with CR/LF stays one header: no Bcc is smuggled in", async () => {
    await provider().send({
      to: "linus@zoco.test",
      channel: "email",
      template: "order-placed",
      content: { ...content, subject: "Hi\r\nBcc: thief@evil.test" },
    })
    const [mail] = await smtp.waitFor("linus@zoco.test")
    expect(mail.subject).toBe("Hi Bcc: thief@evil.test")
    expect(mail.bcc).toBeUndefined()
    expect(mail.envelope.rcptTo.map((r) => r.address)).toEqual(["linus@zoco.test"])
  })

  it.each(["a@x.test, b@x.test", "a@x.test\r\nBcc: b@x.test", "Ada <a@x.test>", "not-an-address"])(
    "refuses to send to %j: one valid address per mail",
    async (to) => {
      await expect(
        provider().send({ to, channel: "email", template: "order-placed", content })
      ).rejects.toThrow(`exactly one valid address ${FINAL_REFUSAL}`)
    }
  )

  it("an SMTP refusal reaches the caller (the outbox retries it)", async () => {
    smtp.plan = [{ code: 451, message: "4.3.0 Try again later" }]
    await expect(
      provider().send({
        to: "retry@zoco.test",
        channel: "email",
        template: "order-placed",
        content,
      })
    ).rejects.toThrow(/451|Try again later/)
    expect(smtp.to("retry@zoco.test")).toEqual([])
  })

  it.each([
    ["a recipient without a mailbox (550 at RCPT TO)", () => smtp.unknown.add("gone@zoco.test")],
    [
      "a message the server rejects (554 after DATA)",
      () => (smtp.plan = [{ code: 554, message: "5.7.1 Message rejected as spam" }]),
    ],
  ])("%s is refused for good: the outbox will not retry it", async (_case, arrange) => {
    arrange()
    const sent = provider().send({
      to: "gone@zoco.test",
      channel: "email",
      template: "order-placed",
      content,
    })
    const error = await sent.catch((e: Error) => e)
    expect(isFinalRefusal(String((error as Error).message))).toBe(true)
    expect((error as Error).message).toMatch(/550|554/)
    smtp.unknown.clear()
  })

  it.each([
    ["a busy mailbox (451)", () => (smtp.plan = [{ code: 451, message: "4.2.1 Mailbox busy" }])],
    ["a refused sender (553 at MAIL FROM)", () => (smtp.refusedSender = "shop@zoco.test")],
  ])("%s may pass later: it is not final", async (_case, arrange) => {
    arrange()
    const error = await provider()
      .send({ to: "later@zoco.test", channel: "email", template: "order-placed", content })
      .catch((e: Error) => e)
    smtp.refusedSender = undefined
    expect(error).toBeInstanceOf(Error)
    expect(isFinalRefusal((error as Error).message)).toBe(false)
  })

  it("wrong SMTP credentials are not final either: the mail goes once they are fixed", async () => {
    const wrong = url.replace("smtp-password", "wrong-password")
    const error = await provider({ smtpUrl: wrong })
      .send({ to: "later@zoco.test", channel: "email", template: "order-placed", content })
      .catch((e: Error) => e)
    expect((error as Error).message).toMatch(/Invalid username or password|535/)
    expect(isFinalRefusal((error as Error).message)).toBe(false)
  })

  it("without an SMTP URL nothing is sent: the answer names the dev mailbox", async () => {
    const before = smtp.received.length
    const result = await provider({ smtpUrl: undefined }).send({
      to: "dev@zoco.test",
      channel: "email",
      template: "order-placed",
      content,
      provider_data: { message_id: "<dev-1@zoco.test>" },
    })
    expect(result.id).toBe("mailbox:<dev-1@zoco.test>")
    expect(smtp.received.length).toBe(before)
  })

  it("refuses options without a From address or with a URL that is not SMTP", () => {
    expect(() => ZocoEmailProvider.validateOptions({})).toThrow("MAIL_FROM")
    expect(() =>
      ZocoEmailProvider.validateOptions({ from: "a@b.test", smtpUrl: "https://mail.example" })
    ).toThrow("smtp:// or smtps://")
    expect(() =>
      ZocoEmailProvider.validateOptions({
        from: "a@b.test",
        smtpUrl: "smtps://u:p@smtp.example:465",
      })
    ).not.toThrow()
  })
})

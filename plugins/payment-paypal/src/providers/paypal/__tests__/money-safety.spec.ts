import { MathBN, MedusaError } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import fc from "fast-check"
import PayPalProviderService from "../service"
import { PAYPAL_UNAVAILABLE } from "../client"
import type { PayPalOptions, PayPalSessionData } from "../types"
import { FakePayPal } from "../__fixtures__/fake-paypal"
import { approvedSession } from "../__fixtures__/sessions"
import { FAULTS, FaultProxy } from "../__fixtures__/fault-proxy"

// The provider as Medusa's payment module drives it, against a PayPal stand-in that loses
// answers, resets connections and refuses what PayPal refuses. After every scenario the money
// PayPal moved equals the money the books hold, and each operation moved money at most once.

const fake = new FakePayPal()
beforeAll(() => fake.start())
afterAll(() => fake.stop())
afterEach(() => fake.clearFaults())

const quiet = () => ({ warn: jest.fn(), error: jest.fn(), info: jest.fn() }) as unknown as Logger

/**
 * The part of Medusa's payment module the provider meets: it records a capture or refund with a
 * new id on every attempt, hands the provider that id (and for refunds the amount), keeps the
 * data the provider returns, and deletes its record when the provider throws.
 */
class Books {
  captured = MathBN.convert(0)
  refunded = MathBN.convert(0)
  private ids = 0
  private readonly captures = new Map<string, { amount: string; created_by: string | null }>()
  readonly paypal: PayPalProviderService

  constructor(
    public data: PayPalSessionData,
    options: Partial<PayPalOptions> = {}
  ) {
    this.paypal = provider(options, this.captures)
  }

  /** A capture of `amount` (the rest when left out) by a merchant, or to book a webhook's. */
  async capture(amount?: string | number, by: "merchant" | "webhook" = "merchant") {
    const id = `capt_${++this.ids}`
    const booked = MathBN.convert(
      amount ?? MathBN.sub(this.data.medusa_amount ?? this.data.value, this.captured)
    )
    this.captures.set(id, {
      amount: booked.toFixed(),
      created_by: by === "merchant" ? "user_merchant" : null,
    })
    const out = await this.paypal.capturePayment({
      data: this.data,
      context: { idempotency_key: id },
    })
    this.data = out.data as PayPalSessionData
    this.captured = MathBN.add(this.captured, booked)
  }

  async refund(amount: string | number) {
    const out = await this.paypal.refundPayment({
      data: this.data,
      amount,
      context: { idempotency_key: `ref_${++this.ids}` },
    })
    this.data = out.data as PayPalSessionData
    this.refunded = MathBN.add(this.refunded, amount)
  }
}

function provider(
  options: Partial<PayPalOptions> = {},
  captures = new Map<string, { amount: string; created_by: string | null }>()
) {
  const captureService = {
    retrieve: async (id: string) => ({ id, ...captures.get(id) }),
  }
  return new PayPalProviderService(
    { logger: quiet(), captureService } as ConstructorParameters<typeof PayPalProviderService>[0],
    {
      clientId: "id",
      clientSecret: "secret",
      apiBase: fake.url,
      webhookId: fake.webhookId,
      retryBaseDelayMs: 1,
      timeoutMs: 1_000,
      maxRetries: 2,
      ...options,
    }
  )
}

/** An authorized PayPal payment of `amount`, as Medusa holds it after checkout. */
async function authorized(amount: number | string, currency: string, options = {}) {
  const paypal = provider(options)
  const init = await approvedSession(fake, paypal, amount, currency)
  const auth = await paypal.authorizePayment({ data: init.data })
  return new Books(auth.data as PayPalSessionData, options)
}

/** What PayPal holds for the order, in its own strings summed exactly. */
function atPayPal(orderId: string) {
  const captures = fake.capturesOf(orderId)
  const refunds = fake.refundsOf(orderId)
  return {
    captured: MathBN.add(0, ...captures.map((c) => c.amount.value)).toFixed(),
    refunded: MathBN.add(0, ...refunds.map((r) => r.amount.value)).toFixed(),
    captures: captures.length,
    refunds: refunds.length,
  }
}

/** The books as PayPal would show them: each booked total at the currency's precision. */
function booksAtPrecision(books: Books, decimals: number) {
  const round = (v: ReturnType<typeof MathBN.convert>) => v.decimalPlaces(decimals, 4).toFixed()
  return { captured: round(books.captured), refunded: round(books.refunded) }
}

async function attempt(op: () => Promise<unknown>): Promise<unknown> {
  return op().then(
    () => undefined,
    (e: unknown) => e
  )
}

describe("PayPal money safety under lost answers and retries", () => {
  it("a refund whose answers are all lost, retried by the merchant, refunds once", async () => {
    const books = await authorized(49.94, "eur")
    await books.capture()
    fake.loseNextAnswers(3, "/refund")
    const failed = await attempt(() => books.refund(10))
    expect(failed).toMatchObject({ code: PAYPAL_UNAVAILABLE })
    // Medusa deleted its refund record; the merchant asks again and Medusa makes a new id.
    await books.refund(10)
    expect(atPayPal(books.data.id)).toMatchObject({ refunded: "10", refunds: 1 })
    expect(books.data.refunds?.map((r) => r.value)).toEqual(["10.00"])
    // The same request again (a second click on the refund that failed) repeats the refund just
    // recorded from PayPal: refused, nothing moves. Another refund is a new refund.
    const again = await attempt(() => books.refund(10))
    expect((again as MedusaError).type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect((again as MedusaError).message).toMatch(/made at PayPal already .*Nothing was refunded/)
    expect(atPayPal(books.data.id)).toMatchObject({ refunded: "10", refunds: 1 })
    await books.refund(5)
    expect(atPayPal(books.data.id)).toMatchObject({ refunded: "15", refunds: 2 })
    expect(booksAtPrecision(books, 2).refunded).toBe("15")
  })

  it("a lost refund recorded by reconciliation first, then retried by the merchant, refunds once", async () => {
    const books = await authorized(49.94, "eur")
    await books.capture()
    fake.loseNextAnswers(3, "/refund")
    expect(await attempt(() => books.refund(10))).toMatchObject({ code: PAYPAL_UNAVAILABLE })
    // Reconciliation books what PayPal holds through Medusa's refund, as a retry would.
    await books.refund(10)
    const retry = await attempt(() => books.refund(10))
    expect((retry as MedusaError).message).toMatch(/was made at PayPal already/)
    expect(atPayPal(books.data.id)).toMatchObject({ refunded: "10", refunds: 1 })
    expect(booksAtPrecision(books, 2)).toEqual({ captured: "49.94", refunded: "10" })
    // A day later the same amount is a new refund.
    const day = books.data.refunds!.map((r) => ({
      ...r,
      adopted_at: r.adopted_at && new Date(Date.parse(r.adopted_at) - 86_400_001).toISOString(),
    }))
    books.data = { ...books.data, refunds: day }
    await books.refund(10)
    expect(atPayPal(books.data.id)).toMatchObject({ refunded: "20", refunds: 2 })
  })

  it("a partial capture whose answers are all lost is recorded once and not repeated", async () => {
    const books = await authorized(49.94, "eur")
    fake.loseNextAnswers(3, "/capture")
    expect(await attempt(() => books.capture(10))).toMatchObject({ code: PAYPAL_UNAVAILABLE })
    await books.capture(10)
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "10", captures: 1 })
    const again = await attempt(() => books.capture(10))
    expect((again as MedusaError).message).toMatch(/This capture was made at PayPal already/)
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "10", captures: 1 })
    await books.capture()
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "49.94", captures: 2 })
    expect(booksAtPrecision(books, 2).captured).toBe("49.94")
  })

  it("a refund made in PayPal's dashboard and recorded does not hold back one of the same amount", async () => {
    const books = await authorized(30, "eur")
    await books.capture()
    fake.refundInDashboard(books.data.captures![0].id, "5.00")
    const other = await attempt(() => books.refund(3))
    expect((other as MedusaError).message).toMatch(/Nothing was refunded; record them/)
    await books.refund(5)
    await books.refund(5)
    expect(atPayPal(books.data.id)).toMatchObject({ refunded: "10", refunds: 2 })
  })

  it("a capture whose answers are all lost is recorded on the retry, not captured again", async () => {
    const books = await authorized(49.94, "eur")
    fake.loseNextAnswers(3, "/capture")
    expect(await attempt(() => books.capture())).toMatchObject({ code: PAYPAL_UNAVAILABLE })
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "49.94", captures: 1 })
    await books.capture()
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "49.94", captures: 1 })
    expect(books.data.captures?.map((c) => c.value)).toEqual(["49.94"])
  })

  it.each([
    ["creating the order", "POST /v2/checkout/orders"],
    ["authorizing the approved order", "/authorize"],
    ["voiding the authorization", "/void"],
  ])("a lost answer while %s is retried under the same request id and acts once", async (_, on) => {
    const paypal = provider()
    const sessionId = `payses_lost_${on.replace(/\W/g, "")}`
    fake.loseNextAnswers(1, on)
    const init = await paypal.initiatePayment({
      amount: 25,
      currency_code: "eur",
      data: { session_id: sessionId },
      context: { idempotency_key: sessionId },
    })
    const data = init.data as PayPalSessionData
    fake.approve(data.id)
    const auth = await paypal.authorizePayment({ data })
    const authorizationId = (auth.data as PayPalSessionData).authorization_id
    await paypal.cancelPayment({ data: auth.data })
    const path = {
      "POST /v2/checkout/orders": "/v2/checkout/orders",
      "/authorize": `/v2/checkout/orders/${data.id}/authorize`,
      "/void": `/v2/payments/authorizations/${authorizationId}/void`,
    }[on]!
    const calls = fake.requests.filter(
      (r) =>
        r.method === "POST" &&
        r.path === path &&
        (path !== "/v2/checkout/orders" ||
          JSON.stringify(r.body).includes(`"custom_id":"${sessionId}"`))
    )
    // The lost call and its retry, under one PayPal-Request-Id: PayPal acted once.
    expect(calls).toHaveLength(2)
    expect(calls[1].headers["paypal-request-id"]).toBe(calls[0].headers["paypal-request-id"])
    expect(fake.orderResource(data.id).purchase_units[0].payments?.authorizations).toEqual([
      expect.objectContaining({ status: "VOIDED" }),
    ])
  })

  it("a reset connection before PayPal acts is retried and moves the money once", async () => {
    const books = await authorized(20, "usd")
    fake.resetNext(1, "/capture")
    await books.capture()
    fake.resetNext(2, "/refund")
    await books.refund(5)
    expect(atPayPal(books.data.id)).toMatchObject({
      captured: "20",
      refunded: "5",
      captures: 1,
      refunds: 1,
    })
  })

  it("captures the amount the merchant asked for, then exactly the rest", async () => {
    const books = await authorized(49.94, "eur")
    await books.capture(10)
    const first = fake.callsTo("POST", "/capture").at(-1)!
    expect(first.body).toMatchObject({ amount: { value: "10.00" }, final_capture: false })
    await books.capture()
    expect(fake.callsTo("POST", "/capture").at(-1)!.body).toMatchObject({
      amount: { value: "39.94" },
      final_capture: true,
    })
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "49.94", captures: 2 })
  })

  it("refuses a capture above what is left before PayPal is asked", async () => {
    const books = await authorized(30, "eur")
    await books.capture(25)
    const calls = fake.requests.length
    const error = await attempt(() => books.capture(6))
    expect(error).toBeInstanceOf(MedusaError)
    expect((error as MedusaError).message).toMatch(/only 5.00 EUR .* is authorized/)
    expect(fake.requests.length).toBe(calls)
  })

  it("refuses to capture or refund over money PayPal moved that the books do not hold", async () => {
    const books = await authorized(49.94, "eur")
    // The merchant captured part of it in PayPal's dashboard.
    fake.captureInDashboard(books.data.id, "20.00", false)
    const error = await attempt(() => books.capture(10))
    expect((error as MedusaError).type).toBe(MedusaError.Types.NOT_ALLOWED)
    expect((error as MedusaError).message).toMatch(/holds captures that Zoco has not recorded/)
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "20", captures: 1 })
    // Asking for exactly what PayPal already captured records it instead.
    await books.capture(20)
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "20", captures: 1 })
    expect(books.data.captures).toHaveLength(1)
  })
})

describe("captures made in PayPal's dashboard", () => {
  it("reach Medusa by webhook and are recorded, not captured again; Zoco's own are left alone", async () => {
    const books = await authorized(49.94, "eur")
    const paypal = provider()
    const webhookFor = (captureId: string) => {
      const webhook = fake.signedWebhook(
        "PAYMENT.CAPTURE.COMPLETED",
        fake.captureResource(captureId)
      )
      return paypal.getWebhookActionAndData({
        data: webhook.data,
        rawData: webhook.rawData,
        headers: webhook.headers,
      })
    }
    const external = fake.captureInDashboard(books.data.id, "20.00", false)
    const event = await webhookFor(external.id)
    expect(event).toEqual({
      action: "captured",
      data: { session_id: books.data.session_id, amount: 20 },
    })
    // Medusa answers the event with a capture of that amount, which PayPal already made.
    await books.capture(event.data!.amount as number, "webhook")
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "20", captures: 1 })
    // PayPal delivers the event again: Medusa asks again, and nothing moves or is booked.
    const again = await attempt(() => books.capture(event.data!.amount as number, "webhook"))
    expect((again as MedusaError).message).toMatch(/the event was already recorded/)
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "20", captures: 1 })
    expect(books.data.captures).toHaveLength(1)

    // The merchant captures the rest in Zoco; PayPal's event for that capture changes nothing.
    await books.capture()
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "49.94", captures: 2 })
    const own = books.data.captures!.at(-1)!
    expect(await webhookFor(own.id)).toEqual({ action: "not_supported" })
  })
})

describe("PayPal amounts at the currency's precision", () => {
  it("refunds a sub-cent USD total in two parts that add up to what PayPal holds", async () => {
    const books = await authorized("41.562425", "usd")
    expect(books.data.value).toBe("41.56")
    await books.capture()
    await books.refund("20.785")
    await books.refund("20.777425")
    expect(books.data.refunds?.map((r) => r.value)).toEqual(["20.78", "20.78"])
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "41.56", refunded: "41.56" })
  })

  it("refunds in full when the first part already returned all PayPal captured", async () => {
    // 41.562425 USD is captured as 41.56: refunding 41.56 returns all of it at PayPal, and the
    // rest, digits PayPal never took, is booked without asking PayPal for nothing.
    const books = await authorized("41.562425", "usd")
    await books.capture()
    await books.refund("41.56")
    const calls = fake.requests.length
    await books.refund("0.002425")
    expect(fake.requests.length).toBe(calls)
    expect(atPayPal(books.data.id)).toMatchObject({ captured: "41.56", refunded: "41.56" })
    expect(books.refunded.toFixed()).toBe("41.562425")
  })

  it("refuses a fractional JPY refund with a 400 and moves nothing", async () => {
    const books = await authorized(1200, "jpy")
    await books.capture()
    const error = await attempt(() => books.refund("10.4"))
    expect((error as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
    expect((error as MedusaError).message).toMatch(/use 10 or 11/)
    expect(atPayPal(books.data.id)).toMatchObject({ refunds: 0 })
    await books.refund(10)
    expect(atPayPal(books.data.id)).toMatchObject({ refunded: "10" })
  })

  it("never asks PayPal for a zero amount", async () => {
    const paypal = provider()
    const calls = fake.requests.length
    const error = await attempt(() =>
      paypal.initiatePayment({ amount: -3.99996e-16, currency_code: "eur", data: {} })
    )
    expect((error as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
    expect((error as MedusaError).message).toMatch(/cannot take a payment of 0.00 EUR/)
    expect(fake.requests.length).toBe(calls)
  })

  it("keeps gateway and books equal over random captures and refunds (EUR, USD sub-cent, JPY)", async () => {
    const currencies = [
      {
        code: "eur",
        decimals: 2,
        total: fc.integer({ min: 100, max: 50_000 }).map((c) => c / 100),
      },
      {
        code: "usd",
        decimals: 2,
        // Prices with an unrounded 4.5% tax, as Medusa leaves them.
        total: fc.integer({ min: 100, max: 50_000 }).map((c) => (c / 100) * 1.045),
      },
      { code: "jpy", decimals: 0, total: fc.integer({ min: 50, max: 90_000 }) },
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...currencies).chain((c) =>
          fc.record({
            currency: fc.constant(c),
            total: c.total,
            // Each step is a share of what is left: capture part, refund part, or finish.
            steps: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }),
          })
        ),
        async ({ currency, total, steps }) => {
          const books = await authorized(total, currency.code)
          const whole = MathBN.convert(books.data.medusa_amount ?? books.data.value)
          for (const share of steps.slice(0, -1)) {
            const left = MathBN.sub(whole, books.captured)
            const part = MathBN.mult(left, share / 100).decimalPlaces(currency.decimals, 1)
            if (part.gt(0) && part.lt(left)) await books.capture(part.toFixed())
          }
          await books.capture()
          for (const share of steps) {
            const left = MathBN.sub(books.captured, books.refunded)
            const part = MathBN.mult(left, share / 100).decimalPlaces(currency.decimals, 1)
            if (part.gt(0) && part.lt(left)) await books.refund(part.toFixed())
          }
          // A full refund of the rest is always possible.
          await books.refund(MathBN.sub(books.captured, books.refunded).toFixed())
          const gateway = atPayPal(books.data.id)
          const rounded = booksAtPrecision(books, currency.decimals)
          expect(MathBN.eq(gateway.captured, books.data.value)).toBe(true)
          expect(MathBN.eq(gateway.refunded, gateway.captured)).toBe(true)
          expect(MathBN.eq(rounded.captured, gateway.captured)).toBe(true)
          expect(MathBN.eq(rounded.refunded, gateway.refunded)).toBe(true)
        }
      ),
      { seed: 20261203, numRuns: 40 }
    )
  })
})

describe("PayPal outages and session input", () => {
  it("retries a token endpoint 500 and reports a lasting one as an outage, not bad credentials", async () => {
    fake.failTokenNext(1)
    const out = await provider().initiatePayment({ amount: 10, currency_code: "eur", data: {} })
    expect(out.id).toMatch(/^ORDER-/)
    fake.failTokenNext(3)
    const error = await attempt(() =>
      provider().initiatePayment({ amount: 10, currency_code: "eur", data: {} })
    )
    expect(error).toMatchObject({ code: PAYPAL_UNAVAILABLE })
    expect((error as Error).message).not.toMatch(/credentials/)
    const refused = await attempt(() =>
      provider({ clientSecret: "wrong" }).initiatePayment({
        amount: 10,
        currency_code: "eur",
        data: {},
      })
    )
    expect((refused as Error).message).toMatch(/refused the credentials/)
  })

  it("accepts return and cancel URLs only on the shop's origins, as http(s), bounded", async () => {
    const paypal = provider({ allowedReturnOrigins: ["https://shop.test"] })
    const init = (data: Record<string, unknown>) =>
      attempt(() => paypal.initiatePayment({ amount: 10, currency_code: "eur", data }))
    for (const [url, why] of [
      ["javascript:alert(1)", /must be an http\(s\) URL/],
      ["https://evil.test/return", /must be on one of the shop's origins/],
      [`https://shop.test/${"a".repeat(100_000)}`, /at most 4000 characters/],
      ["/relative", /must be an absolute URL/],
      [42, /must be a URL string/],
    ] as const) {
      const calls = fake.requests.length
      const error = await init({ return_url: url })
      expect((error as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
      expect((error as Error).message).toMatch(why)
      expect(fake.requests.length).toBe(calls)
    }
    expect(await init({ cancel_url: "https://shop.test/cart?step=payment" })).toBeUndefined()
    const sent = fake.callsTo("POST", "/v2/checkout/orders").at(-1)!.body as {
      payment_source: { paypal: { experience_context: Record<string, string> } }
    }
    expect(sent.payment_source.paypal.experience_context.cancel_url).toBe(
      "https://shop.test/cart?step=payment"
    )
  })
})

describe("every money-moving call under every fault, through a fault-injecting proxy", () => {
  const proxy = new FaultProxy(() => fake.url)
  beforeAll(() => proxy.start())
  afterAll(() => proxy.stop())
  afterEach(() => proxy.clear())
  // Through the proxy, with a timeout short enough that a hang costs a second (three tries).
  const through = () => ({ apiBase: proxy.url, timeoutMs: 300 })
  let sessions = 0

  type Call = {
    path: RegExp
    /** Makes the state the call starts from; returns the call, as a merchant or Medusa makes it. */
    arrange: () => Promise<{ call: () => Promise<unknown>; check: () => void }>
  }
  const calls: Record<string, Call> = {
    "creating the order": {
      path: /^\/v2\/checkout\/orders$/,
      arrange: async () => {
        const paypal = provider(through())
        const sessionId = `payses_proxy_${++sessions}`
        const call = () =>
          paypal.initiatePayment({
            amount: 30,
            currency_code: "eur",
            data: { session_id: sessionId },
            context: { idempotency_key: sessionId },
          })
        return { call, check: () => expect(fake.ordersOfSession(sessionId)).toHaveLength(1) }
      },
    },
    authorizing: {
      path: /\/authorize$/,
      arrange: async () => {
        const paypal = provider(through())
        const { data } = await approvedSession(fake, paypal, 30, "eur")
        const call = () => paypal.authorizePayment({ data })
        const check = () => {
          const payments = fake.orderResource(data.id).purchase_units[0].payments
          expect(payments?.authorizations).toHaveLength(1)
        }
        return { call, check }
      },
    },
    capturing: {
      path: /\/capture$/,
      arrange: async () => {
        const books = await authorized(49.94, "eur", through())
        const call = () => books.capture()
        const check = () => {
          expect(atPayPal(books.data.id)).toMatchObject({ captured: "49.94", captures: 1 })
          expect(booksAtPrecision(books, 2).captured).toBe("49.94")
        }
        return { call, check }
      },
    },
    "capturing a part": {
      path: /\/capture$/,
      arrange: async () => {
        const books = await authorized(49.94, "eur", through())
        const call = () => books.capture(10)
        const check = () => {
          expect(atPayPal(books.data.id)).toMatchObject({ captured: "10", captures: 1 })
          expect(booksAtPrecision(books, 2).captured).toBe("10")
        }
        return { call, check }
      },
    },
    refunding: {
      path: /\/refund$/,
      arrange: async () => {
        const books = await authorized(49.94, "eur", through())
        await books.capture()
        const call = () => books.refund(10)
        const check = () => {
          expect(atPayPal(books.data.id)).toMatchObject({ refunded: "10", refunds: 1 })
          expect(booksAtPrecision(books, 2).refunded).toBe("10")
        }
        return { call, check }
      },
    },
    voiding: {
      path: /\/void$/,
      arrange: async () => {
        const books = await authorized(49.94, "eur", through())
        const call = () => books.paypal.cancelPayment({ data: books.data })
        const check = () => {
          const payments = fake.orderResource(books.data.id).purchase_units[0].payments
          expect(payments?.authorizations?.map((a) => a.status)).toEqual(["VOIDED"])
          expect(payments?.captures ?? []).toHaveLength(0)
        }
        return { call, check }
      },
    },
  }

  const cases = Object.keys(calls).flatMap((name) => FAULTS.map((fault) => [name, fault] as const))
  it.each(cases)("%s meeting %s, then retried: the money moves once", async (name, fault) => {
    const { path } = calls[name]
    const { call, check } = await calls[name].arrange()
    // Every try of the call meets the fault (the provider tries three times).
    proxy.inject(fault, "POST", path, 3)
    const failed = await attempt(call)
    proxy.clear()
    if (failed) {
      expect(failed).toMatchObject({ code: PAYPAL_UNAVAILABLE })
      // The merchant, the storefront or Medusa tries again, as it would after a 502.
      await call()
    }
    check()
  })
})

describe("the PayPal stand-in is as strict as PayPal", () => {
  it("refuses zero amounts, captures above the authorization and a second final capture", async () => {
    const books = await authorized(10, "eur")
    expect(() => fake.captureInDashboard(books.data.id, "0.00")).toThrow(
      /CANNOT_BE_ZERO_OR_NEGATIVE/
    )
    expect(() => fake.captureInDashboard(books.data.id, "10.01")).toThrow(
      /MAX_CAPTURE_AMOUNT_EXCEEDED/
    )
    fake.captureInDashboard(books.data.id, "10.00")
    expect(() => fake.captureInDashboard(books.data.id, "1.00")).toThrow(
      /AUTHORIZATION_ALREADY_CAPTURED/
    )
  })

  it("fails a webhook whose event was changed under a genuine transmission", async () => {
    const paypal = provider()
    const books = await authorized(10, "eur")
    const webhook = fake.signedWebhook("CHECKOUT.ORDER.APPROVED", fake.orderResource(books.data.id))
    const changed = webhook.rawData.replace('"10.00"', '"1.00"')
    const out = await paypal.getWebhookActionAndData({
      data: JSON.parse(changed),
      rawData: changed,
      headers: webhook.headers,
    })
    expect(out.action).toBe("not_supported")
  })
})

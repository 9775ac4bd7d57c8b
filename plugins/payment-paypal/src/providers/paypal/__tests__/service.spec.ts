import { MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import PayPalProviderService from "../service"
import type { PayPalOptions, PayPalSessionData } from "../types"
import { FakePayPal } from "../__fixtures__/fake-paypal"
import { approvedSession as approveAtFake } from "../__fixtures__/sessions"
import { PAYPAL_UNAVAILABLE } from "../client"

const fake = new FakePayPal()
beforeAll(() => fake.start())
afterAll(() => fake.stop())
afterEach(() => fake.clearFaults())

function logger() {
  return { warn: jest.fn(), error: jest.fn(), info: jest.fn() } as unknown as Logger & {
    warn: jest.Mock
  }
}

/**
 * Captures as Medusa's payment module records them before it calls the provider: the provider
 * reads the amount back by the capture id it is given as idempotency key.
 */
const bookedCaptures = new Map<string, number | string>()
const captureService = {
  retrieve: async (id: string) => {
    if (!bookedCaptures.has(id)) throw new Error(`Capture with id: ${id} was not found`)
    return { id, amount: bookedCaptures.get(id), created_by: "user_merchant" }
  },
}

/** Medusa recording a capture of `amount` (the whole payment when left out) and asking PayPal. */
async function capture(
  paypal: PayPalProviderService,
  data: Record<string, unknown> | undefined,
  id: string,
  amount?: number | string
) {
  const session = data as PayPalSessionData
  bookedCaptures.set(id, amount ?? session.medusa_amount ?? session.value)
  return paypal.capturePayment({ data, context: { idempotency_key: id } })
}

function provider(options: Partial<PayPalOptions> = {}, log = logger()) {
  return new PayPalProviderService(
    { logger: log, captureService } as ConstructorParameters<typeof PayPalProviderService>[0],
    {
      clientId: "id",
      clientSecret: "secret",
      apiBase: fake.url,
      webhookId: fake.webhookId,
      retryBaseDelayMs: 1,
      timeoutMs: 2_000,
      ...options,
    }
  )
}

const approvedSession = (paypal: PayPalProviderService, amount = 100, currency = "eur") =>
  approveAtFake(fake, paypal, amount, currency)

describe("validateOptions", () => {
  it("names the missing option", () => {
    expect(() => PayPalProviderService.validateOptions({ clientId: "id" })).toThrow(
      /required option `clientSecret` is missing/
    )
    expect(() =>
      PayPalProviderService.validateOptions({
        clientId: "a",
        clientSecret: "b",
        environment: "prod",
      })
    ).toThrow(/`environment` must be "sandbox" or "live"/)
    expect(() =>
      PayPalProviderService.validateOptions({
        clientId: "a",
        clientSecret: "b",
        amountRounding: "down",
      })
    ).toThrow(/`amountRounding` must be "half-up" or "reject"/)
  })
})

describe("PayPal provider against the fake PayPal", () => {
  it("initiates an AUTHORIZE order with the session id, amount and approval link", async () => {
    const paypal = provider({ brandName: "Zoco" })
    const out = await paypal.initiatePayment({
      amount: 1200,
      currency_code: "jpy",
      data: { session_id: "payses_init", return_url: "https://shop.test/return" },
      context: { idempotency_key: "payses_init" },
    })
    expect(out.status).toBe(PaymentSessionStatus.REQUIRES_MORE)
    expect(out.data).toMatchObject({ id: out.id, intent: "AUTHORIZE", value: "1200" })
    expect((out.data as PayPalSessionData).approval_url).toContain(out.id)
    const sent = fake.callsTo("POST", "/v2/checkout/orders").at(-1)!
    expect(sent.headers["paypal-request-id"]).toContain("payses_init")
    expect(sent.body).toMatchObject({
      intent: "AUTHORIZE",
      purchase_units: [
        { custom_id: "payses_init", amount: { currency_code: "JPY", value: "1200" } },
      ],
      payment_source: {
        paypal: {
          experience_context: { brand_name: "Zoco", return_url: "https://shop.test/return" },
        },
      },
    })
  })

  it("authorizes, captures partially, refunds twice and refuses a refund above the rest", async () => {
    const paypal = provider()
    const { data } = await approvedSession(paypal, 100)
    const auth = await paypal.authorizePayment({ data })
    expect(auth.status).toBe(PaymentSessionStatus.AUTHORIZED)

    const captured = await capture(paypal, auth.data, "capt_1", 60)
    const request = fake.callsTo("POST", "/authorizations/").at(-1)!
    expect(request.body).toMatchObject({
      amount: { currency_code: "EUR", value: "60.00" },
      final_capture: false,
    })
    const authorizationId = (auth.data as PayPalSessionData).authorization_id
    expect(request.headers["paypal-request-id"]).toBe(`${authorizationId}-capture-0-60.00`)

    const r1 = await paypal.refundPayment({
      data: captured.data,
      amount: 25,
      context: { idempotency_key: "ref_1" },
    })
    const r2 = await paypal.refundPayment({
      data: r1.data,
      amount: "30.5",
      context: { idempotency_key: "ref_2" },
    })
    expect((r2.data as PayPalSessionData).refunds?.map((r) => r.value)).toEqual(["25.00", "30.50"])
    const before = fake.callsTo("POST", "/refund").length
    await expect(
      paypal.refundPayment({ data: r2.data, amount: 5, context: { idempotency_key: "ref_3" } })
    ).rejects.toThrow(/Cannot refund 5.00 EUR: only 4.50 EUR was captured and not yet refunded/)
    expect(fake.callsTo("POST", "/refund").length).toBe(before)
  })

  it("charges a sub-cent total rounded to the cent and keeps the exact amount", async () => {
    const paypal = provider()
    const { data } = await approvedSession(paypal, 64.4488, "usd")
    expect(data).toMatchObject({ value: "64.45", medusa_amount: "64.4488" })
    expect(fake.callsTo("POST", "/v2/checkout/orders").at(-1)!.body).toMatchObject({
      purchase_units: [{ amount: { currency_code: "USD", value: "64.45" } }],
    })
    const authorized = await paypal.authorizePayment({ data })
    expect(authorized.status).toBe(PaymentSessionStatus.AUTHORIZED)
    expect(authorized.data).toMatchObject({ medusa_amount: "64.4488" })
    const captured = await paypal.capturePayment({ data: authorized.data })
    // Medusa refunds its own figure; the provider refunds what PayPal captured, never more.
    const refunded = await paypal.refundPayment({ amount: 64.4488, data: captured.data })
    expect((refunded.data as PayPalSessionData).refunds).toEqual([
      expect.objectContaining({ value: "64.45" }),
    ])
    await expect(paypal.refundPayment({ amount: 0.01, data: refunded.data })).rejects.toThrow(
      /only 0.00 USD was captured and not yet refunded/
    )
  })

  it("refuses a sub-cent total before PayPal is asked when rounding is off", async () => {
    const paypal = provider({ amountRounding: "reject" })
    const before = fake.callsTo("POST", "/v2/checkout/orders").length
    await expect(
      paypal.initiatePayment({ amount: 64.4488, currency_code: "usd", data: {}, context: {} })
    ).rejects.toThrow(/has more than the 2 decimal place\(s\) PayPal allows/)
    expect(fake.callsTo("POST", "/v2/checkout/orders")).toHaveLength(before)
    const exact = await paypal.initiatePayment({
      amount: 64.45,
      currency_code: "usd",
      data: {},
      context: {},
    })
    expect(exact.data).not.toHaveProperty("medusa_amount")
  })

  it("captures at approval with the CAPTURE intent", async () => {
    const paypal = provider({ capture: true })
    const { data } = await approvedSession(paypal, 42.5, "usd")
    const out = await paypal.authorizePayment({ data })
    expect(out.status).toBe(PaymentSessionStatus.CAPTURED)
    expect((out.data as PayPalSessionData).captures).toEqual([
      expect.objectContaining({ value: "42.50", status: "COMPLETED" }),
    ])
    // Medusa never asks to capture an auto-captured payment again; if it did, nothing is sent.
    const calls = fake.requests.length
    await paypal.capturePayment({ data: out.data })
    expect(fake.requests.length).toBe(calls)
  })

  it.each([true, false])(
    "reports a declined instrument as a payment authorization error (capture: %p)",
    async (capture) => {
      const paypal = provider({ capture })
      const { data } = await approvedSession(paypal)
      fake.declineNext()
      const error = await paypal.authorizePayment({ data }).catch((e) => e)
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
      expect(error.message).toMatch(/INSTRUMENT_DECLINED/)
    }
  )

  it("leaves an order the buyer never approved at requires_more", async () => {
    const paypal = provider()
    const init = await paypal.initiatePayment({ amount: 10, currency_code: "eur", data: {} })
    const out = await paypal.authorizePayment({ data: init.data })
    expect(out.status).toBe(PaymentSessionStatus.REQUIRES_MORE)
    expect((await paypal.getPaymentStatus({ data: init.data })).status).toBe("requires_more")
  })

  it("retries a 500 and then succeeds", async () => {
    const paypal = provider()
    fake.failNext(2)
    const out = await paypal.initiatePayment({ amount: 10, currency_code: "eur", data: {} })
    expect(out.id).toMatch(/^ORDER-/)
  })

  it("surfaces a persistent 500 as an error", async () => {
    const paypal = provider({ maxRetries: 2 })
    fake.failNext(3)
    await expect(
      paypal.initiatePayment({ amount: 10, currency_code: "eur", data: {} })
    ).rejects.toThrow(/did not answer POST \/v2\/checkout\/orders after 3 attempts \(HTTP 500\)/)
    fake.failNext(3)
    await expect(
      paypal.initiatePayment({ amount: 10, currency_code: "eur", data: {} })
    ).rejects.toMatchObject({ code: PAYPAL_UNAVAILABLE })
  })

  it("treats a timeout as a failure, never as a success", async () => {
    const paypal = provider({ timeoutMs: 100, maxRetries: 0 })
    const { data } = await approvedSession(paypal)
    fake.slowNext()
    await expect(paypal.authorizePayment({ data })).rejects.toThrow(/TimeoutError/)
  })

  it("retries a capture with the same PayPal-Request-Id and captures once", async () => {
    const paypal = provider({ timeoutMs: 150, maxRetries: 1 })
    const { data } = await approvedSession(paypal)
    const auth = await paypal.authorizePayment({ data })
    // The first attempt is processed by PayPal but its answer arrives too late.
    fake.slowNext("POST /v2/payments/")
    const out = await capture(paypal, auth.data, "capt_retry")
    const authorizationId = (auth.data as PayPalSessionData).authorization_id
    const attempts = fake.callsTo("POST", `/authorizations/${authorizationId}/capture`)
    expect(attempts).toHaveLength(2)
    expect(attempts[1].headers["paypal-request-id"]).toBe(attempts[0].headers["paypal-request-id"])
    expect(fake.capturesOf(data.id)).toHaveLength(1)
    expect((out.data as PayPalSessionData).captures).toHaveLength(1)
  })

  it("reuses one access token across calls", async () => {
    const paypal = provider()
    const before = fake.tokenRequests
    const { data } = await approvedSession(paypal)
    await paypal.authorizePayment({ data })
    await paypal.retrievePayment({ data })
    expect(fake.tokenRequests - before).toBe(1)
  })

  it("voids an authorization on cancel", async () => {
    const paypal = provider()
    const { data } = await approvedSession(paypal)
    const auth = await paypal.authorizePayment({ data })
    const out = await paypal.cancelPayment({ data: auth.data })
    expect((await paypal.getPaymentStatus({ data: out.data })).status).toBe("canceled")
    // A second cancel (Medusa retrying) is not an error: the session says voided, and PayPal was
    // asked to void the one authorization, under one idempotency key.
    const again = await paypal.cancelPayment({ data: auth.data })
    expect(again.data).toMatchObject({
      status: "VOIDED",
      authorization_id: auth.data?.authorization_id,
    })
    const voids = fake.callsTo(
      "POST",
      `/v2/payments/authorizations/${auth.data?.authorization_id}/void`
    )
    expect(voids.length).toBeGreaterThanOrEqual(1)
    expect(new Set(voids.map((r) => r.headers["paypal-request-id"])).size).toBe(1)
  })

  it("patches the order amount and recreates the order for a new currency", async () => {
    const paypal = provider()
    const init = await paypal.initiatePayment({ amount: 10, currency_code: "eur", data: {} })
    const patched = await paypal.updatePayment({
      amount: 12,
      currency_code: "eur",
      data: init.data,
    })
    expect(patched.data).toMatchObject({ id: init.id, value: "12.00" })
    const moved = await paypal.updatePayment({
      amount: 15,
      currency_code: "usd",
      data: patched.data,
    })
    expect(moved.data).toMatchObject({ currency_code: "USD", value: "15.00" })
    expect(moved.data?.id).not.toBe(init.id)
  })

  it("maps a verified webhook to a Medusa action with the session id", async () => {
    const paypal = provider()
    const webhook = fake.signedWebhook("PAYMENT.CAPTURE.COMPLETED", {
      id: "CAP-1",
      status: "COMPLETED",
      custom_id: "payses_hook",
      amount: { currency_code: "JPY", value: "1500" },
    })
    await expect(paypal.getWebhookActionAndData(webhook)).resolves.toEqual({
      action: PaymentActions.SUCCESSFUL,
      data: { session_id: "payses_hook", amount: 1500 },
    })
    const approved = fake.signedWebhook("CHECKOUT.ORDER.APPROVED", {
      id: "ORDER-1",
      purchase_units: [
        { custom_id: "payses_hook", amount: { currency_code: "EUR", value: "9.90" } },
      ],
    })
    await expect(paypal.getWebhookActionAndData(approved)).resolves.toMatchObject({
      action: PaymentActions.AUTHORIZED,
      data: { session_id: "payses_hook", amount: 9.9 },
    })
  })

  it("answers a forged or tampered webhook with not_supported and a warning", async () => {
    const log = logger()
    const paypal = provider({}, log)
    const genuine = fake.signedWebhook("PAYMENT.CAPTURE.COMPLETED", {
      custom_id: "payses_x",
      amount: { currency_code: "EUR", value: "1.00" },
    })
    const tampered = { ...genuine, rawData: genuine.rawData.replace("1.00", "999.00") }
    const unsigned = { ...genuine, headers: {} }
    for (const forged of [tampered, unsigned]) {
      await expect(paypal.getWebhookActionAndData(forged)).resolves.toEqual({
        action: PaymentActions.NOT_SUPPORTED,
      })
    }
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/could not be verified/))
  })
})

import {
  AbstractPaymentProvider,
  MathBN,
  MedusaError,
  PaymentSessionStatus,
} from "@medusajs/framework/utils"
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  BigNumberInput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  Logger,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types"
import { PayPalApiError, PayPalClient } from "./client"
import { mapOrderStatus, toSessionData } from "./mapping"
import {
  authorizedAmount,
  captureRequestId,
  capturedTotals,
  cumulativeTarget,
  gatewayMovements,
  planRefund,
  refundedTotals,
  refundRequestId,
  repeatedAdopted,
  requireMovable,
  RETRY_HORIZON_MS,
  showAmount,
  unbooked,
  type GatewayMovement,
} from "./ledger"
import { currencyDecimals, toChargeValue, toPayPalValue, type AmountRounding } from "./money"
import type {
  LedgerEntry,
  PayPalAuthorization,
  PayPalCapture,
  PayPalOptions,
  PayPalOrder,
  PayPalRefund,
  PayPalSessionData,
} from "./types"
import { webhookActionAndData, zocoCaptureInvoiceId } from "./webhook"

const DONE = { capture: "captured", refund: "refunded" } as const

type InjectedDependencies = { logger?: Logger }

// PayPal's limit for return_url and cancel_url.
const MAX_URL_LENGTH = 4000

/** The payment module's capture service, as far as this provider reads it. */
type CaptureReader = {
  retrieve(
    id: string,
    config: { select: string[] }
  ): Promise<{
    amount?: BigNumberInput
    raw_amount?: BigNumberInput
    created_by?: string | null
  }>
}

/** True when `amount` is not below zero by more than arithmetic noise. */
function atLeastZero(amount: BigNumberInput, currency: string): boolean {
  return MathBN.gte(
    MathBN.add(amount, MathBN.convert(1e-9).shiftedBy(-currencyDecimals(currency))),
    0
  )
}

/** Medusa's capture input does not carry an amount; a caller may add one for a partial capture. */
export type PayPalCaptureInput = CapturePaymentInput & { amount?: BigNumberInput }

class PayPalProviderService extends AbstractPaymentProvider<PayPalOptions> {
  static override identifier = "paypal"

  protected readonly options_: PayPalOptions
  protected readonly logger_?: Logger
  protected readonly client_: PayPalClient
  protected readonly rounding_: AmountRounding

  static override validateOptions(options: Record<string, unknown>): void {
    for (const key of ["clientId", "clientSecret"]) {
      if (typeof options[key] !== "string" || !options[key]) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `PayPal provider: required option \`${key}\` is missing`
        )
      }
    }
    const rounding = options.amountRounding
    if (rounding !== undefined && rounding !== "half-up" && rounding !== "reject") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `PayPal provider: option \`amountRounding\` must be "half-up" or "reject", got "${String(rounding)}"`
      )
    }
    const origins = options.allowedReturnOrigins
    if (
      origins !== undefined &&
      (!Array.isArray(origins) ||
        origins.some((o) => typeof o !== "string" || !/^https?:\/\/[^/]+$/.test(o)))
    ) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "PayPal provider: option `allowedReturnOrigins` must be a list of origins such as " +
          '"https://shop.example.com" (scheme and host, no path)'
      )
    }
    const env = options.environment
    if (env !== undefined && env !== "sandbox" && env !== "live") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `PayPal provider: option \`environment\` must be "sandbox" or "live", got "${String(env)}"`
      )
    }
  }

  constructor(container: InjectedDependencies, options: PayPalOptions) {
    super(container, options)
    this.options_ = options
    this.rounding_ = options.amountRounding ?? "half-up"
    this.logger_ = container.logger
    this.client_ = new PayPalClient(options, container.logger)
  }

  async initiatePayment({
    amount,
    currency_code,
    data,
    context,
  }: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const sessionId = typeof data?.session_id === "string" ? data.session_id : undefined
    const order = await this.createOrder(amount, currency_code, sessionId, data, context)
    const sessionData = toSessionData(order, {
      session_id: sessionId,
      medusa_amount: this.exactAmount(amount, currency_code),
    })
    return { id: order.id, status: mapOrderStatus(order), data: sessionData }
  }

  async authorizePayment({ data }: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    const previous = this.sessionData(data)
    let order = await this.client_.get<PayPalOrder>(`/v2/checkout/orders/${previous.id}`)
    if (order.status === "APPROVED") {
      // Keyed on the order: one order is authorized or captured once, however often this runs.
      const step = order.intent === "CAPTURE" ? "capture" : "authorize"
      order = await this.client_.post<PayPalOrder>(
        `/v2/checkout/orders/${order.id}/${step}`,
        {},
        `${order.id}-${step}`
      )
    }
    const sessionData = toSessionData(order, previous)
    if (order.status !== "COMPLETED") {
      // The buyer has not approved yet (or must act again): send them back to approval_url.
      return { status: PaymentSessionStatus.REQUIRES_MORE, data: sessionData }
    }
    return { status: mapOrderStatus(order), data: sessionData }
  }

  async capturePayment(input: PayPalCaptureInput): Promise<CapturePaymentOutput> {
    const data = this.sessionData(input.data)
    if (data.intent === "CAPTURE") {
      // Captured when the buyer completed checkout; nothing is left to capture.
      return { data }
    }
    if (!data.authorization_id) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `PayPal order ${data.id} has no authorization to capture`
      )
    }
    const currency = data.currency_code
    const whole = authorizedAmount(data)
    const authorizationId = data.authorization_id
    const request = await this.requestedCapture(input)
    // What the capture moves, given the captures booked before it.
    const planCapture = (booked: LedgerEntry[]) => {
      const captured = capturedTotals({ ...data, captures: booked })
      const requested = request.amount ?? MathBN.sub(whole, captured.booked)
      requireMovable("capture", requested, whole, currency)
      const bookedAfter = MathBN.add(captured.booked, requested)
      if (!atLeastZero(MathBN.sub(whole, bookedAfter), currency)) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Cannot capture ${showAmount(requested, currency)} ${currency}: only ` +
            `${showAmount(MathBN.sub(whole, captured.booked), currency)} ${currency} of PayPal ` +
            `order ${data.id} is authorized and not yet captured`
        )
      }
      const target = cumulativeTarget(bookedAfter, whole, data.value, currency)
      const value = toPayPalValue(MathBN.sub(target, captured.gateway), currency)
      if (MathBN.lte(value, 0)) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `A capture of ${showAmount(requested, currency)} ${currency} rounds to nothing at PayPal`
        )
      }
      return {
        requested,
        target,
        value,
        key: captureRequestId(authorizationId, booked.length, value),
      }
    }
    if (request.byUser) {
      const repeated = repeatedAdopted(data.captures, (kept) => [planCapture(kept).key])
      if (repeated) throw this.repeatedError("capture", data, repeated)
    }
    const { requested, target, value, key } = planCapture(data.captures ?? [])
    const entry = (
      capture: { id: string; status: string },
      adopted?: { key?: string }
    ): LedgerEntry => ({
      id: capture.id,
      status: capture.status,
      value,
      ...(MathBN.eq(requested, value) ? {} : { amount: MathBN.convert(requested).toFixed() }),
      ...(adopted ? { ...adopted, adopted_at: new Date().toISOString() } : { key }),
    })

    // PayPal first: a capture whose answer was lost (or made in PayPal's dashboard) is there
    // already, and posting again would move the money twice.
    const order = await this.client_.get<PayPalOrder>(`/v2/checkout/orders/${data.id}`)
    const unknown = unbooked(gatewayMovements(order).captures, data.captures)
    if (unknown.length === 1 && unknown[0].value === value) {
      const made = unknown[0].capture_index
      // Zoco's own request id when Zoco made it; none for one made in PayPal's dashboard.
      const adopted =
        made === undefined ? {} : { key: captureRequestId(authorizationId, made, unknown[0].value) }
      return {
        data: { ...data, captures: [...(data.captures ?? []), entry(unknown[0], adopted)] },
      }
    }
    if (unknown.length > 0) {
      throw this.unbookedError("capture", data, unknown)
    }
    if (!request.byUser) {
      // Medusa books a capture PayPal reported (PAYMENT.CAPTURE.COMPLETED) by asking for one; it
      // is recorded above when PayPal holds it. Nothing to record means the event was recorded
      // already (a redelivery): capturing now would move the money a second time.
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `PayPal order ${data.id} holds no capture of ${value} ${currency} that is not recorded ` +
          "yet: the event was already recorded, nothing was captured"
      )
    }
    const captures = data.captures ?? []
    // Keyed on what PayPal already holds and on the amount: the same capture retried carries the
    // same id whatever ids Medusa gives its attempts, a further capture a new one.
    const capture = await this.client_.post<PayPalCapture>(
      `/v2/payments/authorizations/${authorizationId}/capture`,
      {
        amount: { currency_code: currency, value },
        final_capture: target === data.value,
        // Marks the capture as Zoco's: its webhook then has nothing to repair (see webhook.ts).
        invoice_id: zocoCaptureInvoiceId(data.session_id ?? data.id, captures.length),
      },
      key
    )
    return { data: { ...data, captures: [...captures, entry(capture)] } }
  }

  async refundPayment({ amount, data }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const session = this.sessionData(data)
    const currency = session.currency_code
    const captured = capturedTotals(session)
    requireMovable("refund", amount, captured.booked, currency)
    // The parts the refund moves, given the refunds booked before it, each with its request id:
    // what PayPal already refunded of the capture, and the amount, stable across retries.
    const planParts = (booked: LedgerEntry[]) => {
      const refunded = refundedTotals({ ...session, refunds: booked })
      const bookedAfter = MathBN.add(refunded.booked, amount)
      if (!atLeastZero(MathBN.sub(captured.booked, bookedAfter), currency)) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Cannot refund ${showAmount(amount, currency)} ${currency}: only ` +
            `${showAmount(MathBN.sub(captured.booked, refunded.booked), currency)} ${currency} ` +
            `was captured and not yet refunded on PayPal order ${session.id}`
        )
      }
      const target = cumulativeTarget(bookedAfter, captured.booked, captured.gateway, currency)
      const total = toPayPalValue(MathBN.sub(target, refunded.gateway), currency)
      if (MathBN.lte(total, 0) && atLeastZero(MathBN.sub(bookedAfter, captured.booked), currency)) {
        // The rest of a capture PayPal took rounded down (41.562425 USD as 41.56): digits PayPal
        // never held. Booked without moving anything, so a full refund is always reachable.
        return []
      }
      if (MathBN.lte(total, 0)) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `A refund of ${showAmount(amount, currency)} ${currency} rounds to nothing at PayPal`
        )
      }
      return planRefund({ ...session, refunds: booked }, total).map((part) => ({
        ...part,
        key: refundRequestId(
          part.captureId,
          booked.filter((r) => r.capture_id === part.captureId).length,
          part.value
        ),
      }))
    }
    const repeated = repeatedAdopted(session.refunds, (kept) => planParts(kept).map((p) => p.key))
    if (repeated) throw this.repeatedError("refund", session, repeated)
    const plan = planParts(session.refunds ?? [])
    if (plan.length === 0) {
      const refunds = session.refunds ?? []
      const residue: LedgerEntry = {
        id: `${session.id}-residue-${refunds.length}`,
        status: "COMPLETED",
        value: toPayPalValue(0, currency),
        amount: MathBN.convert(amount).toFixed(),
      }
      return { data: { ...session, refunds: [...refunds, residue] } }
    }

    // PayPal first, as for captures: a refund PayPal made whose answer was lost is adopted, never
    // made again; one Zoco cannot account for stops the refund before anything moves.
    const order = await this.client_.get<PayPalOrder>(`/v2/checkout/orders/${session.id}`)
    const unknown = unbooked(gatewayMovements(order).refunds, session.refunds)
    const adopted = new Map<number, GatewayMovement>()
    for (const [i, part] of plan.entries()) {
      const match = unknown.find(
        (r) =>
          r.value === part.value &&
          (r.capture_id === undefined || r.capture_id === part.captureId) &&
          ![...adopted.values()].includes(r)
      )
      if (match) adopted.set(i, match)
    }
    const stray = unknown.filter((r) => ![...adopted.values()].includes(r))
    if (stray.length > 0) {
      throw this.unbookedError("refund", session, stray)
    }

    const refunds = [...(session.refunds ?? [])]
    let bookedSoFar = MathBN.convert(0)
    for (const [i, part] of plan.entries()) {
      // The last part books the residue, so the parts add up to the amount Medusa booked.
      const booked =
        i === plan.length - 1 ? MathBN.sub(amount, bookedSoFar) : MathBN.convert(part.value)
      bookedSoFar = MathBN.add(bookedSoFar, booked)
      const found = adopted.get(i)
      const refund =
        found ??
        (await this.client_.post<PayPalRefund>(
          `/v2/payments/captures/${part.captureId}/refund`,
          // custom_id carries the request id back in PayPal's order, so a refund whose answer
          // was lost is known as Zoco's when it is recorded from there.
          { amount: { currency_code: currency, value: part.value }, custom_id: part.key },
          part.key
        ))
      refunds.push({
        id: refund.id,
        status: refund.status,
        value: part.value,
        capture_id: part.captureId,
        ...(MathBN.eq(booked, part.value) ? {} : { amount: MathBN.convert(booked).toFixed() }),
        ...(found
          ? { ...(found.key ? { key: found.key } : {}), adopted_at: new Date().toISOString() }
          : { key: part.key }),
      })
    }
    return { data: { ...session, refunds } }
  }

  async cancelPayment({ data, context }: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const session = this.sessionData(data)
    if (!session.authorization_id || (session.captures ?? []).length > 0) {
      // Nothing held on the buyer's account: an unapproved order simply expires at PayPal.
      return { data: session }
    }
    try {
      await this.client_.post<PayPalAuthorization | Record<string, never>>(
        `/v2/payments/authorizations/${session.authorization_id}/void`,
        {},
        context?.idempotency_key ?? `${session.authorization_id}-void`
      )
    } catch (e) {
      // Voiding twice is not an error for Medusa: the money is released either way.
      if (!(e instanceof PayPalApiError && e.issue === "PREVIOUSLY_VOIDED")) {
        throw e
      }
    }
    return { data: { ...session, status: "VOIDED" } }
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    return this.cancelPayment(input)
  }

  async retrievePayment({ data }: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const session = this.sessionData(data)
    const order = await this.client_.get<PayPalOrder>(`/v2/checkout/orders/${session.id}`)
    return { data: toSessionData(order, session) }
  }

  async updatePayment({
    amount,
    currency_code,
    data,
    context,
  }: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const session = this.sessionData(data)
    const value = this.chargeableValue(amount, currency_code)
    const currency = currency_code.toUpperCase()
    const medusa_amount = this.exactAmount(amount, currency_code)
    if (session.value === value && session.currency_code === currency) {
      return { data: { ...session, medusa_amount } }
    }
    if (session.currency_code !== currency || session.authorization_id) {
      // PayPal cannot change an order's currency, nor an order already authorized: start over
      // with a new order (and a new approval link).
      const order = await this.createOrder(amount, currency_code, session.session_id, data, context)
      return {
        status: mapOrderStatus(order),
        data: toSessionData(order, { session_id: session.session_id, medusa_amount }),
      }
    }
    const operations = [
      {
        op: "replace",
        path: "/purchase_units/@reference_id=='default'/amount",
        value: { currency_code: currency, value },
      },
    ]
    await this.client_.patch(
      `/v2/checkout/orders/${session.id}`,
      operations,
      `${session.id}-amount-${value}`
    )
    const order = await this.client_.get<PayPalOrder>(`/v2/checkout/orders/${session.id}`)
    return {
      status: mapOrderStatus(order),
      data: toSessionData(order, { ...session, medusa_amount }),
    }
  }

  async getPaymentStatus({ data }: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const session = this.sessionData(data)
    const order = await this.client_.get<PayPalOrder>(`/v2/checkout/orders/${session.id}`)
    return { status: mapOrderStatus(order), data: toSessionData(order, session) }
  }

  async getWebhookActionAndData(
    payload: ProviderWebhookPayload["payload"]
  ): Promise<WebhookActionResult> {
    return webhookActionAndData(this.client_, this.options_.webhookId, payload, this.logger_)
  }

  private async createOrder(
    amount: BigNumberInput,
    currencyCode: string,
    sessionId: string | undefined,
    data: Record<string, unknown> | undefined,
    context: InitiatePaymentInput["context"]
  ): Promise<PayPalOrder> {
    const value = this.chargeableValue(amount, currencyCode)
    const experience: Record<string, string> = { user_action: "PAY_NOW" }
    if (this.options_.brandName) experience.brand_name = this.options_.brandName
    for (const key of ["return_url", "cancel_url"] as const) {
      const url = this.buyerUrl(key, data?.[key])
      if (url) experience[key] = url
    }
    const body = {
      intent: this.options_.capture ? "CAPTURE" : "AUTHORIZE",
      purchase_units: [
        {
          reference_id: "default",
          // Webhooks carry custom_id back: it is how an event finds its Medusa session.
          ...(sessionId ? { custom_id: sessionId } : {}),
          amount: { currency_code: currencyCode.toUpperCase(), value },
        },
      ],
      payment_source: { paypal: { experience_context: experience } },
    }
    const key = context?.idempotency_key ?? sessionId ?? `order-${Date.now()}`
    // The amount is part of the key: a new amount for the same session is a new order.
    return this.client_.post<PayPalOrder>(
      "/v2/checkout/orders",
      body,
      `${key}-${currencyCode}-${value}`
    )
  }

  /** The amount Medusa asked for, kept when PayPal is charged a rounded one. */
  private exactAmount(amount: BigNumberInput, currencyCode: string): string | undefined {
    const exact = MathBN.convert(amount)
    const charged = toChargeValue(amount, currencyCode, this.rounding_)
    return exact.eq(charged) ? undefined : exact.toFixed()
  }

  /**
   * The capture Medusa recorded and now asks for. Medusa does not hand its amount to the
   * provider, only the capture's id (as the idempotency key); the capture is read back from the
   * payment module, which registers its services in the container providers get. `byUser` tells
   * a merchant's capture (the Admin API records who) from one Medusa makes to book a capture a
   * webhook reported, which must only ever record what PayPal already holds.
   */
  private async requestedCapture(
    input: PayPalCaptureInput
  ): Promise<{ amount?: BigNumberInput; byUser: boolean }> {
    if (input.amount !== undefined) return { amount: input.amount, byUser: true }
    const captureId = input.context?.idempotency_key
    if (!captureId?.startsWith("capt_")) return { byUser: true }
    const captures = this.container.captureService as CaptureReader | undefined
    if (!captures?.retrieve) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        "PayPal provider: the payment module's captures cannot be read, so the capture amount " +
          "is unknown; nothing was captured"
      )
    }
    const capture = await captures.retrieve(captureId, {
      select: ["id", "amount", "raw_amount", "created_by"],
    })
    return { amount: capture.raw_amount ?? capture.amount, byUser: Boolean(capture.created_by) }
  }

  /** What PayPal is asked to charge; PayPal refuses zero, so Zoco does before calling it. */
  private chargeableValue(amount: BigNumberInput, currencyCode: string): string {
    const decimals = currencyDecimals(currencyCode)
    // A total of 0 often arrives as arithmetic noise around it (-3.99996e-16).
    const rounded = MathBN.convert(amount).decimalPlaces(decimals, 4)
    const value = rounded.isZero()
      ? rounded.abs().toFixed(decimals)
      : toChargeValue(amount, currencyCode, this.rounding_)
    if (MathBN.lte(value, 0)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `PayPal cannot take a payment of ${value} ${currencyCode.toUpperCase()}; a cart with ` +
          "nothing to pay is completed without a payment session"
      )
    }
    return value
  }

  /**
   * A return or cancel URL from the storefront, where PayPal sends the buyer back: only http(s),
   * bounded in length, and only to the shop's own origins when `allowedReturnOrigins` is set.
   */
  private buyerUrl(key: "return_url" | "cancel_url", value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined
    const refuse = (why: string) =>
      new MedusaError(MedusaError.Types.INVALID_DATA, `PayPal \`${key}\` ${why}`)
    if (typeof value !== "string") throw refuse("must be a URL string")
    if (value.length > MAX_URL_LENGTH) {
      throw refuse(`must be at most ${MAX_URL_LENGTH} characters long`)
    }
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw refuse("must be an absolute URL")
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw refuse("must be an http(s) URL")
    }
    const allowed = this.options_.allowedReturnOrigins
    if (allowed && !allowed.includes(url.origin)) {
      throw refuse(`must be on one of the shop's origins (${allowed.join(", ")})`)
    }
    return url.toString()
  }

  /** A request that repeats movements recorded after their answer was lost: nothing moves. */
  private repeatedError(
    operation: "capture" | "refund",
    session: PayPalSessionData,
    entries: LedgerEntry[]
  ): MedusaError {
    const currency = session.currency_code
    const list = entries.map((e) => `${e.id} (${e.value} ${currency})`).join(", ")
    const until = new Date(Date.parse(entries[0].adopted_at!) + RETRY_HORIZON_MS)
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `This ${operation} was made at PayPal already (${list}) on PayPal order ${session.id}: ` +
        `its answer was lost, and it was recorded since from PayPal. Nothing was ` +
        `${DONE[operation]} again. To ${operation} the same amount once more, do it in PayPal's ` +
        `dashboard, or here after ${until.toISOString()}.`
    )
  }

  private unbookedError(
    operation: "capture" | "refund",
    session: PayPalSessionData,
    movements: GatewayMovement[]
  ): MedusaError {
    const list = movements.map((m) => `${m.id} (${m.value} ${session.currency_code})`).join(", ")
    return new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `PayPal order ${session.id} holds ${operation === "capture" ? "captures" : "refunds"} ` +
        `that Zoco has not recorded: ${list}. Nothing was ${DONE[operation]}; record them ` +
        `(payment reconciliation or PayPal's webhook) and try again.`
    )
  }

  private sessionData(data: Record<string, unknown> | undefined): PayPalSessionData {
    if (!data || typeof data.id !== "string") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "PayPal payment data has no PayPal order id"
      )
    }
    return data as PayPalSessionData
  }
}

export default PayPalProviderService

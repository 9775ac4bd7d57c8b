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
import { planRefund, remainingToCapture } from "./ledger"
import { toChargeValue, type AmountRounding } from "./money"
import type {
  LedgerEntry,
  PayPalAuthorization,
  PayPalCapture,
  PayPalOptions,
  PayPalOrder,
  PayPalRefund,
  PayPalSessionData,
} from "./types"
import { webhookActionAndData } from "./webhook"

type InjectedDependencies = { logger?: Logger }

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
    const remaining = remainingToCapture(data)
    const value =
      input.amount === undefined
        ? remaining
        : toChargeValue(input.amount, data.currency_code, this.rounding_)
    const captures = data.captures ?? []
    // Medusa's capture id when it gives one; otherwise the capture's position, so a retry of the
    // same call reuses the id while a second partial capture of the same amount does not.
    const requestId =
      input.context?.idempotency_key ?? `${data.authorization_id}-capture-${captures.length}`
    const capture = await this.client_.post<PayPalCapture>(
      `/v2/payments/authorizations/${data.authorization_id}/capture`,
      {
        amount: { currency_code: data.currency_code, value },
        final_capture: MathBN.gte(value, remaining),
        ...(data.session_id ? { invoice_id: data.session_id } : {}),
      },
      requestId
    )
    const entry: LedgerEntry = { id: capture.id, status: capture.status, value }
    return { data: { ...data, captures: [...captures.filter((c) => c.id !== capture.id), entry] } }
  }

  async refundPayment({ amount, data, context }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const session = this.sessionData(data)
    const refunds = [...(session.refunds ?? [])]
    const base = context?.idempotency_key ?? `${session.id}-refund-${refunds.length}`
    for (const part of planRefund(
      session,
      toChargeValue(amount, session.currency_code, this.rounding_)
    )) {
      // One PayPal refund per capture touched, each keyed on Medusa's refund id and the capture,
      // so a retried refund never pays out twice.
      const refund = await this.client_.post<PayPalRefund>(
        `/v2/payments/captures/${part.captureId}/refund`,
        { amount: { currency_code: session.currency_code, value: part.value } },
        `${base}-${part.captureId}`
      )
      refunds.push({
        id: refund.id,
        status: refund.status,
        value: part.value,
        capture_id: part.captureId,
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
    const value = toChargeValue(amount, currency_code, this.rounding_)
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
    const value = toChargeValue(amount, currencyCode, this.rounding_)
    const experience: Record<string, string> = { user_action: "PAY_NOW" }
    if (this.options_.brandName) experience.brand_name = this.options_.brandName
    if (typeof data?.return_url === "string") experience.return_url = data.return_url
    if (typeof data?.cancel_url === "string") experience.cancel_url = data.cancel_url
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

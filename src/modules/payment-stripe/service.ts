import type {
  AuthorizePaymentInput,
  BigNumberInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  IPaymentProvider,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
} from "@medusajs/framework/types"
import { MathBN, MedusaError } from "@medusajs/framework/utils"
import StripeModule from "@medusajs/medusa/payment-stripe"
import type Stripe from "stripe"
import { gatewayUnavailable } from "../../lib/payments/errors"
import { pointStripeClient, STRIPE_DEFAULT_TIMEOUT_MS, type StripeConnection } from "./client"
import {
  chargeableAmount,
  decimalsOf,
  planStripeRefund,
  repeatedRecoveredRefund,
  RETRY_HORIZON_MS,
  type StripeRefundEntry,
} from "./ledger"

/** What Medusa's Stripe provider exposes to a subclass, as far as this one uses it. */
type MedusaStripeProvider = IPaymentProvider & {
  stripe_: Stripe
  /** Medusa's retries of creating a payment intent; it calls itself again for each retry. */
  executeWithRetry<T>(
    apiCall: () => Promise<T>,
    maxRetries?: number,
    baseDelay?: number,
    currentAttempt?: number
  ): Promise<T | Record<string, unknown>>
}

const MedusaStripe = StripeModule.services.find(
  (service) => (service as { identifier?: string }).identifier === "stripe"
) as unknown as new (
  cradle: Record<string, unknown>,
  options: Record<string, unknown>
) => MedusaStripeProvider

/** The metadata key of the refunds Zoco makes; its value is the refund's idempotency key. */
export const ZOCO_REFUND = "zoco_refund"

/** Zoco's bookkeeping next to the payment intent in the payment data. */
type ZocoFields = {
  /** The exact amount Medusa asked for (Stripe holds it rounded to the minor unit). */
  zoco_amount?: string
  /** Refunds as Stripe made them and as Medusa booked them. */
  zoco_refunds?: StripeRefundEntry[]
}

type IntentData = Partial<Stripe.PaymentIntent> & ZocoFields

function zocoFields(data: Record<string, unknown> | undefined): ZocoFields {
  const { zoco_amount, zoco_refunds } = (data ?? {}) as ZocoFields
  return {
    ...(zoco_amount !== undefined ? { zoco_amount } : {}),
    ...(zoco_refunds !== undefined ? { zoco_refunds } : {}),
  }
}

/** Medusa replaces the payment data with each answer's; Zoco's fields ride along. */
function keep<T extends { data?: Record<string, unknown> }>(
  data: Record<string, unknown> | undefined,
  out: T
): T {
  return out.data ? { ...out, data: { ...out.data, ...zocoFields(data) } } : out
}

/** The payment's amount as Stripe can charge it (see `chargeableAmount`). */
function chargeable<T extends { amount: BigNumberInput; currency_code: string }>(input: T): T {
  return { ...input, amount: chargeableAmount(input.amount, input.currency_code) }
}

/**
 * Medusa's Stripe provider (`pp_stripe_stripe`), with refunds that move money at Stripe at most
 * once and add up to what Stripe holds:
 * - Medusa keys each refund attempt on a new refund id, so a refund whose answer was lost and
 *   that the merchant retries refunded twice. The key now derives from the intent, the number of
 *   refunds made and the amount, and Stripe's refunds of the intent are read first: one Stripe
 *   made whose answer was lost is recorded instead of repeated; one Zoco cannot account for stops
 *   the refund before money moves. Once such a refund is recorded (by the retry, a webhook or
 *   payment reconciliation), the same request again within 24 hours is refused, not repeated.
 * - Medusa rounds each refund on its own, so the parts of a sub-cent total could exceed what was
 *   charged and "the rest" was refused; refunds now round their running total.
 * - In the three-decimal currencies (KWD, BHD, ...) Stripe moves multiples of 10 minor units:
 *   Medusa rounded charges up to the next one and refunds not at all (Stripe refused them);
 *   charges are now rounded half-up to Stripe's step, and refunds move whole steps.
 * - `apiBase` and `timeoutMs` point it at a proxy or a stand-in and bound each request, and a
 *   payment session whose creation Stripe does not answer fails within about two of them.
 */
export class ZocoStripeProviderService extends MedusaStripe {
  static identifier = "stripe"

  private readonly timeoutMs: number
  /** How long each call Medusa retries has waited on Stripe so far, back-off apart. */
  private readonly waited = new WeakMap<object, { ms: number }>()

  constructor(
    cradle: Record<string, unknown>,
    options: Record<string, unknown> & StripeConnection
  ) {
    super(cradle, options)
    pointStripeClient(this.stripe_, options)
    this.timeoutMs = options.timeoutMs ?? STRIPE_DEFAULT_TIMEOUT_MS
  }

  /**
   * Medusa tries creating a payment intent up to four times after a connection error or a rate
   * limit, with 3.5–7 s of back-off, and the SDK retries each try once: when Stripe did not
   * answer, the buyer waited eight time limits for the 502 (11 minutes with the SDK's 80 s). A
   * further try now starts only while less than one time limit was spent waiting on Stripe, so a
   * hang fails after the SDK's two tries, while quick refusals and rate limits keep Medusa's
   * retries.
   */
  override async executeWithRetry<T>(
    apiCall: () => Promise<T>,
    maxRetries?: number,
    baseDelay?: number,
    currentAttempt = 1
  ): Promise<T | Record<string, unknown>> {
    if (currentAttempt === 1) {
      // Medusa passes the same function to each retry, so the time rides along with it.
      const waited = { ms: 0 }
      const timed = async () => {
        const start = Date.now()
        try {
          return await apiCall()
        } finally {
          waited.ms += Date.now() - start
        }
      }
      this.waited.set(timed, waited)
      return super.executeWithRetry(timed, maxRetries, baseDelay, currentAttempt)
    }
    if ((this.waited.get(apiCall)?.ms ?? 0) >= this.timeoutMs) {
      throw gatewayUnavailable(
        "Stripe did not answer in time while creating the payment intent; nothing was charged. " +
          "Try again."
      )
    }
    return super.executeWithRetry(apiCall, maxRetries, baseDelay, currentAttempt)
  }

  override async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const out = await super.initiatePayment(chargeable(input))
    if (!String(out.data?.id ?? "").startsWith("pi_")) {
      // Medusa keeps a session without a payment intent when Stripe answers 5xx ("indeterminate,
      // rely on webhooks"), but no webhook can bring the intent to it and the buyer cannot pay it.
      // The payment module drops a session whose creation throws; the storefront tries again.
      throw gatewayUnavailable(
        "Stripe failed while creating the payment intent; nothing was charged. Try again."
      )
    }
    return { ...out, data: { ...out.data, zoco_amount: MathBN.convert(input.amount).toFixed() } }
  }

  override async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const out = await super.updatePayment(chargeable(input))
    return {
      ...out,
      data: { ...out.data, zoco_amount: MathBN.convert(input.amount).toFixed() },
    }
  }

  override async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return keep(input.data, await super.authorizePayment(input))
  }

  override async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    return keep(input.data, await super.getPaymentStatus(input))
  }

  override async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return keep(input.data, await super.capturePayment(input))
  }

  override async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return keep(input.data, await super.cancelPayment(input))
  }

  override async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return keep(input.data, await super.retrievePayment(input))
  }

  override async refundPayment({ amount, data }: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const intent = (data ?? {}) as IntentData
    if (!intent.id || !intent.currency) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Stripe payment data has no payment intent to refund"
      )
    }
    const refunds = intent.zoco_refunds ?? []
    const request = {
      intentId: intent.id,
      currency: intent.currency,
      received: intent.amount_received ?? intent.amount ?? 0,
      paymentAmount: intent.zoco_amount,
      refunds,
      amount,
    }
    const repeated = repeatedRecoveredRefund(request)
    if (repeated) {
      const code = intent.currency.toUpperCase()
      const shown = MathBN.convert(repeated.amount).toFixed(decimalsOf(code))
      const until = new Date(Date.parse(repeated.adopted_at!) + RETRY_HORIZON_MS)
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `This refund of ${shown} ${code} was made at Stripe already (${repeated.id}): its answer ` +
          `was lost, and it was recorded since from Stripe. Nothing was refunded again. To ` +
          `refund the same amount once more, refund it in Stripe's dashboard, or here after ` +
          `${until.toISOString()}.`
      )
    }
    const plan = planStripeRefund(request)
    const booked = MathBN.convert(amount).toFixed()

    const listed = await this.stripe_.refunds.list({ payment_intent: intent.id, limit: 100 })
    const known = new Set(refunds.map((r) => r.id))
    const unknown = listed.data.filter(
      (r) => !known.has(r.id) && r.status !== "failed" && r.status !== "canceled"
    )
    let refund: { id: string; metadata?: Stripe.Metadata | null }
    let adopted = false
    if (unknown.length === 1 && unknown[0].amount === plan.minor) {
      refund = unknown[0]
      adopted = true
    } else if (unknown.length > 0) {
      const list = unknown.map((r) => `${r.id} (${r.amount})`).join(", ")
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Stripe payment ${intent.id} holds refunds Zoco has not recorded: ${list}. Nothing was ` +
          "refunded; record them (payment reconciliation) and try again."
      )
    } else if (plan.minor === 0) {
      // Books the residue of a charge Stripe rounded down; Stripe holds nothing more to return.
      refund = { id: `${intent.id}-residue-${refunds.length}` }
    } else {
      // Marked as Zoco's, so a refund webhook can tell it from one made in Stripe's dashboard.
      refund = await this.stripe_.refunds.create(
        { payment_intent: intent.id, amount: plan.minor, metadata: { [ZOCO_REFUND]: plan.key } },
        { idempotencyKey: plan.key }
      )
    }
    return {
      data: {
        ...intent,
        zoco_refunds: [
          ...refunds,
          {
            id: refund.id,
            minor: plan.minor,
            amount: booked,
            // Zoco's own key, also when adopting a refund whose answer was lost.
            ...(refund.metadata?.[ZOCO_REFUND] ? { key: refund.metadata[ZOCO_REFUND] } : {}),
            ...(adopted ? { adopted_at: new Date().toISOString() } : {}),
          },
        ],
      },
    }
  }
}

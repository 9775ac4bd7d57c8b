import { defaultCurrencies, MathBN, MedusaError } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"

// Stripe's three-decimal currencies take amounts in multiples of 10 minor units (KWD 12.350 as
// 12350, never 12345): money moves in steps of 0.01 there. The rest use the ISO exponent Medusa
// knows (JPY 0, EUR 2), in steps of one minor unit.
const THREE_DECIMALS = new Set(["BHD", "IQD", "JOD", "KWD", "OMR", "TND"])

/** Decimals of a currency's minor unit, as Stripe counts them. */
export function decimalsOf(currency: string): number {
  const code = currency.toUpperCase()
  if (THREE_DECIMALS.has(code)) return 3
  return defaultCurrencies[code]?.decimal_digits ?? 2
}

/** Decimals of the smallest step Stripe moves a currency in: 2 for KWD, as for EUR. */
export function stepDecimalsOf(currency: string): number {
  return THREE_DECIMALS.has(currency.toUpperCase()) ? 2 : decimalsOf(currency)
}

/** Minor units in one step: 10 for the three-decimal currencies, else 1. */
const minorPerStep = (currency: string) => 10 ** (decimalsOf(currency) - stepDecimalsOf(currency))

/**
 * A Medusa amount in Stripe's minor units, rounded half-up to the step Stripe moves: 41.565 USD
 * is 4157, 12.345 KWD is 12350.
 */
export function toMinor(amount: BigNumberInput, currency: string): number {
  const steps = MathBN.convert(amount).shiftedBy(stepDecimalsOf(currency)).decimalPlaces(0, 4)
  return steps.toNumber() * minorPerStep(currency)
}

/**
 * The amount to hand Medusa's Stripe provider so that it charges exactly `toMinor(amount)`: it
 * rounds a three-decimal amount up to the next 10 minor units (12.341 KWD charged as 12.350),
 * which can charge more than the total; a multiple of the step it keeps as it is.
 */
export function chargeableAmount(amount: BigNumberInput, currency: string): BigNumberInput {
  if (minorPerStep(currency) === 1) return amount
  return MathBN.convert(toMinor(amount, currency)).shiftedBy(-decimalsOf(currency)).toFixed()
}

/** Stripe minor units back to a Medusa amount. */
export function fromMinor(minor: number, currency: string): string {
  return MathBN.convert(minor).shiftedBy(-decimalsOf(currency)).toFixed()
}

// A difference below a billionth of a minor unit is arithmetic noise, not money.
const NOISE = 1e-9
// How far below the whole payment a refund total may fall and still be "all of it": a
// millionth of a minor unit, far above floating-point noise and far below any real amount.
const NOISE_FOR_WHOLE = 1e-6

/** True when `amount` has digits below the step Stripe moves the currency in. */
export function hasSubUnitDigits(amount: BigNumberInput, currency: string): boolean {
  const scaled = MathBN.convert(amount).shiftedBy(stepDecimalsOf(currency))
  return scaled.minus(scaled.decimalPlaces(0)).abs().gt(NOISE)
}

/** One refund as kept in the payment data: what Stripe moved and what Medusa booked. */
export type StripeRefundEntry = {
  id: string
  minor: number
  amount: string
  /** The idempotency key Zoco made it with; absent for a refund made in Stripe's dashboard. */
  key?: string
  /** When it was recorded from Stripe's list of refunds rather than from Stripe's answer. */
  adopted_at?: string
}

/**
 * How long a refund recorded after its answer was lost counts as still being retried: Stripe
 * keeps an idempotency key for 24 hours, the horizon within which a request repeated is a retry.
 */
export const RETRY_HORIZON_MS = 24 * 3600 * 1000

export type RefundPlan = {
  /** Minor units this refund moves at Stripe: 0 for a residue Stripe never charged. */
  minor: number
  /** Idempotency key: the same for the same refund retried, whatever id Medusa gives it. */
  key: string
}

/**
 * What a refund of `amount` moves at Stripe, so that refunds add up to what Stripe holds: the
 * running total of booked refunds rounded down, minus what Stripe already refunded; the refund
 * that completes the payment moves all that is left. A 41.562425 USD payment (4156 cents)
 * refunded as 20.785 and then the rest moves 2078 and 2078. An amount with digits below the minor unit is refused when the
 * payment had none (10.4 JPY of a whole-yen payment): the books would hold money that did not move.
 */
export function planStripeRefund(input: {
  intentId: string
  currency: string
  received: number
  paymentAmount: BigNumberInput | undefined
  refunds: StripeRefundEntry[]
  amount: BigNumberInput
}): RefundPlan {
  const { currency, amount, refunds } = input
  const code = currency.toUpperCase()
  if (MathBN.lte(amount, 0)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "A refund must be for more than 0")
  }
  const wholeHasResidue =
    input.paymentAmount !== undefined && hasSubUnitDigits(input.paymentAmount, currency)
  if (hasSubUnitDigits(amount, currency) && !wholeHasResidue) {
    const decimals = stepDecimalsOf(currency)
    const value = MathBN.convert(amount)
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Stripe moves ${code} in steps of ${MathBN.convert(1).shiftedBy(-decimals).toFixed()}: a ` +
        `refund of ${value.toFixed()} ${code} cannot be made as asked; use ` +
        `${value.decimalPlaces(decimals, 1).toFixed(decimals)} or ` +
        `${value.decimalPlaces(decimals, 0).toFixed(decimals)}`
    )
  }
  const bookedBefore = MathBN.add(0, ...refunds.map((r) => r.amount))
  const movedBefore = refunds.reduce((sum, r) => sum + r.minor, 0)
  const bookedAfter = MathBN.add(bookedBefore, amount)
  // The whole payment refunded (up to arithmetic noise, as a dashboard's "refund the rest" in
  // floating point has it) refunds all Stripe received, whatever the rounding of the parts.
  const whole = input.paymentAmount
  const all =
    whole !== undefined &&
    MathBN.convert(bookedAfter)
      .shiftedBy(decimalsOf(currency))
      .plus(NOISE_FOR_WHOLE)
      .gte(MathBN.convert(whole).shiftedBy(decimalsOf(currency)))
  // Until then the running total is rounded down to Stripe's step: Stripe never returns more
  // than the books say, and the refund that completes the payment, whatever its size, still has
  // the residue to move.
  const runningMinor =
    MathBN.convert(bookedAfter).shiftedBy(stepDecimalsOf(currency)).decimalPlaces(0, 1).toNumber() *
    minorPerStep(currency)
  const target = all ? input.received : Math.min(runningMinor, input.received)
  const minor = target - movedBefore
  if (minor <= 0 && all) {
    // The rest of a payment whose charge was rounded down (41.562425 USD charged as 41.56):
    // digits Stripe never took. Booked without moving anything, so a full refund is reachable.
    return { minor: 0, key: `${input.intentId}-refund-${refunds.length}-0` }
  }
  if (minor <= 0) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `A refund of ${MathBN.convert(amount).toFixed()} ${code} moves nothing at Stripe: ` +
        `${fromMinor(movedBefore, currency)} of ${fromMinor(input.received, currency)} ${code} ` +
        "is refunded already"
    )
  }
  return { minor, key: `${input.intentId}-refund-${refunds.length}-${minor}` }
}

/**
 * The refund this request repeats, when it retries a refund whose answer was lost and that was
 * recorded since from Stripe's list (by payment reconciliation, a webhook or an earlier retry):
 * the last refund, made by Zoco, and this request planned without it keyed the same. Refunding
 * now would move the money twice, and Medusa books whatever the provider answers: the only safe
 * answer is a refusal.
 */
export function repeatedRecoveredRefund(
  input: Parameters<typeof planStripeRefund>[0],
  now = Date.now()
): StripeRefundEntry | undefined {
  const last = input.refunds.at(-1)
  if (!last?.key || !last.adopted_at) return undefined
  if (now - Date.parse(last.adopted_at) > RETRY_HORIZON_MS) return undefined
  try {
    const before = planStripeRefund({ ...input, refunds: input.refunds.slice(0, -1) })
    return before.key === last.key ? last : undefined
  } catch {
    return undefined
  }
}

import { defaultCurrencies, MathBN } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"

type Amount = BigNumberInput | { value: string | number } | null | undefined

export type GuardedSession = {
  id: string
  status: string
  amount?: Amount
  raw_amount?: Amount
  currency_code?: string | null
}

export type GuardedCart = {
  id: string
  currency_code: string
  total?: Amount
  raw_total?: Amount
  payment_collection?: {
    id: string
    payment_sessions?: GuardedSession[] | null
  } | null
}

/** The session statuses Medusa would go on to authorize when completing a cart. */
const PROCESSABLE = new Set([
  "pending",
  "requires_more",
  "authorized",
  "captured",
  "pending_authorization",
])

export type AmountMismatch = {
  session: GuardedSession
  sessionAmount: string
  cartTotal: string
  currency: string
}

function decimal(value: Amount): string {
  if (value === null || value === undefined) return "0"
  return MathBN.convert(value as BigNumberInput).toString()
}

/** Decimal places that hold money; below them is the noise of Medusa's arithmetic. */
const NOISE_DECIMALS = 10

/**
 * Equal at the currency's precision (cents, whole yen): what a gateway can charge. Totals carry
 * arithmetic noise (a zero total of -3.99996e-16, 306.40499999999999853 for 306.405) and
 * unrounded tax below the minor unit. The noise goes first: rounded straight to cents, 306.405
 * and its noisy twin would fall on either side of the half cent.
 */
function sameAtPrecision(a: BigNumberInput, b: BigNumberInput, currency: string): boolean {
  const decimals = defaultCurrencies[currency.toUpperCase()]?.decimal_digits ?? 2
  const round = (v: BigNumberInput) =>
    MathBN.convert(v).decimalPlaces(NOISE_DECIMALS, 4).decimalPlaces(decimals, 4)
  return round(a).eq(round(b))
}

/**
 * The payment sessions that would pay an amount other than the cart's total,
 * or in another currency. Completing the cart with one of them would place an
 * order whose payment does not match what the buyer owes.
 */
export function findAmountMismatches(cart: GuardedCart): AmountMismatch[] {
  const total = cart.raw_total ?? cart.total ?? 0
  const sessions = (cart.payment_collection?.payment_sessions ?? []).filter((s) =>
    PROCESSABLE.has(s.status)
  )
  return sessions
    .filter((session) => {
      const amount = session.raw_amount ?? session.amount ?? 0
      const sameCurrency =
        (session.currency_code ?? cart.currency_code).toLowerCase() ===
        cart.currency_code.toLowerCase()
      return (
        !sameCurrency ||
        !sameAtPrecision(amount as BigNumberInput, total as BigNumberInput, cart.currency_code)
      )
    })
    .map((session) => ({
      session,
      sessionAmount: decimal(session.raw_amount ?? session.amount),
      cartTotal: decimal(total),
      currency: (session.currency_code ?? cart.currency_code).toUpperCase(),
    }))
}

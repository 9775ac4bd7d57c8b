import { MathBN } from "@medusajs/framework/utils"
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
      return !sameCurrency || !MathBN.eq(amount as BigNumberInput, total as BigNumberInput)
    })
    .map((session) => ({
      session,
      sessionAmount: decimal(session.raw_amount ?? session.amount),
      cartTotal: decimal(total),
      currency: (session.currency_code ?? cart.currency_code).toUpperCase(),
    }))
}

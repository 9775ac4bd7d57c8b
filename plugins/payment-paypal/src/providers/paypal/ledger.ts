import { MathBN, MedusaError } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"
import { sumValues, toPayPalValue } from "./money"
import type { PayPalSessionData } from "./types"

/** What is left to capture of the authorized order amount, as a PayPal value. */
export function remainingToCapture(session: PayPalSessionData): string {
  const captured = sumValues(
    (session.captures ?? []).map((c) => c.value),
    session.currency_code
  )
  return toPayPalValue(MathBN.max(MathBN.sub(session.value, captured), 0), session.currency_code)
}

/** Captured and not yet refunded, per capture. */
function refundableByCapture(session: PayPalSessionData): { id: string; left: string }[] {
  const currency = session.currency_code
  return (session.captures ?? []).map((capture) => {
    const refunded = (session.refunds ?? [])
      .filter((r) => r.capture_id === capture.id)
      .map((r) => r.value)
    return {
      id: capture.id,
      left: toPayPalValue(MathBN.sub(capture.value, sumValues(refunded, currency)), currency),
    }
  })
}

/**
 * Splits a refund over the captures that still hold money, oldest first. A refund above what was
 * captured and not yet refunded is refused here, before PayPal is asked.
 */
export function planRefund(
  session: PayPalSessionData,
  amount: BigNumberInput
): { captureId: string; value: string }[] {
  const currency = session.currency_code
  const wanted = toPayPalValue(amount, currency)
  const captures = refundableByCapture(session)
  const refundable = toPayPalValue(MathBN.add(0, ...captures.map((c) => c.left)), currency)
  if (MathBN.lte(wanted, 0) || MathBN.gt(wanted, refundable)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Cannot refund ${wanted} ${currency}: only ${refundable} ${currency} was captured and ` +
        `not yet refunded on PayPal order ${session.id}`
    )
  }
  const plan: { captureId: string; value: string }[] = []
  let rest = MathBN.convert(wanted)
  for (const capture of captures) {
    if (rest.lte(0)) break
    if (MathBN.lte(capture.left, 0)) continue
    const part = MathBN.min(capture.left, rest)
    plan.push({ captureId: capture.id, value: toPayPalValue(part, currency) })
    rest = rest.minus(part)
  }
  return plan
}

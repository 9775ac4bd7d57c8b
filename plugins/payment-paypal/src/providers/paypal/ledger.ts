import { MathBN, MedusaError } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"
import { currencyDecimals, sumValues, toPayPalValue } from "./money"
import type { LedgerEntry, PayPalOrder, PayPalSessionData } from "./types"

// Same threshold as money.ts: below a billionth of a minor unit a difference is arithmetic noise.
const NOISE_IN_MINOR_UNITS = 1e-9

/** What an entry booked in Medusa: the exact amount when one was kept, else what PayPal moved. */
export const bookedAmount = (entry: LedgerEntry): string => entry.amount ?? entry.value

const exactSum = (values: BigNumberInput[]) => MathBN.add(0, ...values)

function atLeast(a: BigNumberInput, b: BigNumberInput, currency: string): boolean {
  const noise = MathBN.convert(NOISE_IN_MINOR_UNITS).shiftedBy(-currencyDecimals(currency))
  return MathBN.gte(MathBN.add(a, noise), b)
}

/** True when `amount` has digits below the currency's minor unit (64.4488 USD, 10.4 JPY). */
export function hasSubUnitDigits(amount: BigNumberInput, currency: string): boolean {
  const decimals = currencyDecimals(currency)
  const value = MathBN.convert(amount)
  return value
    .minus(value.decimalPlaces(decimals))
    .abs()
    .shiftedBy(decimals)
    .gt(NOISE_IN_MINOR_UNITS)
}

/** An amount for a message: as PayPal writes it when it can, else every digit. */
export function showAmount(amount: BigNumberInput, currency: string): string {
  const value = MathBN.convert(amount)
  return hasSubUnitDigits(value, currency) ? value.toFixed() : toPayPalValue(value, currency)
}

/**
 * What PayPal must hold once the books reach `bookedAfter` of a whole whose books say
 * `bookedWhole` and PayPal `gatewayWhole`: the whole once the books reach it, otherwise the
 * running total rounded down, so PayPal never moves more than the books say and the operation
 * that completes the whole still has the residue to move. Each operation moves the difference of
 * two such targets, so the parts always add up to what PayPal holds (41.562425 USD refunded as
 * 20.785 then the rest moves 20.78 then 20.78), and "the rest" is always exactly what is left.
 */
export function cumulativeTarget(
  bookedAfter: BigNumberInput,
  bookedWhole: BigNumberInput,
  gatewayWhole: string,
  currency: string
): string {
  if (atLeast(bookedAfter, bookedWhole, currency)) {
    return gatewayWhole
  }
  const rounded = MathBN.convert(bookedAfter).decimalPlaces(currencyDecimals(currency), 1)
  return toPayPalValue(MathBN.min(rounded, gatewayWhole), currency)
}

/**
 * Refuses an amount PayPal cannot move as asked: one with digits below the currency's minor unit
 * (a 10.4 JPY refund) when the payment itself has none, so the books never record money that
 * did not move. Sub-unit amounts of a payment whose total had them (unrounded tax) are fine:
 * their residue is allocated by `cumulativeTarget`.
 */
export function requireMovable(
  operation: "capture" | "refund",
  amount: BigNumberInput,
  whole: BigNumberInput,
  currency: string
): void {
  if (MathBN.lte(amount, 0)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `A PayPal ${operation} must be for more than 0 ${currency}`
    )
  }
  if (hasSubUnitDigits(amount, currency) && !hasSubUnitDigits(whole, currency)) {
    const decimals = currencyDecimals(currency)
    const value = MathBN.convert(amount)
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `PayPal moves ${currency} in steps of ${MathBN.convert(1).shiftedBy(-decimals).toFixed()}: ` +
        `a ${operation} of ${value.toFixed()} ${currency} cannot be made as asked; use ` +
        `${value.decimalPlaces(decimals, 1).toFixed(decimals)} or ` +
        `${value.decimalPlaces(decimals, 0).toFixed(decimals)}`
    )
  }
}

/** The order's authorized (or charged) amount as the books hold it. */
export const authorizedAmount = (session: PayPalSessionData): string =>
  session.medusa_amount ?? session.value

export type Totals = { booked: ReturnType<typeof MathBN.convert>; gateway: string }

function totals(entries: LedgerEntry[] | undefined, currency: string): Totals {
  return {
    booked: exactSum((entries ?? []).map(bookedAmount)),
    gateway: sumValues(
      (entries ?? []).map((e) => e.value),
      currency
    ),
  }
}

/** Captured so far, as booked and as PayPal moved it. */
export const capturedTotals = (session: PayPalSessionData): Totals =>
  totals(session.captures, session.currency_code)

/** Refunded so far, as booked and as PayPal moved it. */
export const refundedTotals = (session: PayPalSessionData): Totals =>
  totals(session.refunds, session.currency_code)

/** Captured and not yet refunded at PayPal, per capture. */
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
 * Splits a PayPal refund `value` over the captures that still hold money, oldest first. A refund
 * above what was captured and not yet refunded is refused here, before PayPal is asked.
 */
export function planRefund(
  session: PayPalSessionData,
  value: string
): { captureId: string; value: string }[] {
  const currency = session.currency_code
  const captures = refundableByCapture(session)
  const refundable = toPayPalValue(MathBN.add(0, ...captures.map((c) => c.left)), currency)
  if (MathBN.lte(value, 0) || MathBN.gt(value, refundable)) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Cannot refund ${value} ${currency}: only ${refundable} ${currency} was captured and ` +
        `not yet refunded on PayPal order ${session.id}`
    )
  }
  const plan: { captureId: string; value: string }[] = []
  let rest = MathBN.convert(value)
  for (const capture of captures) {
    if (rest.lte(0)) break
    if (MathBN.lte(capture.left, 0)) continue
    const part = MathBN.min(capture.left, rest)
    plan.push({ captureId: capture.id, value: toPayPalValue(part, currency) })
    rest = rest.minus(part)
  }
  return plan
}

/** Statuses of a capture or refund whose money PayPal moved (or is moving). */
const MOVED = new Set(["COMPLETED", "PENDING", "PARTIALLY_REFUNDED", "REFUNDED"])

export type GatewayMovement = {
  id: string
  status: string
  value: string
  capture_id?: string
  /** A refund's PayPal-Request-Id, when Zoco made it (see `zocoKey`). */
  key?: string
  /** A capture's index among Zoco's captures of the order, when Zoco made it. */
  capture_index?: number
}

/**
 * How long a movement recorded after its answer was lost counts as still being retried: a day,
 * the horizon within which the same request repeated is the merchant retrying it.
 */
export const RETRY_HORIZON_MS = 24 * 3600 * 1000

/**
 * The entries a request repeats: the last entries of the ledger were recorded from PayPal's
 * order after their answer was lost (by the merchant's retry, a webhook or payment
 * reconciliation), Zoco made them, and they are exactly what the request would make with them
 * left out (`keysWithout` gives the request ids it would post). Posting again would move the
 * money twice, and Medusa books whatever the provider answers: the only safe answer is a refusal.
 */
export function repeatedAdopted(
  ledger: LedgerEntry[] | undefined,
  keysWithout: (kept: LedgerEntry[]) => string[],
  now = Date.now()
): LedgerEntry[] | undefined {
  const entries = ledger ?? []
  for (let k = 1; k <= entries.length; k++) {
    const tail = entries.slice(-k)
    const recent = (e: LedgerEntry) =>
      e.key !== undefined &&
      e.adopted_at !== undefined &&
      now - Date.parse(e.adopted_at) <= RETRY_HORIZON_MS
    if (!tail.every(recent)) return undefined
    let keys: string[]
    try {
      keys = keysWithout(entries.slice(0, -k))
    } catch {
      continue
    }
    if (keys.length === k && keys.every((key, i) => key === tail[i].key)) return tail
  }
  return undefined
}

/** Captures and refunds PayPal lists on the order, whatever the books say. */
export function gatewayMovements(order: PayPalOrder): {
  captures: GatewayMovement[]
  refunds: GatewayMovement[]
} {
  const payments = order.purchase_units[0]?.payments
  const captures = (payments?.captures ?? [])
    .filter((c) => MOVED.has(c.status) && c.amount)
    .map((c) => ({ id: c.id, status: c.status, value: c.amount!.value, ...zocoKey(c) }))
  const refunds = (payments?.refunds ?? [])
    .filter((r) => MOVED.has(r.status) && r.amount)
    .map((r) => ({
      id: r.id,
      status: r.status,
      value: r.amount!.value,
      // PayPal links a refund to its capture ("up"); the id is the last path segment.
      capture_id: r.links
        ?.find((l) => l.rel === "up")
        ?.href.split("/")
        .filter(Boolean)
        .at(-1),
      ...zocoKey(r),
    }))
  return { captures, refunds }
}

/** The request id Zoco posts a capture of an authorization with: stable across retries. */
export const captureRequestId = (authorizationId: string, index: number, value: string) =>
  `${authorizationId}-capture-${index}-${value}`

/** The request id Zoco posts a refund of a capture with: stable across retries. */
export const refundRequestId = (captureId: string, index: number, value: string) =>
  `${captureId}-refund-${index}-${value}`

const ZOCO_REFUND_ID = /^.+-refund-\d+-[\d.]+$/

/**
 * What PayPal keeps of Zoco's request: a refund carries its request id as `custom_id`; a capture,
 * whose request has no custom_id, carries its index in its `invoice_id` (webhook.ts), from which
 * the provider rebuilds the request id.
 */
function zocoKey(m: { custom_id?: string; invoice_id?: string }): {
  key?: string
  capture_index?: number
} {
  if (m.custom_id && ZOCO_REFUND_ID.test(m.custom_id)) return { key: m.custom_id }
  const index = m.invoice_id?.match(/-zoco-capture-(\d+)$/)?.[1]
  return index === undefined ? {} : { capture_index: Number(index) }
}

/** Movements PayPal made that the ledger does not know: lost answers, or acts outside Zoco. */
export function unbooked(
  movements: GatewayMovement[],
  ledger: LedgerEntry[] | undefined
): GatewayMovement[] {
  const known = new Set((ledger ?? []).map((e) => e.id))
  return movements.filter((m) => !known.has(m.id))
}

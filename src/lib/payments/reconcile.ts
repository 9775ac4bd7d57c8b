import { defaultCurrencies, MathBN } from "@medusajs/framework/utils"

/** One capture or refund the gateway made, in major units. */
export type GatewayMovement = { id: string; amount: string }

/**
 * The gateway's authorization of a payment: `open` while it can still be captured, `voided` once
 * released without a capture (in Zoco or in the gateway's dashboard), `closed` otherwise
 * (captured, expired, denied).
 */
export type GatewayAuthorization = { id: string; state: "open" | "voided" | "closed" }

/** What the gateway holds for one payment. */
export type GatewayState = {
  captures: GatewayMovement[]
  refunds: GatewayMovement[]
  /** Absent when the gateway holds no authorization (a payment captured at checkout). */
  authorization?: GatewayAuthorization
}

/** What Medusa's books hold for the same payment, and the movements its provider data knows. */
export type Books = {
  currency: string
  /** The payment's amount: no capture can book more. */
  amount: string
  captured: string
  refunded: string
  /** Gateway ids of the captures and refunds the provider recorded. */
  known: string[]
  /** The payment was canceled in the books (its authorization released). */
  canceled?: boolean
  /**
   * Decimals of the smallest step the gateway moves the currency in, when coarser than the
   * currency's own (Stripe moves KWD in 0.01s): totals are compared at that precision.
   */
  decimals?: number
}

/**
 * A movement to book: a capture or refund the gateway made, or a void (the authorization released
 * at the gateway, booked as the payment's cancellation; the amount is what was released).
 */
export type Repair = { kind: "capture" | "refund" | "void"; movement: GatewayMovement }

export type Divergence = {
  /** The books' and the gateway's totals, at the currency's precision. */
  books: { captured: string; refunded: string; canceled: boolean }
  gateway: {
    captured: string
    refunded: string
    /** The state of the gateway's authorization, when it holds one. */
    authorization?: GatewayAuthorization["state"]
  }
  /** Movements the gateway made that the books can record without moving money. */
  repairs: Repair[]
  /** What cannot be repaired from here, for a person to look at; empty when the books agree. */
  problems: string[]
}

const decimalsOf = (currency: string) =>
  defaultCurrencies[currency.toUpperCase()]?.decimal_digits ?? 2

/**
 * Compares a payment's books with its gateway. The gateway is the source of truth: a capture or
 * refund it made that the books lack (a lost answer, an act in the gateway's dashboard) is a
 * repair, booked as it happened, and so is an authorization voided at the gateway while the books
 * still hold it; books holding more than the gateway moved, or a payment canceled in the books
 * whose authorization the gateway still holds, can only be flagged.
 */
export function comparePayment(books: Books, gateway: GatewayState): Divergence {
  const decimals = books.decimals ?? decimalsOf(books.currency)
  const code = books.currency.toUpperCase()
  const round = (v: string) => MathBN.convert(v).decimalPlaces(decimals, 4)
  const sum = (ms: GatewayMovement[]) => MathBN.add(0, ...ms.map((m) => m.amount))
  const known = new Set(books.known)
  const unbooked = (kind: Repair["kind"], ms: GatewayMovement[]) =>
    ms
      .filter((m) => !known.has(m.id))
      .map((m) => ({ kind, movement: { id: m.id, amount: round(m.amount).toFixed(decimals) } }))

  const gatewayCaptured = round(sum(gateway.captures).toFixed())
  const gatewayRefunded = round(sum(gateway.refunds).toFixed())
  const booksCaptured = round(books.captured)
  const booksRefunded = round(books.refunded)
  const repairs = [...unbooked("capture", gateway.captures), ...unbooked("refund", gateway.refunds)]
  // What the books would hold once every repair is booked.
  const capturedAfter = booksCaptured.plus(
    sum(repairs.filter((r) => r.kind === "capture").map((r) => r.movement))
  )
  const refundedAfter = booksRefunded.plus(
    sum(repairs.filter((r) => r.kind === "refund").map((r) => r.movement))
  )
  const problems: string[] = []
  const show = (v: ReturnType<typeof MathBN.convert>) => `${v.toFixed(decimals)} ${code}`
  if (!round(capturedAfter.toFixed()).eq(gatewayCaptured)) {
    problems.push(
      `the books hold ${show(booksCaptured)} captured, the gateway ${show(gatewayCaptured)}`
    )
  }
  if (!round(refundedAfter.toFixed()).eq(gatewayRefunded)) {
    problems.push(
      `the books hold ${show(booksRefunded)} refunded, the gateway ${show(gatewayRefunded)}`
    )
  }
  if (capturedAfter.gt(round(books.amount))) {
    problems.push(`the gateway captured more than the payment's ${show(round(books.amount))}`)
  }
  const authorization = gateway.authorization
  const canceled = books.canceled ?? false
  const nothingCaptured = booksCaptured.isZero() && gatewayCaptured.isZero()
  if (authorization?.state === "voided" && !canceled && nothingCaptured) {
    // Released at the gateway (its dashboard, an expiry Zoco missed): a capture would fail there.
    repairs.push({
      kind: "void",
      movement: { id: authorization.id, amount: round(books.amount).toFixed(decimals) },
    })
  }
  if (authorization?.state === "open" && canceled) {
    problems.push(
      `the books hold the payment canceled, the gateway still holds its authorization ` +
        `(${authorization.id}) of ${show(round(books.amount))}: void it at the gateway`
    )
  }
  return {
    books: {
      captured: booksCaptured.toFixed(decimals),
      refunded: booksRefunded.toFixed(decimals),
      canceled,
    },
    gateway: {
      captured: gatewayCaptured.toFixed(decimals),
      refunded: gatewayRefunded.toFixed(decimals),
      ...(authorization ? { authorization: authorization.state } : {}),
    },
    repairs: problems.length === 0 ? repairs : [],
    problems,
  }
}

/**
 * Medusa v2 stores amounts in major units (29.99 EUR is `29.99`), so the only
 * thing to check is that an amount has no more decimals than its currency
 * allows: 0 for JPY, 2 for EUR, 3 for KWD.
 */
export function currencyDecimals(currencyCode: string): number {
  return (
    new Intl.NumberFormat("en", {
      style: "currency",
      currency: currencyCode.toUpperCase(),
    }).resolvedOptions().maximumFractionDigits ?? 2
  )
}

export function hasCurrencyPrecision(amount: number, currencyCode: string): boolean {
  const scaled = amount * 10 ** currencyDecimals(currencyCode)
  // Binary floats make 29.99 * 100 = 2998.9999999999995; allow that error.
  return Math.abs(scaled - Math.round(scaled)) < 1e-6
}

/** Problem with an amount, or undefined when it is valid for the currency. */
export function describeAmountProblem(amount: number, currencyCode: string): string | undefined {
  if (!(amount > 0)) {
    return `amount must be greater than 0, got ${amount}`
  }
  if (!hasCurrencyPrecision(amount, currencyCode)) {
    const decimals = currencyDecimals(currencyCode)
    return `${amount} has more than ${decimals} decimal place(s) allowed for ${currencyCode.toUpperCase()}`
  }
  return undefined
}

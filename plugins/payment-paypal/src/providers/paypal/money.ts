import { MathBN, MedusaError } from "@medusajs/framework/utils"
import type { BigNumberInput } from "@medusajs/framework/types"

// Currencies PayPal's REST API accepts, with the number of decimals PayPal allows for each
// (https://developer.paypal.com/reference/currency-codes/). HUF, JPY and TWD take whole units only.
const PAYPAL_DECIMALS: Record<string, number> = {
  AUD: 2,
  BRL: 2,
  CAD: 2,
  CHF: 2,
  CNY: 2,
  CZK: 2,
  DKK: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  HUF: 0,
  ILS: 2,
  JPY: 0,
  MXN: 2,
  MYR: 2,
  NOK: 2,
  NZD: 2,
  PHP: 2,
  PLN: 2,
  SEK: 2,
  SGD: 2,
  THB: 2,
  TWD: 0,
  USD: 2,
}

/** Decimals PayPal accepts for a currency; an unsupported currency is refused up front. */
export function currencyDecimals(currencyCode: string): number {
  const decimals = PAYPAL_DECIMALS[currencyCode.toUpperCase()]
  if (decimals === undefined) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `PayPal does not support the currency "${currencyCode}"`
    )
  }
  return decimals
}

// Binary floats and Medusa's 20-digit decimal arithmetic leave traces such as 0.30000000000000004
// or 54.92999999999999999999 where 0.30 or 54.93 is meant. A difference this far below one minor
// unit (a cent) can only be such noise; a real amount is never that close to a whole cent.
const NOISE_IN_MINOR_UNITS = 1e-9

/**
 * A Medusa amount (major units) as PayPal's `value` string, e.g. 10.5 EUR → "10.50", 1200 JPY →
 * "1200". Arithmetic noise is rounded away; an amount with real digits below what the currency
 * allows (e.g. 64.4488 USD) is refused rather than rounded: rounding it would charge the buyer
 * something other than the total Medusa holds.
 */
export function toPayPalValue(amount: BigNumberInput, currencyCode: string): string {
  const decimals = currencyDecimals(currencyCode)
  const value = MathBN.convert(amount)
  if (!value.isFinite() || value.isNegative()) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid amount ${value.toString()} ${currencyCode.toUpperCase()} for PayPal`
    )
  }
  const rounded = value.decimalPlaces(decimals)
  if (value.minus(rounded).abs().shiftedBy(decimals).gt(NOISE_IN_MINOR_UNITS)) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Amount ${value.toFixed()} ${currencyCode.toUpperCase()} has more than the ${decimals} ` +
        `decimal place(s) PayPal allows for this currency`
    )
  }
  return rounded.toFixed(decimals)
}

/**
 * How an amount Medusa hands the provider is turned into what PayPal charges when it has digits
 * below the currency's minor unit (Medusa 2.x does not round tax: 61.97 USD plus 4% is 64.4488).
 * - `"half-up"`: round to the minor unit, half away from zero (64.4488 → "64.45"), as Medusa's
 *   Stripe provider does; the session data keeps the exact amount in `medusa_amount`.
 * - `"reject"`: refuse the amount with an `invalid_data` error before PayPal is called.
 */
export type AmountRounding = "half-up" | "reject"

/** A Medusa amount as the PayPal `value` to charge, capture or refund, by the rounding rule. */
export function toChargeValue(
  amount: BigNumberInput,
  currencyCode: string,
  rounding: AmountRounding
): string {
  if (rounding === "reject") {
    return toPayPalValue(amount, currencyCode)
  }
  const decimals = currencyDecimals(currencyCode)
  // 4 is bignumber.js's ROUND_HALF_UP; amounts are never negative here (checked below).
  return toPayPalValue(MathBN.convert(amount).decimalPlaces(decimals, 4), currencyCode)
}

/** PayPal's `value` string back to a Medusa amount in major units. */
export function fromPayPalValue(value: string, currencyCode: string): number {
  currencyDecimals(currencyCode)
  return MathBN.convert(value).toNumber()
}

/** Sum of PayPal `value` strings in one currency, as a PayPal `value` string. */
export function sumValues(values: string[], currencyCode: string): string {
  return toPayPalValue(MathBN.add(0, ...values), currencyCode)
}

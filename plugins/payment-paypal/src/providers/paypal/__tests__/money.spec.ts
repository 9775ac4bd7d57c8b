import { BigNumber, MedusaError } from "@medusajs/framework/utils"
import {
  currencyDecimals,
  fromPayPalValue,
  sumValues,
  toChargeValue,
  toPayPalValue,
} from "../money"

describe("PayPal money helper", () => {
  it.each([
    [10, "usd", "10.00"],
    [10.5, "eur", "10.50"],
    ["19.99", "EUR", "19.99"],
    [1200, "jpy", "1200"],
    [4500, "huf", "4500"],
    [300, "twd", "300"],
    [0, "usd", "0.00"],
  ])("%p %s → %s", (amount, currency, expected) => {
    expect(toPayPalValue(amount, currency)).toBe(expected)
  })

  it("reads Medusa BigNumber amounts exactly", () => {
    expect(toPayPalValue(new BigNumber("1234.56"), "eur")).toBe("1234.56")
    expect(toPayPalValue({ value: "7.1", precision: 20 }, "usd")).toBe("7.10")
  })

  it.each([
    [10.5, "jpy"],
    ["1.001", "eur"],
    [9.999, "usd"],
    [0.5, "huf"],
    [12.25, "twd"],
  ])("refuses %p %s instead of rounding it", (amount, currency) => {
    expect(() => toPayPalValue(amount, currency)).toThrow(/decimal place\(s\) PayPal allows/)
  })

  // Regression: a total computed with floats or Medusa's 20-digit decimals (0.1 + 0.2 is
  // 0.30000000000000004) was refused as if it had sub-cent digits, failing the checkout.
  it.each([
    [0.1 + 0.2, "eur", "0.30"],
    [29.99 * 3, "usd", "89.97"],
    [new BigNumber("54.92999999999999999999"), "eur", "54.93"],
    [{ value: "19.99000000000000000001", precision: 20 }, "eur", "19.99"],
    [1200.0000000000002, "jpy", "1200"],
    [10 + 1e-12, "eur", "10.00"],
  ])("rounds arithmetic noise away: %p %s → %s", (amount, currency, expected) => {
    expect(toPayPalValue(amount, currency)).toBe(expected)
  })

  it.each([
    // A seeded US cart: 61.97 plus 4% New York sales tax, which Medusa does not round to cents.
    [64.4488, "usd"],
    ["66.0755125", "usd"],
    ["0.30001", "eur"],
    [10 + 1e-8, "eur"],
    [1200.001, "jpy"],
  ])("still refuses real sub-cent digits: %p %s", (amount, currency) => {
    expect(() => toPayPalValue(amount, currency)).toThrow(MedusaError)
  })

  it.each([
    [64.4488, "usd", "64.45"],
    ["66.0755125", "usd", "66.08"],
    ["10.005", "eur", "10.01"],
    ["10.00499", "eur", "10.00"],
    [1200.5, "jpy", "1201"],
    [1200.49, "huf", "1200"],
    [10.5, "eur", "10.50"],
  ])("charges %p %s as %s when rounding half-up", (amount, currency, expected) => {
    expect(toChargeValue(amount, currency, "half-up")).toBe(expected)
  })

  it("charges exactly or refuses when rounding is off", () => {
    expect(toChargeValue("19.99", "usd", "reject")).toBe("19.99")
    expect(() => toChargeValue(64.4488, "usd", "reject")).toThrow(
      /decimal place\(s\) PayPal allows/
    )
    expect(() => toChargeValue(-0.004, "usd", "half-up")).toThrow(/Invalid amount/)
    expect(() => toChargeValue(Number.NaN, "usd", "half-up")).toThrow(/Invalid amount/)
  })

  it("refuses negative amounts and currencies PayPal does not take", () => {
    expect(() => toPayPalValue(-1, "eur")).toThrow(/Invalid amount/)
    expect(() => toPayPalValue(10, "kwd")).toThrow(/does not support the currency "kwd"/)
    expect(() => currencyDecimals("xxx")).toThrow(MedusaError)
  })

  it("converts PayPal values back to major units", () => {
    expect(fromPayPalValue("10.50", "EUR")).toBe(10.5)
    expect(fromPayPalValue("1200", "JPY")).toBe(1200)
    expect(fromPayPalValue(toPayPalValue(123.45, "usd"), "usd")).toBe(123.45)
  })

  it("sums values without float drift", () => {
    expect(sumValues(["0.10", "0.20"], "EUR")).toBe("0.30")
    expect(sumValues([], "JPY")).toBe("0")
  })
})

import type { ProductsFile } from "../catalogue-schema"
import { loadSeedData } from "../load-seed-data"
import { currencyDecimals, describeAmountProblem, hasCurrencyPrecision } from "../money"
import { copyDataWith, expectSeedDataError, removeDir } from "./seed-fixture"

describe("seed money", () => {
  it("knows each currency's minor units", () => {
    expect(currencyDecimals("eur")).toBe(2)
    expect(currencyDecimals("usd")).toBe(2)
    expect(currencyDecimals("jpy")).toBe(0)
    expect(currencyDecimals("kwd")).toBe(3)
  })

  it("accepts major-unit amounts despite binary float error", () => {
    // 29.99 * 100 is 2998.9999999999995 in floating point.
    expect(hasCurrencyPrecision(29.99, "eur")).toBe(true)
    expect(hasCurrencyPrecision(0.1 + 0.2, "usd")).toBe(true)
    expect(hasCurrencyPrecision(1500, "jpy")).toBe(true)
    expect(hasCurrencyPrecision(1.234, "kwd")).toBe(true)
  })

  it("rejects more decimals than the currency has", () => {
    expect(hasCurrencyPrecision(29.999, "eur")).toBe(false)
    expect(hasCurrencyPrecision(1500.5, "jpy")).toBe(false)
    expect(describeAmountProblem(29.999, "eur")).toBe(
      "29.999 has more than 2 decimal place(s) allowed for EUR"
    )
    expect(describeAmountProblem(0, "eur")).toMatch(/greater than 0/)
    expect(describeAmountProblem(12.5, "eur")).toBeUndefined()
  })

  it.each([
    [
      "too many decimals for the currency",
      24.999,
      /more than 2 decimal place\(s\) allowed for EUR/,
    ],
    ["a negative amount", -5, /too small|>0/i],
  ])("rejects a product price with %s, by path", (_case, amount, message) => {
    const dir = copyDataWith<ProductsFile>("products.json", (json) => {
      json.products[0].variants[1].prices[0].amount = amount
    })
    try {
      const error = expectSeedDataError(() => loadSeedData(dir))
      expect(error.issues).toEqual([
        expect.objectContaining({
          file: "products.json",
          path: "products[0].variants[1].prices[0].amount",
          message: expect.stringMatching(message),
        }),
      ])
    } finally {
      removeDir(dir)
    }
  })
})

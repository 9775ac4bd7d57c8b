import { createPaymentSessionBody } from "../middlewares"

const parse = (body: unknown) => {
  const result = createPaymentSessionBody.safeParse(body)
  return result.success ? "ok" : result.error.issues.map((i) => `${i.path.join(".")}: ${i.code}`)
}

describe("payment session body from the storefront", () => {
  it("accepts what the storefront needs for each provider", () => {
    expect(parse({ provider_id: "pp_system_default" })).toBe("ok")
    expect(
      parse({
        provider_id: "pp_paypal_paypal",
        data: { return_url: "https://shop.test/return", cancel_url: "http://localhost:8000/cart" },
      })
    ).toBe("ok")
    expect(parse({ provider_id: "pp_stripe_stripe", data: {} })).toBe("ok")
    // A provider Zoco does not ship validates its own data.
    expect(parse({ provider_id: "pp_giftcard_x", data: { code: "ABC" } })).toBe("ok")
  })

  it("refuses keys that would pose as provider state or steer the gateway", () => {
    expect(parse({ provider_id: "pp_paypal_paypal", data: { medusa_amount: "0.01" } })).toEqual([
      "data: unrecognized_keys",
    ])
    expect(
      parse({ provider_id: "pp_stripe_stripe", data: { capture_method: "automatic" } })
    ).toEqual(["data: unrecognized_keys"])
    expect(parse({ provider_id: "pp_system_default", data: { anything: 1 } })).toEqual([
      "data: unrecognized_keys",
    ])
    expect(parse({ provider_id: "pp_system_default", amount: 1 })).toEqual([": unrecognized_keys"])
  })

  it("refuses return URLs that are not http(s), not URLs, or too long", () => {
    for (const url of [
      "javascript:alert(1)",
      "/relative",
      `https://shop.test/${"a".repeat(100_000)}`,
    ]) {
      expect(parse({ provider_id: "pp_paypal_paypal", data: { return_url: url } })).not.toBe("ok")
    }
    expect(parse({ provider_id: "pp_paypal_paypal", data: { cancel_url: 42 } })).toEqual([
      "data.cancel_url: invalid_type",
    ])
  })
})

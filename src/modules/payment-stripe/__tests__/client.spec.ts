import { stripeConfig } from "../client"

describe("the Stripe SDK's connection settings", () => {
  it("keeps Stripe's own host and bounds each request by 15 s when nothing is configured", () => {
    expect(stripeConfig({})).toEqual({ timeout: 15_000 })
  })

  it("reads host, port and protocol from STRIPE_API_BASE, with the scheme's default port", () => {
    expect(stripeConfig({ apiBase: "http://127.0.0.1:12111", timeoutMs: 2_000 })).toEqual({
      protocol: "http",
      host: "127.0.0.1",
      port: 12111,
      timeout: 2_000,
    })
    expect(stripeConfig({ apiBase: "https://stripe-proxy.internal" })).toEqual({
      protocol: "https",
      host: "stripe-proxy.internal",
      port: 443,
      timeout: 15_000,
    })
  })
})

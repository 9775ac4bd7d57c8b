import { mergeVary } from "../store-cache"

describe("the Vary header of cached catalog answers", () => {
  const fields = ["origin", "x-publishable-api-key", "authorization"]

  it("keeps what the response already varies by and adds each field once", () => {
    // Medusa's CORS middleware says `Vary: Origin` for a dynamic Access-Control-Allow-Origin.
    expect(mergeVary("Origin", fields)).toBe("Origin, x-publishable-api-key, authorization")
    expect(mergeVary(["Accept-Encoding", "Origin"], fields)).toBe(
      "Accept-Encoding, Origin, x-publishable-api-key, authorization"
    )
    expect(mergeVary(undefined, fields)).toBe("origin, x-publishable-api-key, authorization")
  })

  it("leaves a response that varies by everything as it is", () => {
    expect(mergeVary("*", fields)).toBe("*")
  })
})

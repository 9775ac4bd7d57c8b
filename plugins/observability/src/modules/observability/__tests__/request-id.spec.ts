import { requestIdFrom } from "../request-id"

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe("requestIdFrom", () => {
  it("keeps a caller's plain id, so one id follows the request through every hop", () => {
    expect(requestIdFrom("req-42.abc")).toBe("req-42.abc")
    expect(requestIdFrom(["a1b2", "c3"])).toBe("a1b2")
  })

  it("replaces ids that could forge or flood log lines with a new UUID", () => {
    for (const bad of ["line\ninjected", "x".repeat(129), "", "<script>", "a b"]) {
      expect(requestIdFrom(bad)).toMatch(UUID)
    }
    expect(requestIdFrom(undefined)).toMatch(UUID)
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined))
  })
})

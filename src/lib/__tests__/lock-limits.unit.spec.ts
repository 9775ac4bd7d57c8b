import { boundedExpire } from "../lock-limits"

describe("a lock's lifetime under LOCK_MAX_TTL_SECONDS", () => {
  it("is what the caller asked for when no bound is set, none included", () => {
    expect(boundedExpire(120, undefined)).toBe(120)
    expect(boundedExpire(undefined, {})).toBeUndefined()
  })

  it("is cut to the bound when the caller asked for longer, as cart completion does", () => {
    expect(boundedExpire(120, { maxTtlSeconds: 15 })).toBe(15)
    expect(boundedExpire(10, { maxTtlSeconds: 15 })).toBe(10)
  })

  it("lapses at the bound when the caller asked for a lock that never expires", () => {
    expect(boundedExpire(undefined, { maxTtlSeconds: 15 })).toBe(15)
    expect(boundedExpire(0, { maxTtlSeconds: 15 })).toBe(15)
  })
})

import { LoginHold } from "../auth/protection"

describe("LoginHold", () => {
  it("holds a fast answer to the floor", () => {
    const hold = new LoginHold(400)
    expect(hold.holdFor(5)).toBe(400)
  })

  it("holds an unknown email's instant answer as long as a slow hash just took", () => {
    const hold = new LoginHold(400)
    // A known email on a busy server: hashing alone took 900 ms.
    expect(hold.holdFor(900)).toBe(900)
    // The unknown email right after answers at once in Medusa; it is held to the same time.
    expect(hold.holdFor(3)).toBe(900)
  })

  it("forgets a slow login once the window has moved past it", () => {
    const hold = new LoginHold(400, 3)
    hold.holdFor(2_000)
    hold.holdFor(10)
    hold.holdFor(10)
    expect(hold.holdFor(10)).toBe(400)
  })

  it("never holds longer than its cap, however long one login stalled", () => {
    const hold = new LoginHold(400, 16, 5_000)
    expect(hold.holdFor(60_000)).toBe(5_000)
    expect(hold.holdFor(1)).toBe(5_000)
  })

  it("holds nothing when the floor is 0", () => {
    const hold = new LoginHold(0)
    expect(hold.holdFor(900)).toBe(0)
    expect(hold.holdFor(1)).toBe(0)
  })
})

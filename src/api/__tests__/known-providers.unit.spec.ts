import { signInRoute } from "../auth/known-providers"

describe("signInRoute", () => {
  it("reads the actor type and provider of Medusa's sign-in routes", () => {
    expect(signInRoute("/auth/customer/emailpass")).toEqual({
      actor: "customer",
      provider: "emailpass",
    })
    for (const rest of ["register", "callback", "reset-password", "update"]) {
      expect(signInRoute(`/auth/seller/github/${rest}?code=1`)).toEqual({
        actor: "seller",
        provider: "github",
      })
    }
    expect(signInRoute("/auth/seller/F%23%5Dt/register")).toEqual({
      actor: "seller",
      provider: "F#]t",
    })
    // The providers an actor type may use: the actor type alone.
    expect(signInRoute("/auth/toString/providers")).toEqual({ actor: "toString" })
  })

  it("leaves Medusa's other /auth routes alone", () => {
    for (const path of [
      "/auth/session",
      "/auth/token/refresh",
      "/auth/mfa/factors",
      "/auth/mfa/factors/fac_1/verify",
      "/auth/mfa/recovery-codes",
      "/auth/mfa/challenges/ch_1/verify",
      "/auth/verification/request",
      "/auth/verification/confirm",
      "/auth/github/user",
      "/auth/customer/emailpass/something-else",
      "/store/customers/me",
      // Not decodable: Medusa's router answers it.
      "/auth/%E0%A4%A/emailpass",
    ]) {
      expect({ path, route: signInRoute(path) }).toEqual({ path, route: undefined })
    }
  })
})

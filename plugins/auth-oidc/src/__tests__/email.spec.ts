import type { AuthIdentityDTO } from "@medusajs/framework/types"
import { likeLiteral, verifiedEmail } from "../lib/email"
import { findMethod, normalizeOptions, type SignInMethod } from "../options"
import { githubSignIn, googleSignIn, oidcSignIn } from "../providers"

const identity = (provider: string, user_metadata: Record<string, unknown>) =>
  ({
    id: "authid_1",
    provider_identities: [{ id: "pi_1", entity_id: "sub-1", provider, user_metadata }],
  }) as unknown as AuthIdentityDTO

const common = {
  actor: "customer" as const,
  clientId: "c",
  callbackUrls: ["https://shop.example/cb"],
}
const oidc = oidcSignIn({
  ...common,
  id: "oidc",
  name: "ID",
  issuer: "https://id.example",
  linkVerifiedEmail: true,
}).method
const google = googleSignIn({ ...common, clientSecret: "s", linkVerifiedEmail: true }).method
const github = githubSignIn({ ...common, clientSecret: "s" }).method

describe("the email a sign-in vouches for", () => {
  it("is an OpenID Connect email only when its email_verified claim is true", () => {
    expect(
      verifiedEmail(identity("oidc", { email: "Ann@Example.com", email_verified: true }), oidc)
    ).toBe("ann@example.com")
    for (const claim of [false, "true", undefined, 1]) {
      expect(
        verifiedEmail(identity("oidc", { email: "ann@example.com", email_verified: claim }), oidc)
      ).toBeUndefined()
    }
  })

  it("is any OpenID Connect email of a provider the shop declared a directory of verified emails", () => {
    const directory = oidcSignIn({
      ...common,
      id: "oidc",
      name: "Entra",
      issuer: "https://login.example",
      linkVerifiedEmail: true,
      emailsVerified: true,
    })
    expect(directory.provider.options).toMatchObject({ require_verified_email: false })
    expect(verifiedEmail(identity("oidc", { email: "Ann@Example.com" }), directory.method)).toBe(
      "ann@example.com"
    )
    expect(
      oidcSignIn({
        ...common,
        id: "oidc",
        name: "ID",
        issuer: "https://id.example",
        linkVerifiedEmail: true,
      }).provider.options
    ).toMatchObject({ require_verified_email: true })
  })

  it("is a Google email always (Medusa's provider refuses unverified ones), and a GitHub one never", () => {
    expect(verifiedEmail(identity("google", { email: "ann@example.com" }), google)).toBe(
      "ann@example.com"
    )
    expect(
      verifiedEmail(identity("github", { email: "ann@example.com", email_verified: true }), github)
    ).toBeUndefined()
  })

  it("is read from this method's own provider identity, not another one of the same person", () => {
    expect(
      verifiedEmail(identity("google", { email: "ann@example.com", email_verified: true }), oidc)
    ).toBeUndefined()
  })

  it("is no email at all when the claim is missing or not an address", () => {
    expect(verifiedEmail(identity("oidc", { email_verified: true }), oidc)).toBeUndefined()
    expect(
      verifiedEmail(identity("oidc", { email: "nobody", email_verified: true }), oidc)
    ).toBeUndefined()
  })
})

describe("likeLiteral", () => {
  it("escapes ILIKE's wildcards and its escape character", () => {
    expect(likeLiteral("a_b%c\\d@example.com")).toBe("a\\_b\\%c\\\\d@example.com")
  })
})

describe("the plugin's options", () => {
  const method = (over: Partial<SignInMethod>): SignInMethod => ({ ...oidc, ...over })

  it("finds a method by actor and provider id", () => {
    const options = normalizeOptions({ methods: [oidc, method({ id: "oidc", actor: "user" })] })
    expect(findMethod(options, "user", "oidc")?.actor).toBe("user")
    expect(findMethod(options, "customer", "emailpass")).toBeUndefined()
  })

  it("refuses a method listed twice for one actor, or one without a callback URL", () => {
    expect(() => normalizeOptions({ methods: [oidc, oidc] })).toThrow(
      "@zoco/auth-oidc: method customer/oidc is listed twice"
    )
    expect(() => normalizeOptions({ methods: [method({ callbackUrls: [] })] })).toThrow(
      "needs at least one callback URL"
    )
  })

  it("has no methods when registered without options", () => {
    expect(normalizeOptions(undefined)).toEqual({ methods: [] })
  })
})

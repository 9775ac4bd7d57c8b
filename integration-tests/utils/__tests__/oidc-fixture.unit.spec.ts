import { errors, generators, Issuer, type BaseClient } from "openid-client"
import {
  startOidcProvider,
  type OidcAccount,
  type OidcFixture,
  type TamperMode,
} from "../oidc-provider"

// The sign-in tests trust this fixture to behave as a real identity provider would: checked here
// with the client library Medusa's OIDC provider is built on (openid-client v5), so a refusal in
// those tests is the shop's own and not an artefact of the fixture.

const REDIRECT = "http://localhost:8000/account/oidc"
const PUBLIC_REDIRECT = "http://localhost:8100/oidc"

const alice: OidcAccount = {
  sub: "alice-1",
  email: "alice@example.com",
  email_verified: true,
  name: "Alice Liddell",
}

let idp: OidcFixture
let client: BaseClient
let publicClient: BaseClient

beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [
      { client_id: "shop", client_secret: "shop-secret", redirect_uris: [REDIRECT] },
      { client_id: "app", redirect_uris: [PUBLIC_REDIRECT] },
    ],
  })
  const issuer = await Issuer.discover(idp.issuer)
  client = new issuer.Client({
    client_id: "shop",
    client_secret: "shop-secret",
    redirect_uris: [REDIRECT],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_post",
  })
  publicClient = new issuer.Client({
    client_id: "app",
    redirect_uris: [PUBLIC_REDIRECT],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
  })
}, 20_000)

afterAll(async () => {
  await idp?.stop()
})

beforeEach(async () => {
  await idp.reset()
})

/** An authorization request as Medusa's OIDC provider makes one: PKCE (S256), state and nonce. */
function start(on = client, redirectUri = REDIRECT) {
  const checks = {
    code_verifier: generators.codeVerifier(),
    state: generators.state(),
    nonce: generators.nonce(),
  }
  const url = on.authorizationUrl({
    scope: "openid email profile",
    redirect_uri: redirectUri,
    code_challenge: generators.codeChallenge(checks.code_verifier),
    code_challenge_method: "S256",
    state: checks.state,
    nonce: checks.nonce,
  })
  return { url, checks }
}

/** A whole sign-in: the redirects a browser follows, then the client's code redemption. */
async function signIn(on = client, redirectUri = REDIRECT) {
  const { url, checks } = start(on, redirectUri)
  const back = await idp.follow(url, redirectUri)
  const params = on.callbackParams(back.toString())
  return { params, checks, redeem: () => on.callback(redirectUri, params, checks) }
}

const header = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString())

describe("the OpenID provider fixture", () => {
  it("publishes discovery for its issuer, one RS256 key and S256 PKCE", async () => {
    const issuer = await Issuer.discover(idp.issuer)
    expect(issuer.metadata.issuer).toBe(idp.issuer)
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(issuer.metadata.code_challenge_methods_supported).toEqual(["S256"])
    expect(issuer.metadata.id_token_signing_alg_values_supported).toContain("RS256")
    expect(issuer.metadata.scopes_supported).toEqual(
      expect.arrayContaining(["openid", "email", "profile"])
    )
    const jwks = await (await fetch(issuer.metadata.jwks_uri!)).json()
    expect(jwks.keys).toHaveLength(1)
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" })
    expect(jwks.keys[0].d).toBeUndefined()
  })

  it("signs the queued account in: an RS256 ID token with its claims and the nonce", async () => {
    await idp.signInAs(alice)
    const { params, checks, redeem } = await signIn()
    expect(params.state).toBe(checks.state)
    expect(params.code).toBeTruthy()
    const tokens = await redeem()
    expect(header(tokens.id_token!)).toMatchObject({ alg: "RS256" })
    expect(tokens.claims()).toMatchObject({
      iss: idp.issuer,
      aud: "shop",
      sub: alice.sub,
      email: alice.email,
      email_verified: true,
      name: alice.name,
      nonce: checks.nonce,
    })
  })

  it("keeps the account queued for the next sign-ins, until replaced", async () => {
    await idp.signInAs(alice)
    expect((await (await signIn()).redeem()).claims().sub).toBe(alice.sub)
    expect((await (await signIn()).redeem()).claims().sub).toBe(alice.sub)
    await idp.signInAs({ sub: "bob-2", email: "bob@example.com", email_verified: false })
    const claims = (await (await signIn()).redeem()).claims()
    expect(claims).toMatchObject({ sub: "bob-2", email: "bob@example.com", email_verified: false })
    expect(claims.name).toBeUndefined()
  })

  it("signs a public client in with PKCE alone", async () => {
    await idp.signInAs(alice)
    const tokens = await (await signIn(publicClient, PUBLIC_REDIRECT)).redeem()
    expect(tokens.claims()).toMatchObject({ sub: alice.sub, aud: "app" })
  })

  it("answers the sign-in page with a 400 when no account is queued", async () => {
    await expect(idp.follow(start().url, REDIRECT)).rejects.toThrow(/400[\s\S]*no sign-in queued/)
  })

  it("refuses an authorization request without PKCE", async () => {
    await idp.signInAs(alice)
    const url = client.authorizationUrl({
      scope: "openid email profile",
      state: "s",
      nonce: "n",
    })
    const back = await idp.follow(url, REDIRECT)
    expect(back.searchParams.get("error")).toBe("invalid_request")
    expect(back.searchParams.get("error_description")).toMatch(/requires PKCE/)
  })

  it("refuses a code redeemed twice and with the wrong verifier, and counts both", async () => {
    await idp.signInAs(alice)
    const before = await idp.stats()
    const { params, checks, redeem } = await signIn()
    await redeem()
    const again = await redeem().catch((e: unknown) => e)
    expect(again).toBeInstanceOf(errors.OPError)
    expect((again as errors.OPError).error).toBe("invalid_grant")

    const other = await signIn()
    const wrongVerifier = await client
      .callback(REDIRECT, other.params, { ...other.checks, code_verifier: checks.code_verifier })
      .catch((e: unknown) => e)
    expect((wrongVerifier as errors.OPError).error).toBe("invalid_grant")
    expect(params.code).not.toBe(other.params.code)

    expect(await idp.stats()).toEqual({
      tokenRequests: before.tokenRequests + 3,
      codesRedeemed: before.codesRedeemed + 1,
    })
  })

  // What openid-client says when it refuses each tampered ID token: the check meant to catch it,
  // and not some other fault of the forgery.
  const refusals: [Exclude<TamperMode, null>, RegExp][] = [
    ["aud", /aud mismatch/],
    ["iss", /unexpected iss value/],
    ["expired", /JWT expired/],
    ["alg-none", /unexpected JWT alg received/],
    ["nonce", /nonce mismatch/],
    ["signature", /failed to validate JWT signature/],
  ]

  it.each(refusals)("tampers with the ID token (%s) until told otherwise", async (mode, why) => {
    await idp.signInAs(alice)
    await idp.tamper(mode)
    const refused = await (
      await signIn()
    )
      .redeem()
      .then(() => undefined)
      .catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(errors.RPError)
    expect((refused as Error).message).toMatch(why)

    await idp.tamper(null)
    expect((await (await signIn()).redeem()).claims().sub).toBe(alice.sub)
  })

  it("forgets the account and the tampering on reset", async () => {
    await idp.signInAs(alice)
    await idp.tamper("aud")
    await idp.reset()
    await expect(idp.follow(start().url, REDIRECT)).rejects.toThrow(/no sign-in queued/)
    await idp.signInAs(alice)
    expect((await (await signIn()).redeem()).claims().aud).toBe("shop")
  })
})

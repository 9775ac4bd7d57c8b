import GithubProvider from "@medusajs/medusa/auth-github"
import GoogleProvider from "@medusajs/medusa/auth-google"
import type {
  AuthIdentityProviderService,
  AuthenticationResponse,
  IAuthProvider,
  Logger,
} from "@medusajs/framework/types"

// Medusa's Google and GitHub providers call the real services at fixed addresses, so no local
// stand-in can answer for them. These tests run against Google and GitHub themselves, with the
// shop's own client settings, when those are in the environment: they start a sign-in as Zoco
// does and check that the service accepts the client and its callback URL (a wrong client id or an
// unregistered callback is refused there before anyone signs in). Finishing a sign-in needs a
// person at the provider's page, so the callback is covered by the OpenID Connect tests.
const google = {
  clientId: process.env.GOOGLE_CLIENT_ID ?? "",
  clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "",
  callbackUrl: (process.env.GOOGLE_CALLBACK_URL ?? "").split(",")[0],
}
const github = {
  clientId: process.env.GITHUB_CLIENT_ID ?? "",
  clientSecret: process.env.GITHUB_CLIENT_SECRET ?? "",
  callbackUrl: (process.env.GITHUB_CALLBACK_URL ?? "").split(",")[0],
}
const withGoogle = Boolean(google.clientId && google.clientSecret && google.callbackUrl)
const withGithub = Boolean(github.clientId && github.clientSecret && github.callbackUrl)

for (const [name, on, vars] of [
  ["Google", withGoogle, "GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_CALLBACK_URL"],
  ["GitHub", withGithub, "GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET and GITHUB_CALLBACK_URL"],
] as const) {
  if (!on) {
    process.stdout.write(
      `${name} live sign-in tests skipped: set ${vars} to a real OAuth client to run them.\n`
    )
  }
}

type ProviderClass = new (cradle: { logger: Logger }, options: object) => IAuthProvider

const logger = { error: () => undefined, warn: () => undefined, info: () => undefined }

/** The state store of Medusa's auth module, kept in a map. */
function stateStore() {
  const states = new Map<string, unknown>()
  return {
    setState: async (key: string, value: unknown) => void states.set(key, value),
    getState: async (key: string) => states.get(key),
  } as unknown as AuthIdentityProviderService
}

async function startSignIn(
  Module: { services: unknown[] },
  options: object
): Promise<AuthenticationResponse> {
  const Service = Module.services[0] as ProviderClass
  const provider = new Service({ logger: logger as unknown as Logger }, options)
  return provider.authenticate({ body: {}, query: {} }, stateStore())
}

;(withGoogle ? describe : describe.skip)("Google, live", () => {
  it("accepts the shop's client and callback URL and shows its sign-in page", async () => {
    const started = await startSignIn(GoogleProvider, google)
    expect(started.success).toBe(true)
    const res = await fetch(started.location!, { redirect: "manual" })
    // Google answers a bad client or an unregistered redirect URI with a 400 error page.
    expect(res.status).not.toBe(400)
    expect(res.headers.get("location") ?? "").not.toMatch(/error|redirect_uri_mismatch/)
  })
})
;(withGithub ? describe : describe.skip)("GitHub, live", () => {
  it("accepts the shop's client and sends the browser to GitHub's sign-in", async () => {
    const started = await startSignIn(GithubProvider, github)
    expect(started.success).toBe(true)
    const res = await fetch(started.location!, { redirect: "manual" })
    // An unknown client id is a 404 page; a known one redirects to the login page.
    expect(res.status).toBe(302)
    expect(res.headers.get("location")).toMatch(/github\.com\/login/)
  })
})

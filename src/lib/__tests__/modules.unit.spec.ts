import path from "path"
import { ephemeralSecrets, parseEnv } from "../env"
import { authMethodsPerActor, authModule, fileModule, signInPlugins } from "../modules"

const noSignIn = parseEnv({}, ephemeralSecrets).signIn

describe("the auth module's password hashing", () => {
  it("keeps Medusa's own scrypt cost in every environment but tests", () => {
    for (const nodeEnv of ["production", "development", "staging"] as const) {
      expect(authModule({ nodeEnv, signIn: noSignIn })).toEqual([])
    }
  })

  it("hashes at a low cost under NODE_ENV=test, through Medusa's email-and-password provider", () => {
    expect(authModule({ nodeEnv: "test", signIn: noSignIn })).toEqual([
      {
        resolve: "@medusajs/medusa/auth",
        options: {
          providers: [
            expect.objectContaining({
              resolve: "@medusajs/medusa/auth-emailpass",
              id: "emailpass",
              options: { hashConfig: expect.objectContaining({ logN: 8 }) },
            }),
          ],
        },
      },
    ])
  })
})

describe("redirect sign-in methods from the environment", () => {
  const providersOf = (modules: ReturnType<typeof authModule>) =>
    (modules[0].options as { providers: { resolve: string; id: string; options: object }[] })
      .providers

  it("offers none, and leaves Medusa's auth module as it ships, when nothing is configured (the plugin lists no method)", () => {
    const env = parseEnv(
      { NODE_ENV: "production", JWT_SECRET: "j".repeat(40), COOKIE_SECRET: "c".repeat(40) },
      ephemeralSecrets
    )
    expect(authModule(env)).toEqual([])
    expect(authMethodsPerActor(env)).toEqual({ user: ["emailpass"], customer: ["emailpass"] })
    expect(signInPlugins(env)).toEqual([{ resolve: "@zoco/auth-oidc", options: { methods: [] } }])
  })

  it("wires customer and admin OpenID Connect, Google and GitHub through Medusa's providers", () => {
    const env = parseEnv(
      {
        CUSTOMER_OIDC_ISSUER: "https://id.example.com",
        CUSTOMER_OIDC_CLIENT_ID: "shop",
        CUSTOMER_OIDC_CALLBACK_URL: "https://shop.example.com/auth/done,https://m.example.com/cb",
        CUSTOMER_AUTH_LINK_EMAIL: "true",
        GOOGLE_CLIENT_ID: "g-id",
        GOOGLE_CLIENT_SECRET: "g-secret",
        GOOGLE_CALLBACK_URL: "https://shop.example.com/auth/google",
        GITHUB_CLIENT_ID: "gh-id",
        GITHUB_CLIENT_SECRET: "gh-secret",
        GITHUB_CALLBACK_URL: "https://shop.example.com/auth/github",
        ADMIN_OIDC_ISSUER: "https://staff.example.com",
        ADMIN_OIDC_CLIENT_ID: "dashboard",
        ADMIN_OIDC_CLIENT_SECRET: "d-secret",
        ADMIN_OIDC_NAME: "Acme SSO",
        ADMIN_OIDC_ALLOWED_DOMAINS: "Acme.com, acme.co.uk",
        ADMIN_OIDC_EMAILS_VERIFIED: "true",
        MEDUSA_BACKEND_URL: "https://api.example.com",
      },
      ephemeralSecrets
    )
    expect(authMethodsPerActor(env)).toEqual({
      user: ["emailpass", "oidc-admin"],
      customer: ["emailpass", "oidc", "google", "github"],
    })
    const providers = providersOf(authModule({ ...env, nodeEnv: "development" }))
    expect(providers.map((p) => [p.resolve, p.id])).toEqual([
      ["@medusajs/medusa/auth-emailpass", "emailpass"],
      ["@medusajs/medusa/auth-oidc", "oidc"],
      ["@medusajs/medusa/auth-google", "google"],
      ["@medusajs/medusa/auth-github", "github"],
      ["@medusajs/medusa/auth-oidc", "oidc-admin"],
    ])
    expect(providers[1].options).toMatchObject({
      issuer: "https://id.example.com",
      client_id: "shop",
      callback_url: "https://shop.example.com/auth/done",
      allowed_callback_urls: ["https://shop.example.com/auth/done", "https://m.example.com/cb"],
      require_verified_email: true,
      claim_mappings: { email_verified: "email_verified" },
    })
    expect(providers[4].options).toMatchObject({
      callback_url: "https://api.example.com/app/login",
      allowed_email_domains: ["acme.com", "acme.co.uk"],
      display_name: "Acme SSO",
      require_verified_email: false,
    })
    const [plugin] = signInPlugins(env) as { resolve: string; options: { methods: object[] } }[]
    expect(plugin.resolve).toBe("@zoco/auth-oidc")
    expect(plugin.options.methods).toEqual([
      expect.objectContaining({
        id: "oidc",
        actor: "customer",
        emailTrust: "claim",
        linkVerifiedEmail: true,
      }),
      expect.objectContaining({
        id: "google",
        actor: "customer",
        emailTrust: "always",
        linkVerifiedEmail: true,
      }),
      expect.objectContaining({
        id: "github",
        actor: "customer",
        emailTrust: "never",
        linkVerifiedEmail: false,
      }),
      expect.objectContaining({
        id: "oidc-admin",
        actor: "user",
        name: "Acme SSO",
        emailTrust: "always",
        linkVerifiedEmail: true,
      }),
    ])
  })

  it.each([
    [{ GOOGLE_CLIENT_ID: "g" }, "GOOGLE_CLIENT_SECRET: is required when GOOGLE_CLIENT_ID is set."],
    [
      { GITHUB_CLIENT_SECRET: "s" },
      "GITHUB_CLIENT_ID: is required when GITHUB_CLIENT_SECRET is set.",
    ],
    [{ GOOGLE_CLIENT_ID: "g", GOOGLE_CLIENT_SECRET: "s" }, "GOOGLE_CALLBACK_URL: is required"],
    [
      { CUSTOMER_OIDC_CLIENT_ID: "c", CUSTOMER_OIDC_CALLBACK_URL: "http://localhost:8000/cb" },
      "CUSTOMER_OIDC_ISSUER: is required",
    ],
    [
      { ADMIN_OIDC_ISSUER: "https://id.example.com" },
      "ADMIN_OIDC_CLIENT_ID: is required when ADMIN_OIDC_ISSUER is set.",
    ],
    [
      {
        CUSTOMER_OIDC_ISSUER: "https://i",
        CUSTOMER_OIDC_CLIENT_ID: "c",
        CUSTOMER_OIDC_CALLBACK_URL: "not a url",
      },
      "CUSTOMER_OIDC_CALLBACK_URL: is not a URL: not a url",
    ],
  ])("refuses to start on a half-configured method: %j", (vars, message) => {
    expect(() => parseEnv(vars, ephemeralSecrets)).toThrow(message)
  })

  it("refuses a plain-http issuer but on localhost outside production, as Medusa's provider would", () => {
    const client = {
      ADMIN_OIDC_CLIENT_ID: "d",
      ADMIN_OIDC_CALLBACK_URL: "https://admin.example.com/app/login",
    }
    expect(() =>
      parseEnv({ ...client, ADMIN_OIDC_ISSUER: "http://id.example.com" }, ephemeralSecrets)
    ).toThrow(
      "ADMIN_OIDC_ISSUER: must use https (plain http only for localhost outside production)"
    )
    expect(
      parseEnv({ ...client, ADMIN_OIDC_ISSUER: "http://127.0.0.1:8080" }, ephemeralSecrets).signIn
        .adminOidc?.issuer
    ).toBe("http://127.0.0.1:8080")
    expect(() =>
      parseEnv(
        {
          ...client,
          ADMIN_OIDC_ISSUER: "http://127.0.0.1:8080",
          NODE_ENV: "production",
          JWT_SECRET: "j".repeat(40),
          COOKIE_SECRET: "c".repeat(40),
        },
        ephemeralSecrets
      )
    ).toThrow("ADMIN_OIDC_ISSUER: must use https")
  })

  it("refuses a plain-http callback in production, but for localhost", () => {
    const production = {
      NODE_ENV: "production",
      JWT_SECRET: "j".repeat(40),
      COOKIE_SECRET: "c".repeat(40),
      GOOGLE_CLIENT_ID: "g",
      GOOGLE_CLIENT_SECRET: "s",
    }
    expect(() =>
      parseEnv(
        { ...production, GOOGLE_CALLBACK_URL: "http://shop.example.com/cb" },
        ephemeralSecrets
      )
    ).toThrow("GOOGLE_CALLBACK_URL: must use https in production: http://shop.example.com/cb")
    expect(
      parseEnv({ ...production, GOOGLE_CALLBACK_URL: "http://localhost:8000/cb" }, ephemeralSecrets)
        .signIn.google?.callbackUrls
    ).toEqual(["http://localhost:8000/cb"])
  })
})

describe("the file module's uploads folder", () => {
  const backendUrl = "http://localhost:9000"
  const localOptions = (modules: ReturnType<typeof fileModule>) =>
    (modules[0].options as { providers: { options: Record<string, unknown> }[] }).providers[0]
      .options

  it("keeps and serves uploads in ZOCO_UPLOADS_DIR, resolved to an absolute path", () => {
    const env = parseEnv({ ZOCO_UPLOADS_DIR: "shared/uploads" }, ephemeralSecrets)
    expect(env.uploadsDir).toBe(path.resolve("shared/uploads"))
    expect(localOptions(fileModule(env))).toEqual({
      backend_url: "http://localhost:9000/static",
      upload_dir: path.resolve("shared/uploads"),
      private_upload_dir: path.resolve("shared/uploads"),
    })
  })

  it("leaves Medusa's own static/ folder when none is named", () => {
    expect(localOptions(fileModule({ backendUrl, uploadsDir: undefined }))).toEqual({
      backend_url: "http://localhost:9000/static",
    })
  })
})

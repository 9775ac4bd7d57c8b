// A real OpenID provider for the tests (panva's oidc-provider, OpenID Certified), on 127.0.0.1.
// Sign-ins complete by themselves as the account a test queued, so an HTTP client or a headless
// browser following redirects ends at the client's redirect URI with a code. A test can also make
// the token endpoint answer with a tampered ID token, to see the shop refuse it.
//
//   node oidc-server.mjs '{"clients":[{"client_id":"shop","client_secret":"s","redirect_uris":["…"]}]}'
//
// prints {"issuer":"http://127.0.0.1:PORT"} once listening; with "tls":{"key","cert"} (PEM file
// paths) it serves https, as a provider must for a shop running in production. Test control, JSON over HTTP:
//   POST /__test/account {sub,email,email_verified,name?}   who the next sign-ins are
//   POST /__test/tamper {mode}   null | aud | iss | expired | alg-none | nonce | signature
//   POST /__test/reset           no account, no tampering
//   GET  /__test/stats           {tokenRequests, codesRedeemed}
import { createSign, generateKeyPairSync, randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { createServer } from "node:http"
import { createServer as createTlsServer } from "node:https"
import Provider from "oidc-provider"

const config = JSON.parse(process.argv[2] ?? process.env.OIDC_FIXTURE_CONFIG ?? "{}")

// oidc-provider prints its notices with console.info, on stdout: the parent reads the first line
// there as the issuer, and a notice must never be mistaken for it.
console.info = console.log = (...args) => console.error(...args)

function signingKey(kid) {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
  return {
    privateKey,
    jwk: { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" },
  }
}

const published = signingKey("fixture-key")
// Never published: a token signed with it must fail its signature check.
const stranger = signingKey("fixture-key")

let account = null
let tamper = null
const stats = { tokenRequests: 0, codesRedeemed: 0 }
const accounts = new Map()

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url")

function forge(idToken, mode) {
  const [headerPart, payloadPart] = idToken.split(".")
  const header = JSON.parse(Buffer.from(headerPart, "base64url").toString())
  const payload = JSON.parse(Buffer.from(payloadPart, "base64url").toString())
  const now = Math.floor(Date.now() / 1000)
  if (mode === "aud") payload.aud = "someone-else"
  if (mode === "iss") payload.iss = "http://evil.example"
  if (mode === "expired") Object.assign(payload, { iat: now - 7200, exp: now - 3600 })
  if (mode === "nonce") payload.nonce = "stale-nonce"
  if (mode === "alg-none") return `${b64({ alg: "none" })}.${b64(payload)}.`
  const body = `${b64(header)}.${b64(payload)}`
  const key = mode === "signature" ? stranger.privateKey : published.privateKey
  const signature = createSign("RSA-SHA256").update(body).sign(key).toString("base64url")
  return `${body}.${signature}`
}

const server = config.tls
  ? createTlsServer({ key: readFileSync(config.tls.key), cert: readFileSync(config.tls.cert) })
  : createServer()
server.listen(0, "127.0.0.1", () => {
  const issuer = `${config.tls ? "https" : "http"}://127.0.0.1:${server.address().port}`
  const provider = new Provider(issuer, {
    clients: (config.clients ?? []).map((c) => ({
      client_id: c.client_id,
      ...(c.client_secret
        ? { client_secret: c.client_secret, token_endpoint_auth_method: "client_secret_post" }
        : { token_endpoint_auth_method: "none" }),
      redirect_uris: c.redirect_uris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
    })),
    jwks: { keys: [published.jwk] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // As Google, Keycloak and Entra ID do: the profile is in the ID token, not only at userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Its defaults' values, as numbers: the default functions announce themselves on every call.
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 14 * 24 * 60 * 60,
      Grant: 14 * 24 * 60 * 60,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const known = accounts.get(sub)
      if (!known) return undefined
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: known.email,
          email_verified: known.email_verified,
          ...(known.name ? { name: known.name } : {}),
        }),
      }
    },
  })
  provider.on("server_error", (_ctx, error) => process.stderr.write(`${error.stack}\n`))

  provider.use(async (ctx, next) => {
    await next()
    if (ctx.path !== "/token" || ctx.method !== "POST") return
    stats.tokenRequests++
    if (ctx.status === 200 && ctx.body?.id_token) {
      stats.codesRedeemed++
      if (tamper) ctx.body = { ...ctx.body, id_token: forge(ctx.body.id_token, tamper) }
    }
  })

  const handle = provider.callback()

  async function readJson(req) {
    let text = ""
    for await (const chunk of req) text += chunk
    return text ? JSON.parse(text) : {}
  }

  function send(res, status, body, type = "application/json") {
    res.writeHead(status, { "content-type": type })
    res.end(type === "application/json" ? JSON.stringify(body) : body)
  }

  // Signs the queued account in and grants what the client asked for, with no page in between.
  async function interact(req, res) {
    const details = await provider.interactionDetails(req, res)
    if (!account) return send(res, 400, "<h1>no sign-in queued</h1>", "text/html")
    if (details.prompt.name === "login") {
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.sub } },
        { mergeWithLastSubmission: false }
      )
    }
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({
          accountId: details.session.accountId,
          clientId: details.params.client_id,
        })
    const missing = details.prompt.details
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "))
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(" "))
    }
    const grantId = await grant.save()
    return provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true }
    )
  }

  async function control(req, res) {
    const path = req.url.split("?")[0]
    if (req.method === "GET" && path === "/__test/stats") return send(res, 200, stats)
    if (req.method !== "POST") return send(res, 405, { message: "POST" })
    const body = await readJson(req)
    if (path === "/__test/account") {
      account = body
      accounts.set(body.sub, body)
    } else if (path === "/__test/tamper") {
      tamper = body.mode ?? null
    } else if (path === "/__test/reset") {
      account = null
      tamper = null
    } else {
      return send(res, 404, { message: `no ${path}` })
    }
    return send(res, 200, { ok: true })
  }

  server.on("request", (req, res) => {
    const work = req.url.startsWith("/__test/")
      ? control(req, res)
      : req.url.startsWith("/interaction/")
        ? interact(req, res)
        : handle(req, res)
    Promise.resolve(work).catch((error) => {
      process.stderr.write(`${error.stack}\n`)
      if (!res.headersSent) send(res, 500, { message: error.message })
    })
  })

  process.stdout.write(`${JSON.stringify({ issuer })}\n`)
})

process.on("SIGTERM", () => server.close(() => process.exit(0)))

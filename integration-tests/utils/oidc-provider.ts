import { spawn } from "child_process"
import { mkdtempSync } from "fs"
import http from "http"
import https from "https"
import os from "os"
import path from "path"
import { certificateFor127 } from "./tls"

export type OidcAccount = { sub: string; email: string; email_verified: boolean; name?: string }

/** How the token endpoint's ID token is tampered with (see oidc-server.mjs). */
export type TamperMode = null | "aud" | "iss" | "expired" | "alg-none" | "nonce" | "signature"

export interface OidcFixture {
  issuer: string
  /** With `tls`: the certificate to trust (NODE_EXTRA_CA_CERTS of a server that calls it). */
  caFile?: string
  /** Who the next sign-ins are, until replaced. */
  signInAs(account: OidcAccount): Promise<void>
  tamper(mode: TamperMode): Promise<void>
  reset(): Promise<void>
  stats(): Promise<{ tokenRequests: number; codesRedeemed: number }>
  /**
   * Follows an authorization URL's redirects as a browser would (keeping the provider's cookies)
   * until the redirect to `redirectUri`, which is returned and not loaded.
   */
  follow(authorizationUrl: string, redirectUri: string): Promise<URL>
  stop(): Promise<void>
}

type Client = { client_id: string; client_secret?: string; redirect_uris: string[] }

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string }

function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; ca?: Buffer }
): Promise<Answer> {
  const target = new URL(url)
  const transport = target.protocol === "https:" ? https : http
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      { method: opts.method ?? "GET", headers: opts.headers, ca: opts.ca },
      (res) => {
        let body = ""
        res.setEncoding("utf8")
        res.on("data", (chunk) => (body += chunk))
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on("error", reject)
    req.end(opts.body)
  })
}

/**
 * Starts a real OpenID provider (`oidc-provider`) in a process of its own, on 127.0.0.1: the
 * shop reaches it over HTTP as it would reach Keycloak or Auth0. `tls` serves it over https with
 * a certificate of its own, since Medusa refuses a plain-http issuer in production.
 */
export async function startOidcProvider(opts: {
  clients: Client[]
  tls?: boolean
}): Promise<OidcFixture> {
  const cert = opts.tls
    ? certificateFor127(mkdtempSync(path.join(os.tmpdir(), "zoco-oidc-tls-")), "oidc")
    : undefined
  const tls = cert && { key: cert.keyPath, cert: cert.certPath }
  const ca = cert && Buffer.from(cert.cert)
  const child = spawn(
    process.execPath,
    [path.join(__dirname, "oidc-server.mjs"), JSON.stringify({ clients: opts.clients, tls })],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  let stderr = ""
  child.stderr.on("data", (chunk) => (stderr += chunk))
  const issuer = await new Promise<string>((resolve, reject) => {
    let stdout = ""
    // It starts in under a second on an idle machine; CI runs it beside servers that keep both
    // cores busy, where a fixed 15 s once ran out.
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`the OpenID provider did not start in 90 s: ${stderr}`))
    }, 90_000)
    child.stdout.on("data", (chunk) => {
      stdout += chunk
      if (stdout.includes("\n")) {
        clearTimeout(timer)
        resolve((JSON.parse(stdout.split("\n")[0]) as { issuer: string }).issuer)
      }
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the OpenID provider exited (${code}): ${stderr}`))
    })
  })

  const control = async (route: string, body?: unknown) => {
    const res = await send(`${issuer}/__test/${route}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      ca,
    })
    if (res.status !== 200) throw new Error(`OpenID provider ${route}: ${res.status} ${res.body}`)
    return JSON.parse(res.body)
  }

  const follow = async (authorizationUrl: string, redirectUri: string): Promise<URL> => {
    const cookies = new Map<string, string>()
    let url = authorizationUrl
    for (let hop = 0; hop < 20; hop++) {
      const res = await send(url, {
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
        ca,
      })
      for (const set of res.headers["set-cookie"] ?? []) {
        const [pair] = set.split(";")
        const at = pair.indexOf("=")
        cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1))
      }
      const next = res.headers.location
      if (!next) throw new Error(`the provider stopped at ${url} with ${res.status}: ${res.body}`)
      const resolved = new URL(next, url)
      if (resolved.toString().startsWith(redirectUri)) return resolved
      url = resolved.toString()
    }
    throw new Error(`no redirect to ${redirectUri} after 20 hops from ${authorizationUrl}`)
  }

  return {
    issuer,
    caFile: tls?.cert,
    signInAs: async (account) => void (await control("account", account)),
    tamper: async (mode) => void (await control("tamper", { mode })),
    reset: async () => void (await control("reset", {})),
    stats: () => control("stats"),
    follow,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill("SIGTERM")
      }),
  }
}

import { spawn } from "child_process"
import path from "path"

export type OidcAccount = { sub: string; email: string; email_verified: boolean; name?: string }

/** How the token endpoint's ID token is tampered with (see oidc-server.mjs). */
export type TamperMode = null | "aud" | "iss" | "expired" | "alg-none" | "nonce" | "signature"

export interface OidcFixture {
  issuer: string
  /** Who the next sign-ins are, until replaced. */
  signInAs(account: OidcAccount): Promise<void>
  tamper(mode: TamperMode): Promise<void>
  reset(): Promise<void>
  stats(): Promise<{ tokenRequests: number; codesRedeemed: number }>
  stop(): Promise<void>
}

type Client = { client_id: string; client_secret?: string; redirect_uris: string[] }

/**
 * Starts a real OpenID provider (`oidc-provider`) in a process of its own, on 127.0.0.1: the
 * shop reaches it over HTTP as it would reach Keycloak or Auth0.
 */
export async function startOidcProvider(opts: { clients: Client[] }): Promise<OidcFixture> {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, "oidc-server.mjs"), JSON.stringify(opts)],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  let stderr = ""
  child.stderr.on("data", (chunk) => (stderr += chunk))
  const issuer = await new Promise<string>((resolve, reject) => {
    let stdout = ""
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`the OpenID provider did not start in 15 s: ${stderr}`))
    }, 15_000)
    child.stdout.on("data", (chunk) => {
      stdout += chunk
      const line = stdout.split("\n")[0]
      if (stdout.includes("\n")) {
        clearTimeout(timer)
        resolve((JSON.parse(line) as { issuer: string }).issuer)
      }
    })
    child.on("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the OpenID provider exited (${code}): ${stderr}`))
    })
  })

  const control = async (route: string, body?: unknown) => {
    const res = await fetch(`${issuer}/__test/${route}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`OpenID provider ${route}: ${res.status} ${await res.text()}`)
    return res.json()
  }

  return {
    issuer,
    signInAs: async (account) => void (await control("account", account)),
    tamper: async (mode) => void (await control("tamper", { mode })),
    reset: async () => void (await control("reset", {})),
    stats: () => control("stats"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill("SIGTERM")
      }),
  }
}

/**
 * Follows an authorization URL's redirects as a browser would (keeping the provider's cookies)
 * until the redirect to `redirectUri`, which is returned and not loaded.
 */
export async function followToCallback(
  authorizationUrl: string,
  redirectUri: string
): Promise<URL> {
  const cookies = new Map<string, string>()
  let url = authorizationUrl
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      redirect: "manual",
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    })
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(";")
      const at = pair.indexOf("=")
      cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1))
    }
    const next = res.headers.get("location")
    if (!next) {
      throw new Error(`the provider stopped at ${url} with ${res.status}: ${await res.text()}`)
    }
    const resolved = new URL(next, url)
    if (resolved.toString().startsWith(redirectUri)) return resolved
    url = resolved.toString()
  }
  throw new Error(`no redirect to ${redirectUri} after 20 hops from ${authorizationUrl}`)
}

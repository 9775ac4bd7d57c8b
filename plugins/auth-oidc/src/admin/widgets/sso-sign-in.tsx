import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Alert, Button, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"

// Set by the admin's build to the backend the dashboard talks to.
declare const __BACKEND_URL__: string | undefined

const base = (
  typeof __BACKEND_URL__ === "string" && __BACKEND_URL__ ? __BACKEND_URL__ : ""
).replace(/\/+$/, "")

/** Which method a sign-in started with, kept across the trip to the identity provider. */
const PENDING = "zoco-sso-method"

type Method = { id: string; name: string }

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    credentials: "include",
    ...init,
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
  })
  const body = (await response.json().catch(() => ({}))) as T & { message?: string }
  if (!response.ok) throw new Error(body.message ?? `${response.status} ${response.statusText}`)
  return body
}

/** The `actor_id` a Medusa token carries; empty when the identity has no admin user yet. */
function actorOf(token: string): string {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")
    return (JSON.parse(atob(payload)) as { actor_id?: string }).actor_id ?? ""
  } catch {
    return ""
  }
}

/**
 * Finishes a sign-in that came back from the identity provider to `/app/login?code=…&state=…`:
 * the code is exchanged by the server, the token becomes the dashboard's session cookie, and
 * the dashboard opens. The query is cleared first, so a reload never sends the code twice.
 */
async function finish(params: URLSearchParams): Promise<void> {
  const id = sessionStorage.getItem(PENDING)
  sessionStorage.removeItem(PENDING)
  window.history.replaceState(null, "", window.location.pathname)
  if (params.get("error")) {
    throw new Error(
      params.get("error_description") ?? `The identity provider answered ${params.get("error")}`
    )
  }
  if (!id) throw new Error("This sign-in was not started here, or it expired. Try again.")
  const query = new URLSearchParams()
  for (const [key, value] of params) query.set(key, value)
  const answer = await call<{
    token: string
    mfa_required?: boolean
    verification_required?: boolean
  }>(`/auth/user/${encodeURIComponent(id)}/callback?${query}`)
  const { token } = answer
  if (answer.mfa_required || answer.verification_required) {
    // The dashboard's own form leads through those steps; this button does not.
    throw new Error(
      "This account has a further sign-in step (two-step verification or email verification): sign in with your email and password."
    )
  }
  if (!actorOf(token)) {
    throw new Error(
      "You are signed in with your identity provider, but no admin user of this shop has that email. Ask an admin to invite you."
    )
  }
  await call("/auth/session", { method: "POST", headers: { authorization: `Bearer ${token}` } })
  window.location.assign(`${window.location.pathname.replace(/\/login\/?$/, "")}/`)
}

/** "Sign in with …" buttons under the dashboard's login form, one per configured method. */
const SsoSignIn = () => {
  const [methods, setMethods] = useState<Method[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  useEffect(() => {
    const params = new URLSearchParams(window.location.search)
    if (params.has("state") || params.has("error")) {
      setBusy(true)
      finish(params).catch((e: Error) => {
        setError(e.message)
        setBusy(false)
      })
    }
    call<{ methods: Method[] }>("/auth-methods/user")
      .then(({ methods }) => setMethods(methods))
      .catch(() => setMethods([]))
  }, [])

  const start = async (method: Method) => {
    setBusy(true)
    setError(undefined)
    try {
      const { location } = await call<{ location?: string }>(
        `/auth/user/${encodeURIComponent(method.id)}`,
        { method: "POST", body: "{}" }
      )
      if (!location) throw new Error("The sign-in method answered without a redirect.")
      sessionStorage.setItem(PENDING, method.id)
      window.location.assign(location)
    } catch (e) {
      setError((e as Error).message)
      setBusy(false)
    }
  }

  if (methods.length === 0 && !error && !busy) return null
  return (
    <div className="flex flex-col gap-y-2" data-testid="sso-sign-in">
      {error && (
        <Alert variant="error" dismissible={false}>
          <Text size="small">{error}</Text>
        </Alert>
      )}
      {busy && !error && (
        <Text size="small" className="text-ui-fg-subtle">
          Signing in…
        </Text>
      )}
      {methods.map((method) => (
        <Button
          key={method.id}
          variant="secondary"
          className="w-full"
          disabled={busy}
          onClick={() => void start(method)}
        >
          Sign in with {method.name}
        </Button>
      ))}
    </div>
  )
}

export const config = defineWidgetConfig({ zone: "login.after" })

export default SsoSignIn

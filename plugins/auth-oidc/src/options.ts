/** Who signs in: a storefront customer or an admin user. */
export type SignInActor = "customer" | "user"

/**
 * How far a method's email can be trusted to name the person signing in.
 * - `claim`: as far as the provider's `email_verified` claim says (OpenID Connect).
 * - `always`: the provider refuses unverified emails itself (Medusa's Google provider does).
 * - `never`: the provider does not say (Medusa's GitHub provider reads the public profile email).
 */
export type EmailTrust = "claim" | "always" | "never"

/** One way an actor signs in through a redirect to an identity provider. */
export interface SignInMethod {
  /** The auth provider's id in Medusa's auth module, as in `/auth/<actor>/<id>`. */
  id: string
  /** The actor that may use it; Medusa's `authMethodsPerActor` must list it for that actor. */
  actor: SignInActor
  /** What a sign-in button says after "Sign in with", e.g. "Google" or "Acme SSO". */
  name: string
  /**
   * The callback URLs a client may name in `callback_url` when it starts a sign-in; the first is
   * the one used when it names none. Anything else is refused with a 400, so the provider can
   * never be made to send a code to another site.
   */
  callbackUrls: string[]
  /** How far the provider's email can be trusted (see `EmailTrust`). */
  emailTrust: EmailTrust
  /**
   * Whether a first sign-in whose email is verified (see `emailTrust`) reaches the existing
   * account with that email: a customer who registered with a password, or an admin user. Off, a
   * new identity starts without an account, as Medusa does: the storefront creates the customer
   * (`POST /store/customers` with the sign-in's token), and an admin user needs an invite.
   */
  linkVerifiedEmail: boolean
}

/** Options of `@zoco/auth-oidc` in `medusa-config.ts`. */
export interface AuthOidcOptions {
  /** Every redirect sign-in method this shop offers, for either actor. */
  methods: SignInMethod[]
}

export const PLUGIN_NAME = "@zoco/auth-oidc"

/** The plugin's options, checked once: a method listed twice for one actor is a wiring error. */
export function normalizeOptions(options: Partial<AuthOidcOptions> | undefined): AuthOidcOptions {
  const methods = options?.methods ?? []
  const seen = new Set<string>()
  for (const method of methods) {
    const key = `${method.actor}/${method.id}`
    if (seen.has(key)) throw new Error(`${PLUGIN_NAME}: method ${key} is listed twice`)
    seen.add(key)
    if (method.callbackUrls.length === 0) {
      throw new Error(`${PLUGIN_NAME}: method ${key} needs at least one callback URL`)
    }
  }
  return { methods }
}

/** The method an actor uses under this provider id, if the plugin knows it. */
export function findMethod(
  options: AuthOidcOptions,
  actor: string,
  id: string
): SignInMethod | undefined {
  return options.methods.find((m) => m.actor === actor && m.id === id)
}

import type {
  GithubAuthProviderOptions,
  GoogleAuthProviderOptions,
  OidcAuthProviderOptions,
} from "@medusajs/framework/types"
import type { EmailTrust, SignInActor, SignInMethod } from "./options"

/** An entry of the auth module's `providers` in `medusa-config.ts`. */
export type AuthProviderEntry = {
  resolve: string
  id: string
  options: OidcAuthProviderOptions | GoogleAuthProviderOptions | GithubAuthProviderOptions
}

/** A sign-in method and the Medusa auth provider behind it: wire both from one description. */
export type SignIn = { method: SignInMethod; provider: AuthProviderEntry }

type Common = {
  /** The actor that signs in with it. */
  actor: SignInActor
  clientId: string
  clientSecret?: string
  /** Allowed callback URLs; the first is the default (see `SignInMethod.callbackUrls`). */
  callbackUrls: string[]
  /** See `SignInMethod.linkVerifiedEmail`. */
  linkVerifiedEmail: boolean
}

export type OidcSignInInput = Common & {
  /** Provider id; one per actor when both use OpenID Connect with different rules. */
  id: string
  /** Shown on buttons: "Sign in with <name>". */
  name: string
  /** The issuer URL; its `/.well-known/openid-configuration` is read on first use. */
  issuer: string
  /** Only emails of these domains may sign in (staff SSO); empty: any. */
  allowedEmailDomains?: string[]
  /**
   * Every email this provider gives is verified, whatever its `email_verified` claim says: a
   * company directory such as Microsoft Entra ID, which sends no such claim. Default false: a
   * sign-in without `email_verified: true` is refused.
   */
  emailsVerified?: boolean
  scopes?: string[]
}

/**
 * Any OpenID Connect provider (Keycloak, Auth0, Microsoft Entra ID, Okta, Google as OIDC), through
 * Medusa's own `@medusajs/medusa/auth-oidc`: discovery, authorization code with PKCE, `state` and
 * `nonce` kept server-side and single-use, ID token checks (signature, issuer, audience, expiry,
 * nonce). The `email_verified` claim is kept on the identity so linking can read it.
 */
export function oidcSignIn(input: OidcSignInInput): SignIn {
  return {
    method: {
      id: input.id,
      actor: input.actor,
      name: input.name,
      callbackUrls: input.callbackUrls,
      emailTrust: input.emailsVerified ? "always" : "claim",
      linkVerifiedEmail: input.linkVerifiedEmail,
    },
    provider: {
      resolve: "@medusajs/medusa/auth-oidc",
      id: input.id,
      options: {
        issuer: input.issuer,
        client_id: input.clientId,
        client_secret: input.clientSecret,
        callback_url: input.callbackUrls[0],
        allowed_callback_urls: input.callbackUrls,
        display_name: input.name,
        scopes: input.scopes,
        require_verified_email: !input.emailsVerified,
        allowed_email_domains: input.allowedEmailDomains?.length
          ? input.allowedEmailDomains
          : undefined,
        claim_mappings: { email_verified: "email_verified" },
      },
    },
  }
}

/** A method on one of Medusa's OAuth 2.0 providers (Google, GitHub), whose options are alike. */
function oauthSignIn(
  provider: "google" | "github",
  name: string,
  emailTrust: EmailTrust,
  input: Common
): SignIn {
  return {
    method: {
      id: provider,
      actor: input.actor,
      name,
      callbackUrls: input.callbackUrls,
      emailTrust,
      linkVerifiedEmail: emailTrust !== "never" && input.linkVerifiedEmail,
    },
    provider: {
      resolve: `@medusajs/medusa/auth-${provider}`,
      id: provider,
      options: {
        clientId: input.clientId,
        clientSecret: input.clientSecret ?? "",
        callbackUrl: input.callbackUrls[0],
      },
    },
  }
}

/**
 * Google, through Medusa's `@medusajs/medusa/auth-google` (it refuses unverified emails, so a
 * Google email counts as verified). Its endpoints are Google's own and cannot be pointed elsewhere.
 */
export function googleSignIn(input: Common): SignIn {
  return oauthSignIn("google", "Google", "always", input)
}

/**
 * GitHub, through Medusa's `@medusajs/medusa/auth-github`. It reads the profile's public email
 * without saying whether it is verified, so a GitHub sign-in never reaches an existing account.
 */
export function githubSignIn(input: Omit<Common, "linkVerifiedEmail">): SignIn {
  return oauthSignIn("github", "GitHub", "never", { ...input, linkVerifiedEmail: false })
}

import type { AuthIdentityDTO } from "@medusajs/framework/types"
import type { SignInMethod } from "../options"

/**
 * The email a sign-in vouches for, or undefined when the method cannot be trusted to have
 * checked it: only such an email may reach an account created another way.
 */
export function verifiedEmail(identity: AuthIdentityDTO, method: SignInMethod): string | undefined {
  if (method.emailTrust === "never") return undefined
  const provided = identity.provider_identities?.find((p) => p.provider === method.id)
  const metadata = provided?.user_metadata ?? {}
  const email = metadata.email
  if (typeof email !== "string" || !email.includes("@")) return undefined
  if (method.emailTrust === "claim" && metadata.email_verified !== true) return undefined
  return email.trim().toLowerCase()
}

/** `value` matched literally by ILIKE: its wildcards and the escape character escaped. */
export function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

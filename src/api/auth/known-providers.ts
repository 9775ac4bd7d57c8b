import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import type { ConfigModule } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"

/** Medusa's `/auth` routes whose first segment is not an actor type. */
const STATIC_SEGMENTS = new Set(["mfa", "session", "token", "verification"])
/** What may follow `/auth/:actor_type/:auth_provider` on Medusa's sign-in routes. */
const PROVIDER_ROUTES = new Set(["register", "callback", "reset-password", "update"])

/** Medusa's routes of the form `/auth/:x/<segment>` that are not a sign-in with provider `x`. */
const ACTOR_ROUTES = new Set([
  // `/auth/:actor_type/providers`: the providers an actor type may use.
  "providers",
  // `/auth/:auth_provider/user`: a user account for a provider's identity (Medusa checks it).
  "user",
])

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/**
 * The actor and provider of a sign-in route (`/auth/customer/emailpass/register`), or nothing for
 * Medusa's other `/auth` routes (`/auth/session`, `/auth/mfa/factors`, `/auth/customer/providers`).
 */
export function signInRoute(path: string): { actor: string; provider: string } | undefined {
  const segments = path.split("?")[0].split("/").filter(Boolean).map(decoded)
  if (segments[0] !== "auth" || segments.length < 3 || segments.length > 4) return undefined
  const [, actor, provider, rest] = segments
  if (actor === undefined || provider === undefined || STATIC_SEGMENTS.has(actor)) return undefined
  if (rest === undefined ? ACTOR_ROUTES.has(provider) : !PROVIDER_ROUTES.has(rest ?? "")) {
    return undefined
  }
  return { actor, provider }
}

/**
 * Medusa lets an actor type its configuration does not list (`/auth/seller/...`) use any
 * provider, and asks the auth module for it: for a provider that is not configured, the module
 * logged an error with a stack trace and the route answered 401, for every such request anyone
 * sent. Refused here with the answer Medusa gives a listed actor type (400, "The actor type ...
 * is not allowed to use the auth provider ..."). A configured provider keeps Medusa's rules.
 */
export function knownAuthProvider(
  req: MedusaRequest,
  _res: MedusaResponse,
  next: MedusaNextFunction
) {
  const route = signInRoute(req.originalUrl)
  if (!route) return next()
  const config = req.scope.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE)
  const perActor = config.projectConfig.http.authMethodsPerActor ?? {}
  // A listed actor type is Medusa's own check (validateScopeProviderAssociation).
  if (route.actor in perActor) return next()
  if (Object.values(perActor).some((providers) => providers.includes(route.provider))) {
    return next()
  }
  next(
    new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `The actor type ${route.actor} is not allowed to use the auth provider ${route.provider}`
    )
  )
}

export const knownAuthProviderMiddlewares: MiddlewareRoute[] = [
  { matcher: "/auth/*", middlewares: [knownAuthProvider] },
]

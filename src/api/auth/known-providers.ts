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

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/**
 * The actor type and provider of a sign-in route (`/auth/customer/emailpass/register`), the actor
 * type alone of `/auth/:actor_type/providers`, or nothing for Medusa's other `/auth` routes
 * (`/auth/session`, `/auth/mfa/factors`, and `/auth/:auth_provider/user`, whose actor type is
 * always `user`).
 */
export function signInRoute(path: string): { actor: string; provider?: string } | undefined {
  const segments = path.split("?")[0].split("/").filter(Boolean).map(decoded)
  if (segments[0] !== "auth" || segments.length < 3 || segments.length > 4) return undefined
  const [, actor, provider, rest] = segments
  if (actor === undefined || provider === undefined || STATIC_SEGMENTS.has(actor)) return undefined
  if (rest !== undefined) return PROVIDER_ROUTES.has(rest) ? { actor, provider } : undefined
  if (provider === "providers") return { actor }
  return provider === "user" ? undefined : { actor, provider }
}

function refuse(actor: string, provider: string | undefined) {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    provider === undefined
      ? `The actor type ${actor} is not allowed to use any auth provider`
      : `The actor type ${actor} is not allowed to use the auth provider ${provider}`
  )
}

/**
 * Medusa lets an actor type its configuration does not list (`/auth/seller/...`) use any
 * provider, and asks the auth module for it: for a provider that is not configured, the module
 * logged an error with a stack trace and the route answered 401, for every such request anyone
 * sent. Refused here with the answer Medusa gives a listed actor type (400, "The actor type ...
 * is not allowed to use the auth provider ..."); a configured provider keeps Medusa's rules. An
 * actor type named like a property of every object (`toString`, `__proto__`) is refused too:
 * Medusa looked its providers up on a plain object, found a function, and answered 500.
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
  if (Object.prototype.hasOwnProperty.call(perActor, route.actor)) return next()
  if (route.actor in perActor) return next(refuse(route.actor, route.provider))
  const { provider } = route
  if (provider === undefined) return next()
  if (Object.values(perActor).some((providers) => providers.includes(provider))) return next()
  next(refuse(route.actor, provider))
}

export const knownAuthProviderMiddlewares: MiddlewareRoute[] = [
  { matcher: "/auth/*", middlewares: [knownAuthProvider] },
]

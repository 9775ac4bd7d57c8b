import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { AuthenticationInput, IAuthModuleService } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import type { RouteDoc, RouteDocs } from "@zoco/plugin-kit/openapi"
import { generateJwtTokenWithChecks } from "@medusajs/medusa/api/auth/utils/generate-jwt-token"
import { pluginOptions } from "../../../../../lib/config"
import { verifiedEmail } from "../../../../../lib/email"
import { findMethod } from "../../../../../options"
import { linkVerifiedEmailWorkflow } from "../../../../../workflows/link-verified-email"

const callbackDoc: RouteDoc = {
  summary: "Finish a redirect sign-in",
  description:
    "The identity provider's answer (`code`, `state`, …) as it arrived at the callback URL. A first sign-in whose email the provider verified is linked to the account with that email when the shop enabled linking for the method; the token's `actor_id` is then that account. Replayed or expired state, a refused code and a token that fails its checks answer 401.",
  tags: ["Auth"],
  security: "none",
  responses: {
    200: { description: "A token", body: z.object({ token: z.string() }).passthrough() },
    401: { description: "Authentication failed" },
  },
}

export const openapi: RouteDocs = { GET: callbackDoc, POST: callbackDoc }

/**
 * Medusa's callback route (`/auth/:actor_type/:auth_provider/callback`, same answers), with one
 * step added between the provider's check and the token: a first sign-in whose email the
 * provider verified reaches the account with that email, when the shop linked that method.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const { actor_type, auth_provider } = req.params
  const auth = req.scope.resolve<IAuthModuleService>(Modules.AUTH)
  const authData: AuthenticationInput = {
    url: req.url,
    headers: req.headers as AuthenticationInput["headers"],
    query: req.query as AuthenticationInput["query"],
    body: req.body as AuthenticationInput["body"],
    protocol: req.protocol,
  }
  const { success, error, authIdentity, mfaChallenge } = await auth.validateCallback(
    auth_provider,
    authData
  )
  if (!success || !authIdentity) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, error || "Authentication failed")
  }

  let identity = authIdentity
  const method = findMethod(pluginOptions(req.scope), actor_type, auth_provider)
  const email = method ? verifiedEmail(identity, method) : undefined
  if (method?.linkVerifiedEmail && email && !identity.app_metadata?.[`${actor_type}_id`]) {
    const { result: accountId } = await linkVerifiedEmailWorkflow(req.scope).run({
      input: { authIdentityId: identity.id, actor: method.actor, email },
    })
    if (accountId) {
      identity = await auth.retrieveAuthIdentity(identity.id, {
        relations: ["provider_identities"],
      })
    }
  }

  const result = await generateJwtTokenWithChecks(req.scope, {
    authIdentity: identity,
    mfaChallenge,
    actorType: actor_type,
    authProvider: auth_provider,
  })
  res.json(result)
}

export const POST = GET

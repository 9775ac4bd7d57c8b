import {
  defineMiddlewares,
  validateAndTransformBody,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { pluginOptions } from "../lib/config"
import { findMethod } from "../options"

/** What a client may send to start a redirect sign-in: at most where to come back to. */
export const StartSignIn = z.object({ callback_url: z.string().optional() }).strict()
const validateStart = validateAndTransformBody(StartSignIn)

/**
 * Starting a sign-in with one of this plugin's methods: the body is checked, and a
 * `callback_url` (body or query) must be one of the method's own. Medusa's Google and GitHub
 * providers send the code wherever they are told to, and its OpenID Connect provider only checks
 * when given a list: a shop's sign-in must never be turned into a redirect to another site.
 */
export function guardSignInStart(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const method = findMethod(
    pluginOptions(req.scope),
    req.params.actor_type,
    req.params.auth_provider
  )
  if (!method) return next()
  const query = req.query as Record<string, unknown>
  const check = () => {
    const body = (req.body ?? {}) as { callback_url?: string }
    for (const asked of [body.callback_url, query.callback_url]) {
      if (asked !== undefined && !method.callbackUrls.includes(String(asked))) {
        return next(
          new MedusaError(
            MedusaError.Types.INVALID_DATA,
            `callback_url must be one of this sign-in method's callback URLs: ${method.callbackUrls.join(", ")}`
          )
        )
      }
    }
    next()
  }
  if (req.method !== "POST") return check()
  return validateStart(req, res, (error?: unknown) => (error ? next(error) : check()))
}

export default defineMiddlewares({
  routes: [
    {
      matcher: "/auth/:actor_type/:auth_provider",
      method: ["GET", "POST"],
      middlewares: [guardSignInStart],
    },
  ],
})

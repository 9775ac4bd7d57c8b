import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import type { IFlagRouter } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

/**
 * Medusa registers the routes of some optional modules whether the module runs or not. Without
 * it (or without its feature flag), the RBAC routes fail with a 500 naming a service that is
 * missing, and the index routes never answer at all (their own guard sets a 404 status and sends
 * nothing). Each answers as Medusa's guard of view configurations does instead: 404, "Route not
 * found".
 */
const OPTIONAL_ROUTES: { flag: string; module: string; matchers: string[] }[] = [
  { flag: "rbac", module: Modules.RBAC, matchers: ["/admin/rbac*", "/admin/users/:id/roles*"] },
  { flag: "index", module: Modules.INDEX, matchers: ["/admin/index*"] },
]

function whenLoaded(flag: string, module: string) {
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const flags = req.scope.resolve<IFlagRouter>(ContainerRegistrationKeys.FEATURE_FLAG_ROUTER)
    if (flags.isFeatureEnabled(flag) && req.scope.hasRegistration(module)) return next()
    res.status(404).json({ type: "not_found", message: "Route not found" })
  }
}

export const optionalModuleMiddlewares: MiddlewareRoute[] = OPTIONAL_ROUTES.flatMap(
  ({ flag, module, matchers }) =>
    matchers.map((matcher) => ({ matcher, middlewares: [whenLoaded(flag, module)] }))
)

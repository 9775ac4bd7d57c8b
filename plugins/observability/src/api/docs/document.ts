import type { MedusaRequest } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, getResolvedPlugins } from "@medusajs/framework/utils"
import path from "node:path"
import { OBSERVABILITY_MODULE } from "../../modules/observability"
import type ObservabilityService from "../../modules/observability/service"
import { buildOpenApi, type OpenApiResult } from "../../openapi"

let built: Promise<OpenApiResult> | undefined

/**
 * The OpenAPI document of every route the app and its plugins add, built once
 * per process from their route files.
 */
export function openApiDocument(req: MedusaRequest): Promise<OpenApiResult> {
  built ??= (async () => {
    const configModule = req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
    const service = req.scope.resolve<ObservabilityService>(OBSERVABILITY_MODULE)
    const plugins = await getResolvedPlugins(process.cwd(), configModule, true)
    return buildOpenApi({
      title: "Zoco API",
      version: service.options.apiVersion,
      apiDirs: plugins.map((p) => path.join(p.resolve, "api")),
    })
  })()
  // A failed build is retried on the next request instead of being remembered.
  built.catch(() => (built = undefined))
  return built
}

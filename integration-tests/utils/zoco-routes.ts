import type { MedusaContainer } from "@medusajs/framework/types"
import { ApiLoader } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, getResolvedPlugins } from "@medusajs/framework/utils"
import { readdirSync } from "fs"
import path from "path"
import { routePaths } from "../../plugins/observability/src/openapi"

const ROOT = path.join(__dirname, "..", "..")

/** `/admin/webhooks/:id` → `/admin/webhooks/{id}`, the OpenAPI spelling. */
const openApiPath = (route: string) => route.replace(/:([A-Za-z0-9_]+)/g, "{$1}")

/**
 * Every path Medusa's router registers while the app loads, as the router itself reports it
 * through its instrumentation hook: the server's own view, not a list kept by hand. Call it
 * before the app loads (at the top of a test file), and `stop` once it has.
 */
export function recordRouterPaths() {
  const paths = new Set<string>()
  /** Each route with its method, in the router's own spelling (`/admin/products/:id`). */
  const routes = new Map<string, { method: string; route: string }>()
  const previous = ApiLoader.traceRoute
  ApiLoader.traceRoute = (handler, route) => {
    paths.add(openApiPath(route.route))
    routes.set(`${route.method} ${route.route}`, { method: route.method, route: route.route })
    return previous ? previous(handler, route) : handler
  }
  return {
    paths,
    routes,
    stop: () => {
      ApiLoader.traceRoute = previous
    },
  }
}

/** The paths Medusa itself serves: its core routes and those of its own plugins (draft orders). */
export async function medusaOwnPaths(container: MedusaContainer): Promise<Set<string>> {
  const core = path.join(
    path.dirname(require.resolve("@medusajs/medusa/package.json")),
    "dist",
    "api"
  )
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const plugins = (await getResolvedPlugins(ROOT, config)).filter((p) =>
    p.name.startsWith("@medusajs/")
  )
  return new Set([core, ...plugins.map((p) => path.join(p.resolve, "api"))].flatMap(routePaths))
}

/** The `api` folders of the app's and every plugin's sources. */
export function sourceApiDirs(): string[] {
  return [
    path.join(ROOT, "src", "api"),
    ...readdirSync(path.join(ROOT, "plugins")).map((p) =>
      path.join(ROOT, "plugins", p, "src", "api")
    ),
  ]
}

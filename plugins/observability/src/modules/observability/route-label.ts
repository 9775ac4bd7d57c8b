import { LRUCache } from "lru-cache"

/** The parts of an Express 4 router layer read here. */
interface RouteLayer {
  route?: { path: string | RegExp; methods: Record<string, boolean> }
  match(path: string): boolean
}

/** The parts of a request read here. */
export interface LabelledRequest {
  method: string
  /** The path as received: `req.path` loses a mount prefix when a mounted middleware answers. */
  originalUrl: string
  baseUrl?: string
  route?: { path: string | RegExp }
  app?: { _router?: { stack?: RouteLayer[] }; router?: { stack?: RouteLayer[] } }
}

/** Label of requests that reach no route: unknown paths must not each become a time series. */
export const UNMATCHED = "unmatched"

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])

export function methodLabel(method: string) {
  const upper = method.toUpperCase()
  return METHODS.has(upper) ? upper : "OTHER"
}

/**
 * Whether a route layer is a route rather than a middleware Medusa registered
 * with a route method (`app.get("/store/products*", cache)`): routes come from
 * files and have only `:params`.
 */
function isRouteTemplate(path: string | RegExp): path is string {
  return typeof path === "string" && !/[*?()[\]]/.test(path)
}

/**
 * Turns a request into the route template it was served by (`/store/products/:id`),
 * so metric labels stay bounded however many ids are requested.
 *
 * Express records the template on `req.route` when a route handler ran. Requests
 * answered by a middleware before that (a `401` from authentication, a cache hit)
 * have none; those are matched against the app's registered routes, remembered
 * per method and path in a bounded cache.
 */
export class RouteLabeler {
  #memo: LRUCache<string, string>

  constructor(maxRemembered = 5_000) {
    this.#memo = new LRUCache({ max: maxRemembered })
  }

  label(req: LabelledRequest): string {
    if (req.route && isRouteTemplate(req.route.path)) {
      return `${req.baseUrl ?? ""}${req.route.path}`
    }
    const method = req.method.toLowerCase()
    const path = req.originalUrl.split("?")[0]
    const key = `${method} ${path}`
    const known = this.#memo.get(key)
    if (known) {
      return known
    }
    const found = this.#find(req, method, path) ?? UNMATCHED
    this.#memo.set(key, found)
    return found
  }

  #find(req: LabelledRequest, method: string, path: string): string | undefined {
    const stack = req.app?._router?.stack ?? req.app?.router?.stack ?? []
    for (const layer of stack) {
      const route = layer.route
      if (
        !route ||
        !isRouteTemplate(route.path) ||
        !(route.methods[method] || route.methods._all)
      ) {
        continue
      }
      if (layer.match(path)) {
        return route.path
      }
    }
    // A preflight names the route it asks about with OPTIONS; label it by that route.
    if (method === "options") {
      return this.#find(req, "get", path) ?? this.#find(req, "post", path)
    }
    return undefined
  }
}

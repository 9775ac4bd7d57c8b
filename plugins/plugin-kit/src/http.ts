import {
  ApiLoader,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"

type TraceMiddleware = NonNullable<typeof ApiLoader.traceMiddleware>
/** One of Medusa's middlewares as its router registers it. */
export type MedusaMiddleware = Parameters<TraceMiddleware>[0]
/** Where Medusa registers it: a prefix (`/store`), and a method for route handlers. */
export type MiddlewareRoute = Parameters<TraceMiddleware>[1]

/**
 * The name of Medusa's publishable-key check on `/store` (`ensurePublishableApiKeyMiddleware`).
 * Medusa does not export the function, so its name is how it is recognised; the kit's tests fail
 * when a Medusa upgrade renames it.
 */
export const PUBLISHABLE_KEY_CHECK = "ensurePublishableApiKeyMiddleware"

/** Medusa's prefixes, each with its own body parsers, CORS and authentication middlewares. */
export const MEDUSA_PREFIXES: ReadonlySet<string> = new Set(["/", "/admin", "/store", "/auth"])

/** A middleware that runs around some of Medusa's own, before any plugin or app middleware. */
export type EarlyMiddleware = {
  /** Names it: registering the same name again replaces it (a file loaded twice). */
  name: string
  /**
   * Where it sits among the early middlewares, whatever the order files load in: the lowest runs
   * first, outermost. Observability uses 0 (it sees everything), security headers 10, the
   * store cache's key memory 20.
   */
  order: number
  /** Which of Medusa's prefix-wide middlewares it wraps (never route handlers or error handlers). */
  wraps(route: MiddlewareRoute, handler: MedusaMiddleware): boolean
  /** Runs in place of Medusa's middleware: calls `inner` to run it, or answers itself. */
  handle(
    req: MedusaRequest,
    res: MedusaResponse,
    next: MedusaNextFunction,
    inner: (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => unknown
  ): unknown
}

type Registry = { hooks: Map<string, EarlyMiddleware> }
// On the process, not the module: two copies of this file (a plugin's build and the app's
// sources) must share one list and install one composer.
const REGISTRY = Symbol.for("zoco.plugin-kit.early-middlewares")
type Global = typeof globalThis & { [REGISTRY]?: Registry }

const COMPOSER = Symbol.for("zoco.plugin-kit.composer")
type Composer = TraceMiddleware & { [COMPOSER]?: true }

function registry(): Registry {
  const g = globalThis as Global
  return (g[REGISTRY] ??= { hooks: new Map() })
}

/**
 * Runs `hook` around the middlewares Medusa registers before any plugin's: its body parsers,
 * CORS, authentication and publishable-key check, which can answer a request (a 401, a 413, a
 * preflight) before any middleware of `defineMiddlewares` runs.
 *
 * `ApiLoader.traceMiddleware` is the one hook Medusa's router calls for each of those as it
 * registers them (it exists for tracing); this is the only place Zoco sets it, composing over
 * a tracer installed before (OpenTelemetry's). Call it when your `src/api/middlewares.ts` is
 * loaded: Medusa reads those files before it registers its own middlewares.
 */
export function runBeforeMedusa(hook: EarlyMiddleware) {
  const state = registry()
  state.hooks.set(hook.name, hook)
  const previous = ApiLoader.traceMiddleware as Composer | undefined
  if (previous?.[COMPOSER]) return
  const compose: Composer = (handler, route) => {
    const inner = previous ? previous(handler, route) : handler
    if (route.method || inner.length > 3) return inner
    const hooks = [...state.hooks.values()]
      .filter((h) => h.wraps(route, handler))
      .sort((a, b) => b.order - a.order)
    return hooks.reduce<MedusaMiddleware>((wrapped, h) => {
      const run = wrapped as (
        req: MedusaRequest,
        res: MedusaResponse,
        next: MedusaNextFunction
      ) => unknown
      return ((req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) =>
        h.handle(req, res, next, run)) as MedusaMiddleware
    }, inner)
  }
  compose[COMPOSER] = true
  ApiLoader.traceMiddleware = compose
}

/** Which early middlewares are registered, by name, in the order they run (for diagnostics). */
export function earlyMiddlewares(): string[] {
  return [...registry().hooks.values()].sort((a, b) => a.order - b.order).map((h) => h.name)
}

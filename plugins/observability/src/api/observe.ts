import { AsyncLocalStorage } from "node:async_hooks"
import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { runBeforeMedusa } from "@zoco/plugin-kit/http"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { OBSERVABILITY_MODULE } from "../modules/observability"
import { methodLabel, type LabelledRequest } from "../modules/observability/route-label"
import { requestIdFrom } from "../modules/observability/request-id"
import type ObservabilityService from "../modules/observability/service"

export type RequestContext = { requestId: string }

const CONTEXT_KEY = Symbol.for("zoco.observability.request-context")
type GlobalWithContext = typeof globalThis & {
  [CONTEXT_KEY]?: AsyncLocalStorage<RequestContext>
}

/**
 * The request a piece of code runs for, across `await`s: workflows and log
 * lines started by a request see its id. Kept on `globalThis` so every copy of
 * this package in a process (the plugin and a logger loaded from the config)
 * shares one store.
 */
export function requestContext(): AsyncLocalStorage<RequestContext> {
  const g = globalThis as GlobalWithContext
  return (g[CONTEXT_KEY] ??= new AsyncLocalStorage<RequestContext>())
}

const OBSERVED = Symbol("zoco.observability.observed")
type ObservedRequest = MedusaRequest & { [OBSERVED]?: true }

/**
 * Starts observing a request once, at the first middleware that sees it:
 * settles its id, echoes it in `x-request-id`, runs the rest of the chain in
 * its context, and on finish records the duration by route template and
 * writes the access line.
 */
export function observeRequest(req: MedusaRequest, res: MedusaResponse, next: () => unknown) {
  const observed = req as ObservedRequest
  if (observed[OBSERVED]) {
    return next()
  }
  observed[OBSERVED] = true

  const requestId = requestIdFrom(req.headers["x-request-id"])
  // Medusa copies the header unchecked; its own log lines read this field.
  req.requestId = requestId
  res.setHeader("x-request-id", requestId)

  let service: ObservabilityService | undefined
  try {
    service = req.scope.resolve<ObservabilityService>(OBSERVABILITY_MODULE)
  } catch {
    // Module not registered: ids and context still work, nothing is recorded.
  }
  if (service) {
    res.setHeader("x-zoco-api-version", service.options.apiVersion)
    // The application's logger: the one medusa-config.ts may have replaced, unlike a module's.
    const logger = service.options.accessLog
      ? req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      : undefined
    const started = process.hrtime.bigint()
    const record = () => {
      res.off("finish", record)
      res.off("close", record)
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      // A request the client abandoned has no status of its own.
      const status = res.writableFinished ? res.statusCode : 499
      const route = service!.routes.label(req as unknown as LabelledRequest)
      const method = methodLabel(req.method)
      const cache = res.getHeader("x-cache")
      service!.observeRequest(
        method,
        route,
        status,
        seconds,
        typeof cache === "string" ? cache : undefined
      )
      if (logger) {
        const ms = (seconds * 1000).toFixed(1)
        logger.info(`${method} ${route} ${status} ${ms} ms request_id=${requestId}`)
      }
    }
    res.on("finish", record)
    res.on("close", record)
  }
  return requestContext().run({ requestId }, next)
}

/**
 * Medusa registers its body parsers, CORS and authentication before any plugin middleware, and
 * those can answer a request (a `401`, a `413`, a CORS preflight) that would then go unobserved:
 * the first of them starts observing, outermost of Zoco's early middlewares.
 */
export function installEarlyObserver() {
  runBeforeMedusa({
    name: "zoco.observability",
    order: 0,
    wraps: () => true,
    handle: (req, res, next, inner) => observeRequest(req, res, () => inner(req, res, next)),
  })
}

import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/** Parameter names Medusa's APIs use: `limit`, `id[]`, `created_at[$gte]`, `$or[0][q]`, … */
const PARAMETER_NAME = /^[A-Za-z0-9_$]+(\[[A-Za-z0-9_$]*\])*$/

function invalid(message: string) {
  return new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid query: ${message}`)
}

/**
 * Query strings the Store and Admin APIs would otherwise answer with a 500:
 * names their parser cannot take apart (dots, empty names), NUL characters
 * and negative or non-numeric page sizes, which reached the database as they
 * were.
 */
export function queryGuard(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const raw = req.originalUrl.split("?")[1]
  if (!raw) {
    return next()
  }
  for (const [name, value] of new URLSearchParams(raw)) {
    if (!PARAMETER_NAME.test(name)) {
      return next(invalid(`"${name.slice(0, 40)}" is not a valid parameter name`))
    }
    if (value.includes("\u0000")) {
      // PostgreSQL text cannot hold NUL; the query would fail in the database.
      return next(invalid(`${name} contains a NUL character`))
    }
    if ((name === "limit" || name === "offset") && !/^\d{1,9}$/.test(value)) {
      return next(invalid(`${name} must be a whole number from 0`))
    }
  }
  next()
}

export const queryGuardMiddlewares: MiddlewareRoute[] = [
  { method: ["GET"], matcher: "/store/*", middlewares: [queryGuard] },
  { method: ["GET"], matcher: "/admin/*", middlewares: [queryGuard] },
]

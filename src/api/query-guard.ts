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
 * were. Every method: Medusa's POST routes read `fields` and filters from the
 * query string too (`/admin/products/export`, `/admin/uploads`, ...).
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

// Far deeper than any body Medusa takes; a deeper one is refused rather than walked.
const MAX_DEPTH = 64

/** What PostgreSQL could not store, and where: a NUL character, or nesting past MAX_DEPTH. */
export type Unstorable = { at: string; why: "a NUL character" | "nesting too deep" }

/** The first place in `value` that holds a NUL character (in a string or a key), if any. */
export function nulAt(value: unknown, at: string, depth = 0): Unstorable | undefined {
  if (typeof value === "string") {
    return value.includes("\u0000") ? { at, why: "a NUL character" } : undefined
  }
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) return undefined
  if (depth > MAX_DEPTH) return { at, why: "nesting too deep" }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, `${at}[${i}]`, depth + 1)
      if (found) return found
    }
    return undefined
  }
  for (const [key, item] of Object.entries(value)) {
    const name = `${at}.${key.replaceAll("\u0000", "\\u0000").slice(0, 40)}`
    if (key.includes("\u0000")) return { at: name, why: "a NUL character" }
    const found = nulAt(item, name, depth + 1)
    if (found) return found
  }
  return undefined
}

/**
 * Makes every object in a parsed JSON body printable. An object with its own `toString` or
 * `valueOf` key holding data (`{"items": {"toString": "x"}}`) cannot be turned into a string:
 * Medusa's validation message for a field of the wrong type prints the value it got, and threw
 * "Cannot convert object to primitive value" (a 500) instead of answering 400. Such an object
 * prints as any other does, `[object Object]`, through a symbol key, which JSON, validation and
 * storage never see.
 */
export function makePrintable(value: unknown, depth = 0): void {
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) return
  if (depth > MAX_DEPTH) return
  if (Array.isArray(value)) {
    for (const item of value) makePrintable(item, depth + 1)
    return
  }
  const record = value as Record<string, unknown>
  const own = (key: string) => Object.prototype.hasOwnProperty.call(record, key)
  if (
    (own("toString") && typeof record.toString !== "function") ||
    (own("valueOf") && typeof record.valueOf !== "function")
  ) {
    // Configurable, so a second walk of the same body redefines it rather than throwing.
    Object.defineProperty(record, Symbol.toPrimitive, {
      value: () => "[object Object]",
      configurable: true,
    })
  }
  for (const item of Object.values(record)) makePrintable(item, depth + 1)
}

/** Free-form JSON fields: Medusa's validation takes any value in them. */
const FREE_FORM = new Set(["metadata", "data"])

/**
 * The first `null` inside a list within a free-form field (`metadata`, `data`) of `value`, at any
 * depth. Each of Medusa's update steps reads the fields an update names by walking its data, and
 * failed on a list holding `null` (`Object.entries(null)`) with a 500, after the request's
 * validation had passed.
 */
export function nullInListAt(
  value: unknown,
  at: string,
  inFreeForm = false,
  depth = 0
): string | undefined {
  if (value === null || typeof value !== "object" || Buffer.isBuffer(value)) return undefined
  if (depth > MAX_DEPTH) return undefined
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      if (item === null && inFreeForm) return `${at}[${i}]`
      const found = nullInListAt(item, `${at}[${i}]`, inFreeForm, depth + 1)
      if (found) return found
    }
    return undefined
  }
  for (const [key, item] of Object.entries(value)) {
    const found = nullInListAt(
      item,
      `${at}.${key.slice(0, 40)}`,
      inFreeForm || FREE_FORM.has(key),
      depth + 1
    )
    if (found) return found
  }
  return undefined
}

/** Refuses what `nullInListAt` finds in a Store or Admin request's body, before any step runs. */
export function freeFormGuard(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const at = nullInListAt(req.body, "body")
  if (!at) return next()
  next(
    new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid request: ${at} is null; a list in metadata or data cannot hold null`
    )
  )
}

/**
 * PostgreSQL cannot store a NUL character in text or JSON: a request carrying one in its path,
 * query or body reached the database and failed there with a 500, after any earlier step of its
 * workflow had run. Refused first, on every method and route, with a 400 naming where it was.
 */
export function storableGuard(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const [path, query = ""] = req.originalUrl.split("?")
  if (/%00/i.test(path)) {
    return next(
      new MedusaError(MedusaError.Types.INVALID_DATA, "Invalid path: it contains a NUL character")
    )
  }
  for (const [name, value] of new URLSearchParams(query)) {
    if (name.includes("\u0000") || value.includes("\u0000")) {
      return next(
        invalid(`${name.replaceAll("\u0000", "\\u0000").slice(0, 40)} contains a NUL character`)
      )
    }
  }
  // Payment webhooks keep their raw body for signature checks and may have none parsed.
  const found = nulAt(req.body, "body")
  if (found) {
    return next(
      new MedusaError(
        MedusaError.Types.INVALID_DATA,
        found.why === "a NUL character"
          ? `Invalid request: ${found.at} contains a NUL character, which cannot be stored`
          : `Invalid request: ${found.at} is nested more than ${MAX_DEPTH} levels deep`
      )
    )
  }
  makePrintable(req.body)
  next()
}

export const queryGuardMiddlewares: MiddlewareRoute[] = [
  { matcher: "/store/*", middlewares: [queryGuard] },
  { matcher: "/admin/*", middlewares: [queryGuard] },
  ...["/store/*", "/admin/*", "/auth/*", "/hooks/*"].map((matcher): MiddlewareRoute => ({
    matcher,
    middlewares: [storableGuard],
  })),
  // Not on payment webhooks: a gateway's event is not Zoco's to refuse.
  ...["/store/*", "/admin/*"].map((matcher): MiddlewareRoute => ({
    method: ["POST"],
    matcher,
    middlewares: [freeFormGuard],
  })),
]

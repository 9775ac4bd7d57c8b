import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"

/**
 * Checks a request's body or query against a `.strict()` schema, answering a 400 that names the
 * first field at fault; the parsed value replaces the raw one, so handlers read typed input.
 */
export function validated(where: "body" | "query", schema: z.ZodTypeAny) {
  return (req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) => {
    const result = schema.safeParse(req[where] ?? {})
    if (result.success) {
      if (where === "body") req.body = result.data
      else req.validatedQuery = result.data as Record<string, unknown>
      return next()
    }
    const issue = result.error.issues[0]
    const field = issue.path.join(".")
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown field(s) ${issue.keys.join(", ")}`
        : issue.message
    return next(
      new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Invalid request: ${field ? `${field}: ` : ""}${message}`
      )
    )
  }
}

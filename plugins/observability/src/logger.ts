import type { Logger } from "@medusajs/framework/types"
import { requestContext } from "./api/observe"

/** Values that must never reach a log line, with what each is replaced by. */
const SECRET_PATTERNS: [RegExp, string][] = [
  // Authorization headers and tokens quoted from them.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, "$1 [redacted]"],
  // Stripe keys and webhook secrets, Medusa publishable keys.
  [/\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]+/g, "$1_$2_[redacted]"],
  [/\bwhsec_[A-Za-z0-9]+/g, "whsec_[redacted]"],
  // key=value and "key": "value" pairs whose name says they are secret.
  [
    /\b(password|passwd|secret|token|api_key|apikey|client_secret|authorization|cookie)(["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
    "$1$2[redacted]",
  ],
]

/** Card numbers: 13 to 19 digits, optionally grouped, that pass the Luhn check. */
const CARD_CANDIDATE = /\b\d(?:[ -]?\d){12,18}\b/g

function luhn(digits: string) {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/** A log message with secrets, tokens, passwords and card numbers masked. */
export function redact(message: string): string {
  let out = message
  for (const [pattern, replacement] of SECRET_PATTERNS) {
    out = out.replace(pattern, replacement)
  }
  return out.replace(CARD_CANDIDATE, (match) => {
    const digits = match.replace(/[ -]/g, "")
    return luhn(digits) ? "[card redacted]" : match
  })
}

const LEVELS = ["info", "warn", "debug", "http", "verbose", "silly", "panic"] as const

/**
 * Medusa's logger, with the request id of the request a line is written for
 * appended (`request_id=…`), and secrets masked. Pass it as `logger` in
 * `medusa-config.ts`; everything else (levels, JSON in production, activities)
 * stays Medusa's.
 */
export function createRequestLogger(base: Logger): Logger {
  const tag = (message: string) => {
    const id = requestContext().getStore()?.requestId
    const clean = redact(message)
    return id && !clean.includes("request_id=") ? `${clean} request_id=${id}` : clean
  }
  // Methods of its own over Medusa's logger as prototype: everything else (activities,
  // levels) is Medusa's, and replacing a method here (a test's spy) leaves Medusa's intact.
  const wrapped: Logger = Object.create(base)
  for (const level of LEVELS) {
    wrapped[level] = ((message: unknown) => {
      // Masking costs regular expressions over the line; a line below the level is dropped anyway.
      if (typeof base.shouldLog === "function" && !base.shouldLog(level)) return
      return base[level](typeof message === "string" ? tag(message) : (message as string))
    }) as never
  }
  wrapped.error = (messageOrError: string | Error, error?: Error) => {
    if (typeof messageOrError === "string") {
      return base.error(tag(messageOrError), error)
    }
    // A copy: the error itself may still be on its way to a response or a retry.
    const copy: Error = Object.assign(
      Object.create(Object.getPrototypeOf(messageOrError)),
      messageOrError
    )
    copy.message = tag(messageOrError.message)
    copy.stack = messageOrError.stack?.replace(messageOrError.message, copy.message)
    return base.error(copy, error)
  }
  return wrapped
}

import type {
  MedusaNextFunction,
  MedusaRequest,
  MedusaResponse,
  MiddlewareRoute,
} from "@medusajs/framework/http"
import {
  consumeOrRefuse,
  createRateLimiter,
  limiterRedis,
  type RateLimiter,
} from "@zoco/plugin-kit/rate-limit"
import { ephemeralSecrets, parseEnv } from "../../lib/env"

type Limiters = {
  perIp?: RateLimiter
  perAccount?: RateLimiter
  loginMinMs: number
}

let limiters: Limiters | undefined

/** Built on first use, from the same environment medusa-config.ts was built from. */
function getLimiters(): Limiters {
  if (!limiters) {
    // Only the limits are read here; secrets were checked when medusa-config.ts loaded.
    const env = parseEnv(process.env, ephemeralSecrets)
    const { perIp, perAccount, loginMinMs } = env.authProtection
    // Shared by every server process through Redis when there is one.
    const redis = env.redisUrl && (perIp || perAccount) ? limiterRedis(env.redisUrl) : undefined
    limiters = {
      perIp: perIp && createRateLimiter("auth:ip", perIp, redis),
      perAccount: perAccount && createRateLimiter("auth:account", perAccount, redis),
      loginMinMs,
    }
  }
  return limiters
}

/** `customer:ann@example.com` for a body naming an account, whatever the field. */
function accountKey(req: MedusaRequest): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>
  const named = body.email ?? body.identifier
  if (typeof named !== "string" || named.trim() === "") {
    return undefined
  }
  const actor = req.path.split("/")[2] ?? "unknown"
  return `${actor}:${named.trim().toLowerCase()}`
}

/**
 * Limits auth requests per client address and per named account, so neither
 * one address nor many addresses can guess one account's password.
 */
export async function authRateLimit(
  req: MedusaRequest,
  res: MedusaResponse,
  next: MedusaNextFunction
) {
  const { perIp, perAccount } = getLimiters()
  const account = perAccount ? accountKey(req) : undefined
  const message = (seconds: number) => `Too many attempts. Try again in ${seconds} seconds.`
  try {
    if (perIp && !(await consumeOrRefuse(perIp, req.ip ?? "unknown", res, message))) return
    if (perAccount && account && !(await consumeOrRefuse(perAccount, account, res, message))) {
      return
    }
  } catch (error) {
    return next(error)
  }
  if (perAccount && account) {
    // A successful sign-in clears that account's failed attempts.
    res.on("finish", () => {
      if (res.statusCode < 400) void perAccount.delete(account).catch(() => undefined)
    })
  }
  next()
}

/**
 * How long login answers are held: at least the configured floor, and at least the slowest of
 * the recent logins. On a busy server hashing a known email's password can take longer than the
 * floor; holding every answer to what the recent ones took keeps an unknown email answering as
 * slowly as a wrong password then too. Bounded so one stall does not slow every login for long.
 */
export class LoginHold {
  readonly #recent: number[] = []

  constructor(
    readonly floorMs: number,
    readonly window = 16,
    readonly capMs = Math.max(floorMs, 5_000)
  ) {}

  /** Records a login that took `elapsedMs` to answer; returns how long to hold its answer in all. */
  holdFor(elapsedMs: number): number {
    if (this.floorMs === 0) return 0
    this.#recent.push(Math.min(elapsedMs, this.capMs))
    if (this.#recent.length > this.window) this.#recent.shift()
    return Math.max(this.floorMs, ...this.#recent)
  }
}

let loginHold: LoginHold | undefined

/**
 * Medusa's email/password provider answers an unknown email at once but hashes for a known one;
 * holding every login answer to the same time (see LoginHold) keeps response times from telling
 * which emails have accounts.
 */
export function equalLoginTime(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const { loginMinMs } = getLimiters()
  if (loginHold?.floorMs !== loginMinMs) loginHold = new LoginHold(loginMinMs)
  const hold = loginHold
  const started = Date.now()
  const json = res.json.bind(res)
  res.json = (body?: unknown) => {
    const elapsed = Date.now() - started
    const wait = hold.holdFor(elapsed) - elapsed
    if (wait <= 0) return json(body)
    setTimeout(() => json(body), wait)
    return res
  }
  next()
}

export const authProtectionMiddlewares: MiddlewareRoute[] = [
  { method: ["POST"], matcher: "/auth/*", middlewares: [authRateLimit] },
  // Redirect sign-ins start and finish with GET too (the storefront SDK's callback does).
  { method: ["GET"], matcher: "/auth/:actor_type/:auth_provider", middlewares: [authRateLimit] },
  {
    method: ["GET"],
    matcher: "/auth/:actor_type/:auth_provider/callback",
    middlewares: [authRateLimit],
  },
  { method: ["POST"], matcher: "/auth/:actor_type/emailpass", middlewares: [equalLoginTime] },
]

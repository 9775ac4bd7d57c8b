import { createHmac, randomBytes, timingSafeEqual } from "node:crypto"

/** A new endpoint secret: 32 random bytes, shown to the merchant once. */
export function newSecret() {
  return `whsec_${randomBytes(32).toString("base64url")}`
}

/** `v1=<hex>`: HMAC-SHA256 with the secret over `<timestamp>.<body>`. */
export function sign(secret: string, timestamp: number, body: string) {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`
}

/**
 * What a receiver does: recompute the signature over the timestamp and the raw body, compare in
 * constant time with each `v1=` the header carries (two while a secret is being rotated), and
 * refuse timestamps older than `toleranceSeconds` so a captured request cannot be replayed.
 */
export function verify(
  secret: string,
  header: string | undefined,
  timestamp: string | undefined,
  body: string,
  toleranceSeconds = 300,
  now = Date.now()
) {
  const t = Number(timestamp)
  if (!header || !Number.isInteger(t) || Math.abs(now / 1000 - t) > toleranceSeconds) {
    return false
  }
  const expected = Buffer.from(sign(secret, t, body))
  return header
    .split(",")
    .map((part) => Buffer.from(part.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected))
}

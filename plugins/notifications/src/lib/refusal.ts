import type { NodemailerError } from "nodemailer"

/**
 * Marks a refusal that no retry can change. Medusa's Notification module rethrows a provider's
 * error as a new error that keeps only the message, so the verdict travels in the message.
 */
export const FINAL_REFUSAL = "(refused for good)"

/**
 * Whether the SMTP server refused this mail itself for good: a permanent reply (5xx, RFC 5321
 * §4.2.1) to its recipient or its content. A refused login or sender is the shop's
 * configuration, not the mail, and a 4xx reply or a lost connection may pass later: those
 * are retried.
 */
export function isFinalSmtpRefusal(error: unknown): boolean {
  const e = error as NodemailerError | undefined
  return e?.permanent === true && (e.command === "RCPT TO" || e.command === "DATA")
}

/** Whether a send's error message (as the Notification module reports it) is final. */
export const isFinalRefusal = (message: string) => message.includes(FINAL_REFUSAL)

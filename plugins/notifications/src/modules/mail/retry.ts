/**
 * Waits before each retry of a mail the SMTP server did not accept, after the schedules mail
 * servers themselves keep: soon at first (a restarting relay), then hourly, for about a day.
 */
export const MAIL_RETRY_SCHEDULE_MS = [
  60_000,
  5 * 60_000,
  15 * 60_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
]

/** The wait after the `attempts`-th failed attempt, or undefined when the mail has failed for good. */
export function nextRetryMs(attempts: number, schedule: number[] = MAIL_RETRY_SCHEDULE_MS) {
  return attempts >= 1 && attempts <= schedule.length ? schedule[attempts - 1] : undefined
}

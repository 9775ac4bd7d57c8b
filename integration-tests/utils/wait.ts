/**
 * Polls `probe` until it returns a value other than undefined, or fails with
 * `what` after `timeoutMs`. For effects that happen after a delay on purpose,
 * such as payment webhooks, which Medusa processes a few seconds later.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  intervalMs = 500
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

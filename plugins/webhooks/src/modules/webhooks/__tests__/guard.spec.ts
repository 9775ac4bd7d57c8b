import { checkUrl, safeAddress, UnsafeUrlError } from "../address-guard"
import { DEFAULT_RETRY, retryDelayMs } from "../retry"
import { newSecret, sign, verify } from "../signature"

const strict = { allowedHosts: [], allowHttp: false }

describe("endpoint URLs", () => {
  it.each([
    ["http://example.com/hook", /must use https/],
    ["ftp://example.com/hook", /must use https/],
    ["https://user:pw@example.com/hook", /user name or password/],
    ["not a url", /is not a URL/],
  ])("refuses %s", (url, reason) => {
    expect(() => checkUrl(url, strict)).toThrow(reason)
  })

  it.each([
    "https://127.0.0.1/hook",
    "https://10.1.2.3/hook",
    "https://172.20.0.5/hook",
    "https://192.168.1.1/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/hook",
    "https://[::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[fd00::1]/hook",
    "https://[fe80::1]/hook",
    "https://0.0.0.0/hook",
    "https://localhost/hook",
  ])("refuses %s, which reaches the server or a private network", async (url) => {
    await expect(safeAddress(checkUrl(url, strict), strict)).rejects.toThrow(UnsafeUrlError)
  })

  it("allows a private host only when configured, and public addresses always", async () => {
    const allowed = { allowedHosts: ["127.0.0.1"], allowHttp: true }
    await expect(safeAddress(checkUrl("http://127.0.0.1:9/x", allowed), allowed)).resolves.toEqual({
      address: "127.0.0.1",
      family: 4,
    })
    await expect(
      safeAddress(checkUrl("https://93.184.215.14/x", strict), strict)
    ).resolves.toMatchObject({ address: "93.184.215.14" })
  })
})

describe("signatures", () => {
  const body = JSON.stringify({ id: "evt_1", type: "order.placed" })
  const now = 1_800_000_000_000
  const t = now / 1000

  it("verifies what was signed, and nothing else", () => {
    const secret = newSecret()
    expect(secret).toMatch(/^whsec_[\w-]{43}$/)
    const header = sign(secret, t, body)
    expect(verify(secret, header, String(t), body, 300, now)).toBe(true)
    expect(verify(secret, header, String(t), `${body} `, 300, now)).toBe(false)
    expect(verify(newSecret(), header, String(t), body, 300, now)).toBe(false)
    expect(verify(secret, header, String(t + 1), body, 300, now)).toBe(false)
  })

  it("refuses an old timestamp, so a captured request cannot be replayed", () => {
    const secret = newSecret()
    const old = t - 301
    expect(verify(secret, sign(secret, old, body), String(old), body, 300, now)).toBe(false)
  })

  it("accepts either secret while one is being rotated", () => {
    const [previous, current] = [newSecret(), newSecret()]
    const header = `${sign(current, t, body)},${sign(previous, t, body)}`
    expect(verify(previous, header, String(t), body, 300, now)).toBe(true)
    expect(verify(current, header, String(t), body, 300, now)).toBe(true)
  })
})

describe("retry waits", () => {
  it("double from 30 seconds, with jitter, up to six hours, about a day in all", () => {
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0.5)).toBe(30_000)
    expect(retryDelayMs(2, DEFAULT_RETRY, () => 0.5)).toBe(60_000)
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0)).toBe(24_000)
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 1)).toBe(36_000)
    expect(retryDelayMs(20, DEFAULT_RETRY, () => 0.5)).toBe(6 * 3_600_000)
    let total = 0
    for (let attempt = 1; attempt < DEFAULT_RETRY.maxAttempts; attempt++) {
      total += retryDelayMs(attempt, DEFAULT_RETRY, () => 0.5)
    }
    expect(total / 3_600_000).toBeGreaterThan(20)
    expect(total / 3_600_000).toBeLessThan(30)
  })
})

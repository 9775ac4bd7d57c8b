import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import type { AxiosInstance, AxiosResponse } from "axios"
import { registerCustomer, seedStore, type SeededStore } from "../utils/store"

jest.setTimeout(240_000)

// Low limits so the test reaches them quickly; read when the first auth request arrives.
process.env.AUTH_RATE_LIMIT_PER_IP = "8/60"
process.env.AUTH_RATE_LIMIT_PER_ACCOUNT = "4/60"
process.env.AUTH_LOGIN_MIN_MS = "400"

let nextAddress = 1
/** A fresh client address, as the trusted proxy reports it. */
function fromNewAddress() {
  const n = nextAddress++
  return { "x-forwarded-for": `10.0.${Math.floor(n / 250)}.${n % 250}` }
}

async function login(
  api: AxiosInstance,
  email: string,
  password: string,
  headers: Record<string, string> = fromNewAddress()
): Promise<AxiosResponse> {
  return api.post(
    "/auth/customer/emailpass",
    { email, password },
    {
      headers,
      validateStatus: () => true,
    }
  )
}

async function timed(run: () => Promise<AxiosResponse>) {
  const started = performance.now()
  const res = await run()
  return { status: res.status, ms: performance.now() - started }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
    })

    afterAll(() => {
      delete process.env.AUTH_RATE_LIMIT_PER_IP
      delete process.env.AUTH_RATE_LIMIT_PER_ACCOUNT
      delete process.env.AUTH_LOGIN_MIN_MS
    })

    it("locks one account after repeated attempts, from whatever addresses they come", async () => {
      const email = "target@zoco.test"
      await registerCustomer(api, shop.publishableKey, email, "the-real-password-1")
      for (let i = 0; i < 4; i++) {
        expect((await login(api, email, `guess-${i}`)).status).toBe(401)
      }
      const blocked = await login(api, email, "guess-5")
      expect(blocked.status).toBe(429)
      const retryAfter = Number(blocked.headers["retry-after"])
      expect(retryAfter).toBeGreaterThanOrEqual(1)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expect(blocked.data.message).toMatch(/too many attempts/i)
      // Even the right password waits: the attacker learns nothing from it.
      expect((await login(api, email, "the-real-password-1")).status).toBe(429)
      // Other accounts are unaffected.
      expect((await login(api, "someone-else@zoco.test", "x")).status).toBe(401)
    })

    it("limits one address, whichever accounts it tries", async () => {
      const address = fromNewAddress()
      for (let i = 0; i < 8; i++) {
        expect((await login(api, `spray-${i}@zoco.test`, "x", address)).status).toBe(401)
      }
      const blocked = await login(api, "spray-9@zoco.test", "x", address)
      expect(blocked.status).toBe(429)
      expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0)
      // Registration and password reset count against the same address.
      const reset = await api.post(
        "/auth/customer/emailpass/reset-password",
        { identifier: "spray-10@zoco.test" },
        { headers: address, validateStatus: () => true }
      )
      expect(reset.status).toBe(429)
      expect((await login(api, "spray-9@zoco.test", "x")).status).toBe(401)
    })

    it("a successful sign-in clears the account's failed attempts", async () => {
      const email = "forgetful@zoco.test"
      const password = "remembered-at-last-1"
      await registerCustomer(api, shop.publishableKey, email, password)
      for (let i = 0; i < 3; i++) {
        expect((await login(api, email, "wrong")).status).toBe(401)
      }
      expect((await login(api, email, password)).status).toBe(200)
      for (let i = 0; i < 3; i++) {
        expect((await login(api, email, "wrong")).status).toBe(401)
      }
    })

    it("answers an unknown email as slowly as a wrong password", async () => {
      const email = "known@zoco.test"
      await registerCustomer(api, shop.publishableKey, email, "known-password-1")
      const wrongPassword: number[] = []
      const unknownEmail: number[] = []
      for (let i = 0; i < 3; i++) {
        const a = await timed(() => login(api, email, `wrong-${i}`))
        const b = await timed(() => login(api, `unknown-${i}@zoco.test`, `wrong-${i}`))
        expect([a.status, b.status]).toEqual([401, 401])
        wrongPassword.push(a.ms)
        unknownEmail.push(b.ms)
      }
      expect(Math.min(...unknownEmail)).toBeGreaterThanOrEqual(390)
      expect(Math.abs(median(wrongPassword) - median(unknownEmail))).toBeLessThan(60)
    })
  },
})

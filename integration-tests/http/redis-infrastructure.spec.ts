import { Modules } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import Redis from "ioredis"
import { checkout, inStockVariant, listProducts } from "../utils/checkout"
import { seedStore } from "../utils/store"

jest.setTimeout(240_000)

// medusa-config.ts reads the environment when the runner loads it, so the
// Redis URL must be in place before that.
const redisUrl = process.env.ZOCO_TEST_REDIS_URL
if (redisUrl) {
  process.env.REDIS_URL = redisUrl
  // The caching module's entries in Redis, which a deployment chooses with this setting.
  process.env.CACHING_STORE = "redis"
} else {
  console.warn(
    "SKIPPED: Redis infrastructure tests (set ZOCO_TEST_REDIS_URL to a Redis server to run them)"
  )
}

const suite = redisUrl
  ? zocoIntegrationTestRunner
  : () => describe.skip("Redis infrastructure", () => it("needs Redis", () => undefined))

suite({
  testSuite: ({ api, getContainer }) => {
    afterAll(() => {
      delete process.env.REDIS_URL
      delete process.env.CACHING_STORE
    })

    it("runs events, workflows and locks on Redis and still takes orders", async () => {
      const container = getContainer()
      expect(container.resolve(Modules.EVENT_BUS).constructor.name).toMatch(/Redis/)

      const shop = await seedStore(container, api)
      const products = await listProducts(api, shop.publishableKey, shop.regions.us)
      const { order } = await checkout(api, shop.publishableKey, {
        region: shop.regions.us,
        items: [{ variant_id: inStockVariant(products).variant.id, quantity: 1 }],
      })
      expect(order.id).toMatch(/^order_/)

      // The event bus queued the order's events in Redis (BullMQ keys).
      const redis = new Redis(redisUrl as string)
      try {
        const keys = await redis.keys("bull:*")
        expect(keys.length).toBeGreaterThan(0)
      } finally {
        redis.disconnect()
      }
    })

    // Medusa's Redis provider kept an empty result, which no change invalidates, for an hour: a
    // promotion code a buyer tried before it was created stayed unknown that long.
    it("caches in Redis only what a change can invalidate", async () => {
      const caching = getContainer().resolve(Modules.CACHING)
      const key = `zoco-test-${Date.now()}`
      const redis = new Redis(redisUrl as string)
      try {
        await caching.set({ key: `${key}-probe`, data: { id: "reg_0" }, tags: ["Region:reg_0"] })
        // Medusa's Redis provider prefixes its keys: the entry is there for every process.
        expect((await redis.keys(`*${key}-probe*`)).length).toBeGreaterThan(0)
      } finally {
        redis.disconnect()
      }
      await caching.set({ key: `${key}-empty`, data: { data: [] } })
      await caching.set({ key: `${key}-region`, data: { id: "reg_1" }, tags: ["Region:reg_1"] })
      expect(await caching.get({ key: `${key}-empty` })).toBeNull()
      expect(await caching.get({ key: `${key}-region` })).toEqual({ id: "reg_1" })
      await caching.clear({ tags: ["Region:reg_1"] })
      expect(await caching.get({ key: `${key}-region` })).toBeNull()
    })

    it("counts auth attempts in Redis, so every server process shares the limits", async () => {
      const email = `shared-limit-${Date.now()}@zoco.test`
      const res = await api.post(
        "/auth/customer/emailpass",
        { email, password: "wrong" },
        { validateStatus: () => true }
      )
      expect(res.status).toBe(401)
      const redis = new Redis(redisUrl as string)
      try {
        expect(await redis.keys(`zoco:auth:account*${email}`)).toHaveLength(1)
      } finally {
        redis.disconnect()
      }
    })
  },
})

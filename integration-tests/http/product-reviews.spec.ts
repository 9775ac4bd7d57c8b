import type { INotificationModuleService } from "@medusajs/framework/types"
import Medusa, { FetchError } from "@medusajs/js-sdk"
import { Modules } from "@medusajs/framework/utils"
import { zocoIntegrationTestRunner } from "../utils/medusa-runner"
import type { AxiosInstance } from "axios"
import { checkout, inStockVariant, listProducts, type StoreProduct } from "../utils/checkout"
import {
  adminToken,
  bearer,
  failure,
  registerCustomer,
  seedStore,
  storeHeaders,
  type SeededStore,
} from "../utils/store"
import { eventually } from "../utils/wait"
import {
  ProductReviewEvents,
  type ReviewSubmittedEvent,
} from "../../plugins/product-reviews/src/modules/product-review/events"
import notifyMerchantOfReview from "../../plugins/product-reviews/src/subscribers/notify-merchant-of-review"

jest.setTimeout(240_000)

// Dozens of customers sign up from one address here; the sign-up limit is for the public.
process.env.AUTH_RATE_LIMIT_PER_IP = "off"

type Review = {
  id: string
  rating: number
  title: string
  content: string
  status?: string
  verified_purchase: boolean
  display_name: string
  helpful_count: number
  reply: string | null
}
type Summary = { average: number; count: number; counts: Record<string, number> }

let customers = 0
/** A new customer account, logged in; each test gets its own, so tests share no state. */
async function newCustomer(api: AxiosInstance, pk: string, name = "shopper") {
  const email = `${name}-${++customers}@zoco.test`
  return registerCustomer(api, pk, email, "a long enough password 1")
}

zocoIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: SeededStore
    let pk: string
    let admin: ReturnType<typeof bearer>
    let products: StoreProduct[]
    let productNumber = 0

    beforeAll(async () => {
      shop = await seedStore(getContainer(), api)
      pk = shop.publishableKey
      admin = bearer(await adminToken(getContainer(), api))
      products = await listProducts(api, pk, shop.regions.europe)
    })

    /** A product no other test has reviewed. */
    const freshProduct = () => {
      const product = products[productNumber++]
      if (!product) throw new Error("the seed has too few products for these tests")
      return product
    }

    const post = (productId: string, token: string | undefined, body: object) =>
      api.post(`/store/products/${productId}/reviews`, body, storeHeaders(pk, token))

    const list = async (productId: string, query = "") =>
      (await api.get(`/store/products/${productId}/reviews${query}`, storeHeaders(pk))).data as {
        reviews: Review[]
        count: number
        summary: Summary
      }

    /** The customer orders one of an in-stock variant; returns what they bought. */
    const buy = async (who: Awaited<ReturnType<typeof newCustomer>>) => {
      const bought = inStockVariant(products)
      await checkout(api, pk, {
        region: shop.regions.europe,
        items: [{ variant_id: bought.variant.id, quantity: 1 }],
        email: who.customer.email,
        token: who.token,
      })
      return bought
    }

    const approve = (ids: string[]) => api.post("/admin/reviews/approve", { ids }, admin)

    it("a customer's review waits for moderation, then the store shows it with the summary", async () => {
      const product = freshProduct()
      const ann = await newCustomer(api, pk, "ann")
      // The events the review's workflow emits, to hand one to the subscriber again below.
      const emit = jest.spyOn(getContainer().resolve(Modules.EVENT_BUS), "emit")
      const created = await post(product.id, ann.token, {
        rating: 4,
        title: "Warm and light",
        content: "Wore it all winter.",
      })
      const emitted = emit.mock.calls
        .flatMap(([messages]) => (Array.isArray(messages) ? messages : [messages]))
        .find((m) => m.name === ProductReviewEvents.CREATED)!
      emit.mockRestore()
      expect(emitted.data).toMatchObject({
        id: created.data.review.id,
        submitted_at: expect.any(String),
      })
      expect(created.status).toBe(201)
      expect(created.data.review).toMatchObject({
        rating: 4,
        status: "pending",
        verified_purchase: false,
        display_name: expect.stringMatching(/^Test A\.$/),
      })
      expect(created.data.review).not.toHaveProperty("customer_id")

      expect(await list(product.id)).toMatchObject({ reviews: [], count: 0 })

      await approve([created.data.review.id])
      const shown = await list(product.id)
      expect(shown.reviews.map((r) => r.title)).toEqual(["Warm and light"])
      expect(shown.summary).toEqual({
        average: 4,
        count: 1,
        counts: { 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 },
      })

      // The merchant hears of it in the admin's notification feed.
      const notifications = getContainer().resolve<INotificationModuleService>(Modules.NOTIFICATION)
      const [bell] = await eventually("the merchant's notification", async () => {
        const found = await notifications.listNotifications({
          channel: "feed",
          resource_id: created.data.review.id,
        })
        return found.length ? found : undefined
      })
      expect(bell.data).toEqual({
        title: "New review",
        description: `Test A. rated ${product.title} 4 of 5: “Warm and light”. It waits for moderation on the Reviews page.`,
        file: {
          filename: "Open the review",
          url: `/app/reviews?id=${created.data.review.id}#zoco-open`,
        },
      })
      // What the link opens: the Reviews page's list of that one review.
      const { data: linked } = await api.get(`/admin/reviews?id=${created.data.review.id}`, admin)
      expect(linked.reviews.map((r: Review) => r.id)).toEqual([created.data.review.id])
      // The same event handled again (a retry, a redelivery) does not ring twice.
      await notifyMerchantOfReview({
        event: { name: emitted.name, data: emitted.data as ReviewSubmittedEvent },
        container: getContainer(),
        pluginOptions: {},
      })
      expect(
        await notifications.listNotifications({
          channel: "feed",
          resource_id: created.data.review.id,
        })
      ).toHaveLength(1)
    })

    it("a second post edits the first review, which goes back to moderation", async () => {
      const product = freshProduct()
      const bo = await newCustomer(api, pk, "bo")
      const first = await post(product.id, bo.token, { rating: 2, title: "Meh", content: "Itchy." })
      await approve([first.data.review.id])
      expect((await list(product.id)).summary.average).toBe(2)

      const edit = await post(product.id, bo.token, {
        rating: 5,
        title: "Grew on me",
        content: "Softer after a wash.",
      })
      expect(edit.status).toBe(200)
      expect(edit.data.review).toMatchObject({ id: first.data.review.id, status: "pending" })
      // Pending again: out of the store and out of the summary until approved.
      expect(await list(product.id)).toMatchObject({ count: 0, summary: { count: 0, average: 0 } })

      await approve([first.data.review.id])
      const { reviews, summary } = await list(product.id)
      expect(reviews).toHaveLength(1)
      expect(reviews[0]).toMatchObject({ rating: 5, title: "Grew on me" })
      expect(summary).toMatchObject({ count: 1, average: 5 })

      // Another customer's post is their own review; Bo's is untouched.
      const other = await newCustomer(api, pk, "notbo")
      const theirs = await post(product.id, other.token, { rating: 1, title: "No", content: "No." })
      expect(theirs.status).toBe(201)
      expect(theirs.data.review.id).not.toBe(first.data.review.id)
      expect((await list(product.id)).reviews[0]).toMatchObject({ rating: 5, title: "Grew on me" })
    })

    it("marks the review of a customer who bought the product as a verified purchase", async () => {
      const cy = await newCustomer(api, pk, "cy")
      const bought = await buy(cy)
      const res = await post(bought.product.id, cy.token, {
        rating: 5,
        title: "As described",
        content: "Arrived in two days.",
      })
      expect(res.data.review.verified_purchase).toBe(true)

      const other = products.find((p) => p.id !== bought.product.id)!
      const unbought = await post(other.id, cy.token, { rating: 3, title: "Guess", content: "?" })
      expect(unbought.data.review.verified_purchase).toBe(false)
    })

    it("refuses guests, bad input and unknown products with a 4xx, and stores nothing", async () => {
      const product = freshProduct()
      const dee = await newCustomer(api, pk, "dee")
      const good = { rating: 3, title: "Fine", content: "Does the job." }

      const guest = await failure(post(product.id, undefined, good))
      expect(guest.status).toBe(401)

      const bad: [object, RegExp][] = [
        [{ ...good, rating: 0 }, /rating/],
        [{ ...good, rating: 6 }, /rating/],
        [{ ...good, rating: 4.5 }, /rating/],
        [{ ...good, title: "   " }, /title/],
        [{ ...good, content: "x".repeat(5_001) }, /content/],
        [{ ...good, status: "approved" }, /status/],
        [{ rating: 3 }, /title/],
      ]
      for (const [body, message] of bad) {
        const res = await failure(post(product.id, dee.token, body))
        expect(res.status).toBe(400)
        expect(res.data.message).toMatch(message)
      }
      const unknown = await failure(post("prod_does_not_exist", dee.token, good))
      expect(unknown.status).toBe(404)
      expect(
        (await failure(api.get("/store/products/nope/reviews", storeHeaders(pk)))).status
      ).toBe(404)
      const badQuery = await failure(
        api.get(`/store/products/${product.id}/reviews?order=random`, storeHeaders(pk))
      )
      expect(badQuery.status).toBe(400)

      const { data } = await api.get(`/admin/reviews?product_id=${product.id}`, admin)
      expect(data.count).toBe(0)
    })

    it("keeps a product's reviews to the storefronts that sell it", async () => {
      const product = freshProduct()
      // A second storefront: its own sales channel, with none of the seeded products.
      const { data: channel } = await api.post("/admin/sales-channels", { name: "Outlet" }, admin)
      const { data: key } = await api.post(
        "/admin/api-keys",
        { title: "Outlet storefront", type: "publishable" },
        admin
      )
      await api.post(
        `/admin/api-keys/${key.api_key.id}/sales-channels`,
        { add: [channel.sales_channel.id] },
        admin
      )
      const outlet = key.api_key.token as string
      const ivy = await newCustomer(api, pk, "ivy")

      const read = await failure(
        api.get(`/store/products/${product.id}/reviews`, storeHeaders(outlet))
      )
      expect(read.status).toBe(404)
      const write = await failure(
        api.post(
          `/store/products/${product.id}/reviews`,
          { rating: 5, title: "t", content: "c" },
          storeHeaders(outlet, ivy.token)
        )
      )
      expect(write.status).toBe(404)
      expect(
        (await api.get(`/store/products/${product.id}/reviews`, storeHeaders(pk))).status
      ).toBe(200)
    })

    it("keeps review text exactly as written and returns it as data, never as markup", async () => {
      const product = freshProduct()
      const eve = await newCustomer(api, pk, "eve")
      const title = `<img src=x onerror="alert(1)">`
      const content = `<script>document.title='pwned'</script> & "quotes" 'too'`
      const res = await post(product.id, eve.token, { rating: 1, title, content })
      await approve([res.data.review.id])
      const shown = await api.get(`/store/products/${product.id}/reviews`, storeHeaders(pk))
      expect(shown.headers["content-type"]).toMatch(/^application\/json/)
      expect(shown.headers["x-content-type-options"]).toBe("nosniff")
      expect(shown.data.reviews[0]).toMatchObject({ title, content })
    })

    it("counts one helpful vote per customer, not on one's own or an unpublished review", async () => {
      const product = freshProduct()
      const [author, fan, other] = await Promise.all([
        newCustomer(api, pk, "author"),
        newCustomer(api, pk, "fan"),
        newCustomer(api, pk, "other"),
      ])
      const { data } = await post(product.id, author.token, {
        rating: 5,
        title: "Great",
        content: "Really.",
      })
      const id = data.review.id
      const vote = (token?: string) =>
        api.post(`/store/reviews/${id}/helpful`, {}, storeHeaders(pk, token))

      expect((await failure(vote(fan.token))).status).toBe(404) // still pending
      await approve([id])
      expect((await vote(fan.token)).data).toEqual({ review_id: id, helpful_count: 1 })
      const twice = await failure(vote(fan.token))
      expect(twice.status).toBe(422)
      expect(twice.data.message).toMatch(/already/)
      expect((await failure(vote(author.token))).status).toBe(400)
      expect((await failure(vote())).status).toBe(401)
      expect((await vote(other.token)).data.helpful_count).toBe(2)
      expect((await list(product.id)).reviews[0].helpful_count).toBe(2)
    })

    it("sorts by newest, highest, lowest and most helpful, a page at a time", async () => {
      const product = freshProduct()
      const writers = await Promise.all([1, 2, 3, 4].map((n) => newCustomer(api, pk, `sorter${n}`)))
      const ids: string[] = []
      for (const [i, w] of writers.entries()) {
        const rating = [3, 5, 1, 4][i]
        const { data } = await post(product.id, w.token, {
          rating,
          title: `r${rating}`,
          content: "…",
        })
        ids.push(data.review.id)
      }
      await approve(ids)
      await api.post(`/store/reviews/${ids[2]}/helpful`, {}, storeHeaders(pk, writers[0].token))

      const titles = async (q: string) => (await list(product.id, q)).reviews.map((r) => r.title)
      expect(await titles("?order=newest")).toEqual(["r4", "r1", "r5", "r3"])
      expect(await titles("?order=highest")).toEqual(["r5", "r4", "r3", "r1"])
      expect(await titles("?order=lowest")).toEqual(["r1", "r3", "r4", "r5"])
      expect((await titles("?order=most_helpful"))[0]).toBe("r1")
      const page = await list(product.id, "?order=highest&limit=2&offset=2")
      expect(page.reviews.map((r) => r.title)).toEqual(["r3", "r1"])
      expect(page.count).toBe(4)
      expect(page.summary).toMatchObject({ count: 4, average: 3.25 })
    })

    it("lists products with their ratings in one request, fresh after moderation", async () => {
      const product = freshProduct()
      const fay = await newCustomer(api, pk, "fay")
      const url = `/store/products?id=${product.id}&fields=id,+rating.*`
      const before = await api.get(url, storeHeaders(pk))
      expect(before.data.products[0].rating ?? null).toBeNull()

      const { data } = await post(product.id, fay.token, { rating: 4, title: "ok", content: "ok" })
      await approve([data.review.id])
      await eventually("the product list to show the new rating", async () => {
        const after = await api.get(url, storeHeaders(pk))
        const rating = after.data.products[0].rating
        return rating?.count === 1 ? rating : undefined
      }).then((rating) => expect(rating).toMatchObject({ average: 4, count: 1, count_4: 1 }))
      const detail = await api.get(
        `/store/products/${product.id}?fields=id,*rating`,
        storeHeaders(pk)
      )
      expect(detail.data.product.rating).toMatchObject({ average: 4, count: 1 })
    })

    it("works from a storefront built on @medusajs/js-sdk: sign up, review, read the summary", async () => {
      const product = freshProduct()
      const sdk = new Medusa({
        baseUrl: api.defaults.baseURL!,
        publishableKey: pk,
        auth: { type: "jwt", jwtTokenStorageMethod: "memory" },
      })
      const email = `sdk-${++customers}@zoco.test`
      const password = "a long enough password 1"
      await sdk.auth.register("customer", "emailpass", { email, password })
      await sdk.store.customer.create({ email, first_name: "Sid", last_name: "Kit" })
      await sdk.auth.login("customer", "emailpass", { email, password })

      const path = `/store/products/${product.id}/reviews`
      const { review } = await sdk.client.fetch<{ review: Review }>(path, {
        method: "POST",
        body: { rating: 5, title: "Fits well", content: "True to size." },
      })
      expect(review).toMatchObject({ rating: 5, status: "pending", display_name: "Sid K." })
      // A 4xx reaches the storefront as the SDK's error, with Zoco's message.
      const refused = await sdk.client
        .fetch(path, { method: "POST", body: { rating: 6, title: "x", content: "x" } })
        .catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(FetchError)
      expect((refused as FetchError).status).toBe(400)
      expect((refused as FetchError).message).toMatch(/rating/)

      await approve([review.id])
      const shown = await sdk.client.fetch<{ reviews: Review[]; summary: Summary }>(path, {
        query: { order: "highest", limit: 5 },
      })
      expect(shown.reviews.map((r) => r.title)).toEqual(["Fits well"])
      expect(shown.summary).toMatchObject({ average: 5, count: 1 })
      await eventually("the product to carry its rating", async () => {
        const { product: read } = await sdk.store.product.retrieve(product.id, {
          fields: "id,+rating.*",
        })
        const rating = (read as { rating?: { count: number } | null }).rating
        return rating?.count === 1 ? rating : undefined
      })
    })

    it("keeps the summary exact when 50 customers review and are approved at once", async () => {
      const product = freshProduct()
      const writers = []
      for (let i = 0; i < 50; i++) {
        writers.push(await newCustomer(api, pk, `crowd${i}`))
      }
      const posted: { status: number; data: { review: Review } }[] = await Promise.all(
        writers.map((w, i) =>
          post(product.id, w.token, { rating: (i % 5) + 1, title: `#${i}`, content: "crowd" })
        )
      )
      expect(posted.every((r) => r.status === 201)).toBe(true)
      // Fifty moderators at once, one review each.
      await Promise.all(posted.map((r) => approve([r.data.review.id])))

      const { summary, count } = await list(product.id, "?limit=1")
      expect(count).toBe(50)
      expect(summary).toEqual({
        average: 3,
        count: 50,
        counts: { 1: 10, 2: 10, 3: 10, 4: 10, 5: 10 },
      })
    })

    it("rate-limits a customer's posts", async () => {
      const gus = await newCustomer(api, pk, "gus")
      const targets = products.slice(0, 6)
      for (const p of targets.slice(0, 5)) {
        await post(p.id, gus.token, { rating: 3, title: "t", content: "c" })
      }
      const limited = await failure(
        post(targets[5].id, gus.token, { rating: 3, title: "t", content: "c" })
      )
      expect(limited.status).toBe(429)
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0)
    })

    describe("moderation", () => {
      it("filters the list, rejects with a reason, replies and deletes, each in bulk", async () => {
        const product = freshProduct()
        const ws = await Promise.all([1, 2, 3].map((n) => newCustomer(api, pk, `mod${n}`)))
        const ids: string[] = []
        for (const [i, w] of ws.entries()) {
          const { data } = await post(product.id, w.token, {
            rating: [5, 1, 4][i],
            title: ["Lovely", "Spam spam", "Nice fit"][i],
            content: "text",
          })
          ids.push(data.review.id)
        }
        const adminList = async (q: string) =>
          (await api.get(`/admin/reviews?product_id=${product.id}${q}`, admin)).data as {
            reviews: (Review & {
              product: { id: string; title: string }
              customer: { email: string }
            })[]
            count: number
          }
        expect((await adminList("&status=pending")).count).toBe(3)
        expect((await adminList("&rating=1")).reviews.map((r: Review) => r.id)).toEqual([ids[1]])
        expect((await adminList("&q=fit")).reviews.map((r: Review) => r.id)).toEqual([ids[2]])
        expect((await adminList("&verified_purchase=true")).count).toBe(0)
        const tomorrow = new Date(Date.now() + 86_400_000).toISOString()
        expect((await adminList(`&created_after=${tomorrow}`)).count).toBe(0)
        expect((await adminList(`&created_before=${tomorrow}`)).count).toBe(3)
        const listed = (await adminList("")).reviews[0]
        expect(listed.product).toMatchObject({ id: product.id, title: product.title })
        expect(listed.customer.email).toMatch(/^mod\d-\d+@zoco\.test$/)

        await approve([ids[0], ids[2]])
        const rejected = await api.post(
          "/admin/reviews/reject",
          { ids: [ids[1]], reason: "Advertising" },
          admin
        )
        expect(rejected.data.reviews[0]).toMatchObject({
          status: "rejected",
          rejection_reason: "Advertising",
        })
        await api.post("/admin/reviews/reply", { ids: [ids[0]], reply: "Thank you!" }, admin)

        let shown = await list(product.id)
        expect(shown.reviews.map((r) => r.id).sort()).toEqual([ids[0], ids[2]].sort())
        expect(shown.reviews.find((r) => r.id === ids[0])!.reply).toBe("Thank you!")
        expect(shown.summary).toMatchObject({ count: 2, average: 4.5 })

        await api.post("/admin/reviews/delete", { ids: [ids[0]] }, admin)
        shown = await list(product.id)
        expect(shown.reviews.map((r) => r.id)).toEqual([ids[2]])
        expect(shown.summary).toMatchObject({ count: 1, average: 4 })
        expect((await failure(api.get(`/admin/reviews/${ids[0]}`, admin))).status).toBe(404)

        const one = await api.delete(`/admin/reviews/${ids[2]}`, admin)
        expect(one.data).toEqual({ id: ids[2], object: "product_review", deleted: true })
        expect((await list(product.id)).summary).toMatchObject({ count: 0, average: 0 })
      })

      it("changes nothing when one id of a batch is unknown, and answers bad batches with 400", async () => {
        const product = freshProduct()
        const w = await newCustomer(api, pk, "batch")
        const { data } = await post(product.id, w.token, { rating: 2, title: "t", content: "c" })
        const res = await failure(approve([data.review.id, "prev_missing"]))
        expect(res.status).toBe(404)
        expect(res.data.message).toMatch(/prev_missing/)
        expect((await api.get(`/admin/reviews/${data.review.id}`, admin)).data.review.status).toBe(
          "pending"
        )
        for (const body of [{ ids: [] }, { ids: "x" }, { ids: [data.review.id], extra: 1 }]) {
          expect((await failure(api.post("/admin/reviews/approve", body, admin))).status).toBe(400)
        }
        const noReason = await failure(
          api.post("/admin/reviews/reject", { ids: [data.review.id] }, admin)
        )
        expect(noReason.status).toBe(400)
        expect((await failure(api.get("/admin/reviews?rating=9", admin))).status).toBe(400)
      })

      it("applies the merchant's rules at once (auto-approval of buyers, posting limit) until reset", async () => {
        const rules = async () => (await api.get("/admin/review-rules", admin)).data
        const configured = {
          rules: { auto_approve_verified: false, rate_limit: { points: 5, seconds: 3_600 } },
          defaults: { auto_approve_verified: false, rate_limit: { points: 5, seconds: 3_600 } },
          saved: { auto_approve_verified: null, rate_limit: null },
        }
        expect(await rules()).toEqual(configured)

        // Bad changes are a 400 with the reason, and change nothing.
        for (const [body, reason] of [
          [{ auto_approve_verified: "yes" }, /auto_approve_verified/],
          [{ rate_limit: { points: 0, seconds: 600 } }, /points/],
          [{ rate_limit: { points: 2, seconds: 600, burst: 9 } }, /rate_limit must be false/],
          [{ rate_limit: true }, /Expected type: 'object' for field 'rate_limit', got: 'true'/],
          [{ moderation: "off" }, /moderation/],
        ] as const) {
          const refused = await failure(api.post("/admin/review-rules", body, admin))
          expect(refused.status).toBe(400)
          expect(refused.data.message).toMatch(reason)
        }
        const ivy = await newCustomer(api, pk, "ivy")
        const asCustomer = { headers: { authorization: `Bearer ${ivy.token}` } }
        const change = { auto_approve_verified: true, rate_limit: { points: 1, seconds: 600 } }
        expect((await failure(api.post("/admin/review-rules", change, asCustomer))).status).toBe(
          401
        )
        expect(await rules()).toEqual(configured)

        const { data: changed } = await api.post("/admin/review-rules", change, admin)
        expect(changed).toEqual({ ...configured, rules: change, saved: change })

        // A buyer's review is published at once; a second post within 10 minutes is refused.
        const bought = await buy(ivy)
        const published = await post(bought.product.id, ivy.token, {
          rating: 5,
          title: "Published at once",
          content: "No wait.",
        })
        expect(published.data.review).toMatchObject({ status: "approved", verified_purchase: true })
        const shown = await list(bought.product.id)
        expect(shown.reviews.map((r) => r.title)).toContain("Published at once")
        const other = products.find((p) => p.id !== bought.product.id)!
        const limited = await failure(
          post(other.id, ivy.token, { rating: 3, title: "t", content: "c" })
        )
        expect(limited.status).toBe(429)
        expect(limited.data.message).toMatch(/You have posted 1 review recently/)

        // Back to the configuration: a buyer's edit waits for moderation again.
        const { data: reset } = await api.post(
          "/admin/review-rules",
          { auto_approve_verified: null, rate_limit: null },
          admin
        )
        expect(reset).toEqual(configured)
        const edited = await post(bought.product.id, ivy.token, {
          rating: 4,
          title: "Edited",
          content: "Waits now.",
        })
        expect(edited.data.review).toMatchObject({ status: "pending", verified_purchase: true })
      })

      it("is for admins only: customers and guests cannot moderate", async () => {
        const hal = await newCustomer(api, pk, "hal")
        const asCustomer = { headers: { authorization: `Bearer ${hal.token}` } }
        expect((await failure(api.get("/admin/reviews", asCustomer))).status).toBe(401)
        expect(
          (await failure(api.post("/admin/reviews/approve", { ids: ["prev_1"] }, asCustomer)))
            .status
        ).toBe(401)
        expect((await failure(api.delete("/admin/reviews/prev_1"))).status).toBe(401)
      })
    })
  },
})

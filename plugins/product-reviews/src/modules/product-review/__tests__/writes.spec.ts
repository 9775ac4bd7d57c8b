import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { PRODUCT_REVIEW_MODULE } from ".."
import ProductRating from "../models/product-rating"
import Review from "../models/review"
import ReviewSettings from "../models/review-settings"
import ReviewVote from "../models/review-vote"
import type ProductReviewService from "../service"
import type { SubmitReviewInput } from "../types"

jest.setTimeout(120_000)

const review = (over: Partial<SubmitReviewInput> = {}): SubmitReviewInput => ({
  product_id: "prod_w",
  customer_id: "cus_w",
  display_name: "Ana P.",
  rating: 4,
  title: "Good",
  content: "Fits well.",
  verified_purchase: false,
  ...over,
})

/** What a workflow's storage does to a step's result: dates come back as strings. */
const throughStorage = <T>(value: T): T => JSON.parse(JSON.stringify(value))

// The service writes through the methods MedusaService generates, inside its own transactions;
// these pin what the routes and the workflows' compensations rely on.
moduleIntegrationTestRunner<ProductReviewService>({
  moduleName: PRODUCT_REVIEW_MODULE,
  moduleModels: [Review, ReviewVote, ProductRating, ReviewSettings],
  resolve: "./src/modules/product-review",
  testSuite: ({ service }) => {
    const summary = async (productId: string) => {
      const [rating] = await service.listProductRatings({ product_id: productId })
      return rating
    }
    /** Opens the pool's connections, so that calls started together do run at once. */
    const warmUp = () =>
      Promise.all(Array.from({ length: 10 }, () => service.listProductRatings({}, { take: 1 })))
    const stored = async (id: string) => {
      const [row] = await service.listProductReviews({ id }, { withDeleted: true })
      return row
    }

    it("returns reviews as stored, timestamps included and without the votes relation", async () => {
      const { review: r } = await service.submitReview(review({ product_id: "prod_shape" }))
      expect(r).toEqual({ ...(await stored(r.id)), votes: undefined })
      expect(r).not.toHaveProperty("votes")
      expect(r.created_at).toBeInstanceOf(Date)
      expect(r).toMatchObject({ status: "pending", helpful_count: 0, reply: null })

      await service.setReviewStatus([r.id], "approved", null)
      await service.voteHelpful(r.id, "cus_fan")
      const { reviews } = await service.replyToReviews([r.id], "Thanks")
      expect(reviews[0]).not.toHaveProperty("votes")
      expect(reviews[0]).toMatchObject({ reply: "Thanks", helpful_count: 1 })
      expect(reviews[0].replied_at).toBeInstanceOf(Date)
    })

    // updated_at is the events' `submitted_at`, which keys the merchant's notification.
    it("stamps every submission, even one that changes nothing", async () => {
      const input = review({ product_id: "prod_again", customer_id: "cus_again" })
      const { review: first } = await service.submitReview(input)
      await new Promise((resolve) => setTimeout(resolve, 5))
      const { review: again, previous } = await service.submitReview(input)
      expect(again.id).toBe(first.id)
      expect(previous!.updated_at).toEqual(first.updated_at)
      expect(again.updated_at.getTime()).toBeGreaterThan(first.updated_at.getTime())
    })

    it("undoes a create, an edit, a rejection, a reply and a delete from stored snapshots", async () => {
      const product = "prod_undo"
      const { review: created } = await service.submitReview(
        review({ product_id: product, customer_id: "cus_new" })
      )
      await service.revertReviews(throughStorage([{ id: created.id }]))
      expect(await stored(created.id)).toBeUndefined()

      const { review: r } = await service.submitReview(review({ product_id: product, rating: 5 }))
      const approved = await service.setReviewStatus([r.id], "approved", null)
      expect(approved.previous[0].status).toBe("pending")
      await service.voteHelpful(r.id, "cus_fan")
      const { review: edited, previous } = await service.submitReview(
        review({ product_id: product, rating: 1, title: "Changed" })
      )
      expect(edited).toMatchObject({ status: "pending", rating: 1, helpful_count: 1 })
      await service.revertReviews(throughStorage([{ id: r.id, before: previous }]))
      expect(await stored(r.id)).toMatchObject({ status: "approved", rating: 5, title: "Good" })

      const rejected = await service.setReviewStatus([r.id], "rejected", "Off topic")
      expect(rejected.reviews[0]).toMatchObject({ rejection_reason: "Off topic" })
      await service.revertReviews(
        throughStorage(rejected.previous.map((b) => ({ id: b.id, before: b })))
      )
      expect(await stored(r.id)).toMatchObject({ status: "approved", rejection_reason: null })

      const replied = await service.replyToReviews([r.id], "Thank you")
      await service.revertReviews(
        throughStorage(replied.previous.map((b) => ({ id: b.id, before: b })))
      )
      expect(await stored(r.id)).toMatchObject({ reply: null, replied_at: null })

      const removed = await service.removeReviews([r.id])
      expect(await service.listProductReviews({ id: r.id })).toEqual([])
      expect(await summary(product)).toMatchObject({ count: 0 })
      await service.revertReviews(throughStorage(removed.map((b) => ({ id: b.id, before: b }))))
      // Back with its vote: the customer still cannot vote twice, the count is unchanged.
      expect(await stored(r.id)).toMatchObject({ deleted_at: null, helpful_count: 1 })
      await expect(service.voteHelpful(r.id, "cus_fan")).rejects.toThrow(/already/)
      expect(await summary(product)).toMatchObject({ count: 1, average: 5 })
    })

    it("answers a batch naming an unknown or deleted review with a 404 and changes nothing", async () => {
      const { review: a } = await service.submitReview(review({ product_id: "prod_batch" }))
      const { review: b } = await service.submitReview(
        review({ product_id: "prod_batch", customer_id: "cus_b" })
      )
      await service.removeReviews([b.id])
      for (const ids of [
        [a.id, "prev_missing"],
        [a.id, b.id],
      ]) {
        await expect(service.setReviewStatus(ids, "approved", null)).rejects.toMatchObject({
          type: "not_found",
        })
      }
      expect(await stored(a.id)).toMatchObject({ status: "pending" })
    })

    it("snapshots what it changes when two moderators act on one review at once", async () => {
      const { review: r } = await service.submitReview(review({ product_id: "prod_race" }))
      await warmUp()
      const [approve, reject] = await Promise.all([
        service.setReviewStatus([r.id], "approved", null),
        service.setReviewStatus([r.id], "rejected", "Spam"),
      ])
      // One went first and saw the pending review; the other saw what the first made of it.
      const [first, second] =
        approve.previous[0].status === "pending" ? [approve, reject] : [reject, approve]
      expect(first.previous[0].status).toBe("pending")
      expect(second.previous[0].status).toBe(first.reviews[0].status)
      // Undoing the second puts back the first's result, not the pending review.
      await service.revertReviews(second.previous.map((b) => ({ id: b.id, before: b })))
      expect((await stored(r.id)).status).toBe(first.reviews[0].status)
    })

    it("counts concurrent votes exactly and refuses every repeat as a repeat", async () => {
      const { review: r } = await service.submitReview(review({ product_id: "prod_busy" }))
      await service.setReviewStatus([r.id], "approved", null)
      await warmUp()
      // One customer's six clicks start together, among nine other customers' votes.
      const votes = await Promise.allSettled(
        [0, 0, 0, 1, 0, 2, 3, 0, 4, 5, 0, 6, 7, 8, 9].map((n) =>
          service.voteHelpful(r.id, `cus_v${n}`)
        )
      )
      const refused = votes.filter((v) => v.status === "rejected")
      expect(refused).toHaveLength(5)
      for (const v of refused) {
        expect((v as PromiseRejectedResult).reason).toMatchObject({
          type: "duplicate_error",
          message: "You have already marked this review as helpful",
        })
      }
      expect((await stored(r.id)).helpful_count).toBe(10)
    })

    it("takes a vote back once, however often it is retracted", async () => {
      const { review: r } = await service.submitReview(review({ product_id: "prod_retract" }))
      await service.setReviewStatus([r.id], "approved", null)
      const { vote_id } = await service.voteHelpful(r.id, "cus_a")
      await service.voteHelpful(r.id, "cus_b")
      const before = (await stored(r.id)).updated_at
      await warmUp()
      await Promise.all([service.retractVote(vote_id), service.retractVote(vote_id)])
      const after = await stored(r.id)
      expect(after.helpful_count).toBe(1)
      // Votes move the count, not the review's updated_at.
      expect(after.updated_at).toEqual(before)
      expect(await service.listProductReviewVotes({ review_id: r.id })).toHaveLength(1)
    })
  },
})

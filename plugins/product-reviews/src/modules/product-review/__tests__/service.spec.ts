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
  product_id: "prod_1",
  customer_id: "cus_1",
  display_name: "Ana P.",
  rating: 4,
  title: "Good",
  content: "Fits well.",
  verified_purchase: false,
  ...over,
})

moduleIntegrationTestRunner<ProductReviewService>({
  moduleName: PRODUCT_REVIEW_MODULE,
  moduleModels: [Review, ReviewVote, ProductRating, ReviewSettings],
  resolve: "./src/modules/product-review",
  testSuite: ({ service }) => {
    const summary = async (productId: string) => {
      const [rating] = await service.listProductRatings({ product_id: productId })
      return rating
    }

    it("counts only approved reviews, and recomputes on every change", async () => {
      const { review: a } = await service.submitReview(review({ customer_id: "cus_a", rating: 5 }))
      const { review: b } = await service.submitReview(review({ customer_id: "cus_b", rating: 2 }))
      expect(a.status).toBe("pending")
      expect(await summary("prod_1")).toMatchObject({ count: 0, average: 0 })

      await service.setReviewStatus([a.id, b.id], "approved", null)
      expect(await summary("prod_1")).toMatchObject({
        count: 2,
        average: 3.5,
        count_5: 1,
        count_2: 1,
      })

      await service.setReviewStatus([b.id], "rejected", "off topic")
      expect(await summary("prod_1")).toMatchObject({ count: 1, average: 5, count_2: 0 })

      await service.removeReviews([a.id])
      expect(await summary("prod_1")).toMatchObject({ count: 0, average: 0 })
    })

    it("stays exact when 50 reviews are written and approved concurrently", async () => {
      const written = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          service.submitReview(
            review({ product_id: "prod_crowd", customer_id: `cus_${i}`, rating: (i % 5) + 1 })
          )
        )
      )
      await Promise.all(
        written.map(({ review: r }) => service.setReviewStatus([r.id], "approved", null))
      )
      expect(await summary("prod_crowd")).toMatchObject({
        count: 50,
        average: 3,
        count_1: 10,
        count_2: 10,
        count_3: 10,
        count_4: 10,
        count_5: 10,
      })
    })

    it("auto-approves nothing by default, and edits go back to moderation", async () => {
      const { review: first } = await service.submitReview(
        review({ product_id: "prod_edit", customer_id: "cus_e", verified_purchase: true })
      )
      await service.setReviewStatus([first.id], "approved", null)
      const { review: edited, previous } = await service.submitReview(
        review({ product_id: "prod_edit", customer_id: "cus_e", rating: 1, title: "Changed" })
      )
      expect(edited.id).toBe(first.id)
      expect(edited.status).toBe("pending")
      expect(previous).toMatchObject({ status: "approved", rating: 4 })
      expect(await summary("prod_edit")).toMatchObject({ count: 0 })

      // Undoing the edit (a compensation) puts the approved review and its rating back.
      await service.revertReviews([{ id: first.id, before: previous }])
      const [back] = await service.listProductReviews({ id: first.id })
      expect(back).toMatchObject({ status: "approved", rating: 4, title: "Good" })
      expect(await summary("prod_edit")).toMatchObject({ count: 1, average: 4 })
    })

    it("takes one helpful vote per customer, none from the author, none on pending reviews", async () => {
      const { review: r } = await service.submitReview(
        review({ product_id: "prod_votes", customer_id: "cus_author" })
      )
      await expect(service.voteHelpful(r.id, "cus_fan")).rejects.toThrow(/not found/)
      await service.setReviewStatus([r.id], "approved", null)
      await expect(service.voteHelpful(r.id, "cus_author")).rejects.toThrow(/own review/)

      const votes = await Promise.allSettled(
        Array.from({ length: 5 }, () => service.voteHelpful(r.id, "cus_fan"))
      )
      expect(votes.filter((v) => v.status === "fulfilled")).toHaveLength(1)
      const { vote_id, helpful_count } = await service.voteHelpful(r.id, "cus_other")
      expect(helpful_count).toBe(2)

      await service.retractVote(vote_id)
      const [after] = await service.listProductReviews({ id: r.id })
      expect(after.helpful_count).toBe(1)
    })

    it("refuses a rating outside 1 to 5 in the database itself", async () => {
      await expect(
        service.submitReview(review({ product_id: "prod_bad", customer_id: "cus_x", rating: 6 }))
      ).rejects.toThrow(/product_review_rating_check/)
    })
  },
})

import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { PRODUCT_REVIEW_MODULE } from ".."
import ProductRating from "../models/product-rating"
import Review from "../models/review"
import ReviewSettings from "../models/review-settings"
import ReviewVote from "../models/review-vote"
import type ProductReviewService from "../service"

jest.setTimeout(120_000)

moduleIntegrationTestRunner<ProductReviewService>({
  moduleName: PRODUCT_REVIEW_MODULE,
  moduleModels: [Review, ReviewVote, ProductRating, ReviewSettings],
  moduleOptions: { autoApproveVerified: true },
  resolve: "./src/modules/product-review",
  testSuite: ({ service }) => {
    it("publishes verified purchases at once and holds the others for moderation", async () => {
      const base = { product_id: "prod_auto", display_name: "Ana P.", title: "t", content: "c" }
      const { review: bought } = await service.submitReview({
        ...base,
        customer_id: "cus_buyer",
        rating: 5,
        verified_purchase: true,
      })
      const { review: browsed } = await service.submitReview({
        ...base,
        customer_id: "cus_browser",
        rating: 1,
        verified_purchase: false,
      })
      expect(bought.status).toBe("approved")
      expect(browsed.status).toBe("pending")
      const [rating] = await service.listProductRatings({ product_id: "prod_auto" })
      expect(rating).toMatchObject({ count: 1, average: 5 })
    })

    it("follows the merchant's rules over its options, and its options again after a reset", async () => {
      const submit = (customer: string) =>
        service.submitReview({
          product_id: "prod_rules",
          customer_id: customer,
          display_name: "Ana P.",
          rating: 4,
          title: "t",
          content: "c",
          verified_purchase: true,
        })
      await service.changeRules({ auto_approve_verified: false })
      expect((await submit("cus_held")).review.status).toBe("pending")
      expect(await service.savedRules()).toEqual({ auto_approve_verified: false, rate_limit: null })

      // Changing one rule leaves the other as it was.
      await service.changeRules({ rate_limit: { points: 2, seconds: 600 } })
      expect(await service.rules()).toEqual({
        auto_approve_verified: false,
        rate_limit: { points: 2, seconds: 600 },
      })

      await service.changeRules({ auto_approve_verified: null, rate_limit: false })
      expect((await submit("cus_published")).review.status).toBe("approved")
      expect(await service.rules()).toEqual({ auto_approve_verified: true, rate_limit: false })
      expect(service.defaultRules()).toEqual({
        auto_approve_verified: true,
        rate_limit: { points: 5, seconds: 3_600 },
      })
      await expect(service.changeRules({ rate_limit: { points: 0, seconds: 60 } })).rejects.toThrow(
        /rateLimit/
      )
      expect((await service.rules()).rate_limit).toBe(false)
    })

    it("refuses options it cannot use", () => {
      expect(() =>
        (service.constructor as typeof ProductReviewService).validateOptions({
          rateLimit: { points: 0, seconds: 60 },
        })
      ).toThrow(/rateLimit/)
    })
  },
})

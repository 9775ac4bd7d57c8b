import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { PRODUCT_REVIEW_MODULE } from ".."
import ProductRating from "../models/product-rating"
import Review from "../models/review"
import ReviewVote from "../models/review-vote"
import type ProductReviewService from "../service"

jest.setTimeout(120_000)

moduleIntegrationTestRunner<ProductReviewService>({
  moduleName: PRODUCT_REVIEW_MODULE,
  moduleModels: [Review, ReviewVote, ProductRating],
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

    it("refuses options it cannot use", () => {
      expect(() =>
        (service.constructor as typeof ProductReviewService).validateOptions({
          rateLimit: { points: 0, seconds: 60 },
        })
      ).toThrow(/rateLimit/)
    })
  },
})

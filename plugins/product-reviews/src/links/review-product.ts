import { defineLink } from "@medusajs/framework/utils"
import ProductModule from "@medusajs/medusa/product"
import ProductReviewModule from "../modules/product-review"

/** `review.product`: the reviewed product, for the admin's list. Read-only, by `product_id`. */
export default defineLink(
  { linkable: ProductReviewModule.linkable.productReview, field: "product_id" },
  ProductModule.linkable.product,
  { readOnly: true }
)

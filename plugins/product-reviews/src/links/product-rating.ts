import { defineLink } from "@medusajs/framework/utils"
import ProductModule from "@medusajs/medusa/product"
import ProductReviewModule from "../modules/product-review"

/**
 * `product.rating`: a product's rating summary, read through the product (`fields=+rating.*`), so
 * a product list shows stars without one request per product. Read-only: the summary row holds
 * the product id, no link table.
 */
export default defineLink(
  { linkable: ProductModule.linkable.product, field: "id" },
  { ...ProductReviewModule.linkable.productRating.id, primaryKey: "product_id", alias: "rating" },
  { readOnly: true }
)

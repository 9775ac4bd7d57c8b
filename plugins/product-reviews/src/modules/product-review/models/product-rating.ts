import { model } from "@medusajs/framework/utils"

/**
 * The approved reviews of one product, summed up. Rewritten from the reviews themselves in the
 * transaction of every change, under a lock on this row, so it is exact under concurrent writes
 * and a product list can show stars without reading every review.
 */
const ProductRating = model.define("product_rating", {
  id: model.id({ prefix: "prat" }).primaryKey(),
  product_id: model.text().unique(),
  /** Mean of the approved ratings, to two decimals; 0 without reviews. */
  average: model.float().default(0),
  count: model.number().default(0),
  count_1: model.number().default(0),
  count_2: model.number().default(0),
  count_3: model.number().default(0),
  count_4: model.number().default(0),
  count_5: model.number().default(0),
})

export default ProductRating

import { model } from "@medusajs/framework/utils"
import Review from "./review"

/** A customer found a review helpful. One per customer and review, enforced by the database. */
const ReviewVote = model
  .define("product_review_vote", {
    id: model.id({ prefix: "prvote" }).primaryKey(),
    customer_id: model.text(),
    review: model.belongsTo(() => Review, { mappedBy: "votes" }),
  })
  .indexes([{ on: ["review_id", "customer_id"], unique: true, where: "deleted_at IS NULL" }])

export default ReviewVote

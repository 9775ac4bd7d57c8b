import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import ProductRating from "./models/product-rating"
import Review, { type ReviewStatus } from "./models/review"
import ReviewVote from "./models/review-vote"
import { validateOptions, type ProductReviewOptions } from "./options"
import type { ReviewRow, ReviewSnapshot, SubmitReviewInput, SubmitReviewResult } from "./types"

type SqlManager = { execute<T = unknown>(sql: string, params?: unknown[]): Promise<T> }

const REVIEW_COLUMNS = `id, product_id, customer_id, display_name, rating, title, content, status,
  verified_purchase, rejection_reason, reply, replied_at, helpful_count, created_at, updated_at,
  deleted_at`

/**
 * Reviews, votes and each product's rating summary. Every write that can move a summary takes a
 * row lock on the summaries it touches first (in product id order, so two writers never wait on
 * each other), then rewrites them from the reviews in the same transaction: the summary is exact
 * however many customers write at once. All SQL is parameterized.
 */
export default class ProductReviewService extends MedusaService({
  ProductReview: Review,
  ProductReviewVote: ReviewVote,
  ProductRating,
}) {
  readonly options: Required<ProductReviewOptions>

  constructor(deps: Record<string, unknown>, options: ProductReviewOptions = {}) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    validateOptions(options)
    this.options = {
      autoApproveVerified: options.autoApproveVerified ?? false,
      rateLimit: options.rateLimit ?? { points: 5, seconds: 3_600 },
      redisUrl: options.redisUrl ?? "",
    }
  }

  static validateOptions(options: ProductReviewOptions = {}) {
    validateOptions(options)
  }

  /**
   * Creates the customer's review of the product, or edits the one they wrote. Either way it
   * goes back to moderation unless auto-approval applies.
   */
  @InjectTransactionManager()
  async submitReview(
    input: SubmitReviewInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SubmitReviewResult> {
    const sql = manager(sharedContext)
    await lockRatings(sql, [input.product_id])
    const [previous] = await sql.execute<ReviewRow[]>(
      `SELECT ${REVIEW_COLUMNS} FROM product_review
        WHERE product_id = ? AND customer_id = ? AND deleted_at IS NULL`,
      [input.product_id, input.customer_id]
    )
    const status: ReviewStatus =
      this.options.autoApproveVerified && input.verified_purchase ? "approved" : "pending"
    let review: ReviewRow
    if (previous) {
      ;[review] = await sql.execute<ReviewRow[]>(
        `UPDATE product_review SET rating = ?, title = ?, content = ?, display_name = ?,
           verified_purchase = ?, status = ?, rejection_reason = NULL, updated_at = now()
         WHERE id = ? RETURNING ${REVIEW_COLUMNS}`,
        [
          input.rating,
          input.title,
          input.content,
          input.display_name,
          input.verified_purchase,
          status,
          previous.id,
        ]
      )
    } else {
      ;[review] = await sql.execute<ReviewRow[]>(
        `INSERT INTO product_review (id, product_id, customer_id, display_name, rating, title,
           content, status, verified_purchase)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${REVIEW_COLUMNS}`,
        [
          generateEntityId(undefined, "prev"),
          input.product_id,
          input.customer_id,
          input.display_name,
          input.rating,
          input.title,
          input.content,
          status,
          input.verified_purchase,
        ]
      )
    }
    await recomputeRatings(sql, [input.product_id])
    return { review: normalize(review), previous: previous ? normalize(previous) : undefined }
  }

  /** Sets the status of reviews; returns them as they were, for compensation. */
  @InjectTransactionManager()
  async setReviewStatus(
    ids: string[],
    status: Exclude<ReviewStatus, "pending">,
    reason: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ reviews: ReviewRow[]; previous: ReviewSnapshot[] }> {
    const sql = manager(sharedContext)
    const previous = await lockReviews(sql, ids)
    const reviews = await sql.execute<ReviewRow[]>(
      `UPDATE product_review SET status = ?, rejection_reason = ?, updated_at = now()
        WHERE id IN (${placeholders(ids)}) AND deleted_at IS NULL RETURNING ${REVIEW_COLUMNS}`,
      [status, status === "rejected" ? reason : null, ...ids]
    )
    await recomputeRatings(sql, productIds(previous))
    return { reviews: reviews.map(normalize), previous }
  }

  /** Sets the merchant's public reply (null removes it); returns the reviews as they were. */
  @InjectTransactionManager()
  async replyToReviews(
    ids: string[],
    reply: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ reviews: ReviewRow[]; previous: ReviewSnapshot[] }> {
    const sql = manager(sharedContext)
    const previous = await lockReviews(sql, ids)
    const reviews = await sql.execute<ReviewRow[]>(
      `UPDATE product_review SET reply = ?, replied_at = CASE WHEN ? THEN now() END,
         updated_at = now()
        WHERE id IN (${placeholders(ids)}) AND deleted_at IS NULL RETURNING ${REVIEW_COLUMNS}`,
      [reply, reply !== null, ...ids]
    )
    return { reviews: reviews.map(normalize), previous }
  }

  /** Soft-deletes reviews; returns them as they were. */
  @InjectTransactionManager()
  async removeReviews(
    ids: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReviewSnapshot[]> {
    const sql = manager(sharedContext)
    const previous = await lockReviews(sql, ids)
    await sql.execute(
      `UPDATE product_review SET deleted_at = now() WHERE id IN (${placeholders(ids)})`,
      ids
    )
    await recomputeRatings(sql, productIds(previous))
    return previous
  }

  /**
   * Puts reviews back as a snapshot had them: undoes a create (deletes it), an edit, a status
   * change, a reply or a delete.
   */
  @InjectTransactionManager()
  async revertReviews(
    snapshots: { id: string; before?: ReviewSnapshot }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (!snapshots.length) return
    const sql = manager(sharedContext)
    const affected = await lockReviews(
      sql,
      snapshots.map((s) => s.id),
      true
    )
    for (const { id, before } of snapshots) {
      if (!before) {
        await sql.execute(`DELETE FROM product_review WHERE id = ?`, [id])
        continue
      }
      await sql.execute(
        `UPDATE product_review SET rating = ?, title = ?, content = ?, display_name = ?,
           verified_purchase = ?, status = ?, rejection_reason = ?, reply = ?, replied_at = ?,
           deleted_at = ?, updated_at = now()
         WHERE id = ?`,
        [
          before.rating,
          before.title,
          before.content,
          before.display_name,
          before.verified_purchase,
          before.status,
          before.rejection_reason,
          before.reply,
          before.replied_at,
          before.deleted_at,
          id,
        ]
      )
    }
    await recomputeRatings(sql, productIds(affected))
  }

  /** Records a customer's helpful vote; a second vote by the same customer is refused. */
  @InjectTransactionManager()
  async voteHelpful(
    reviewId: string,
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ vote_id: string; helpful_count: number }> {
    const sql = manager(sharedContext)
    const [review] = await sql.execute<ReviewRow[]>(
      `SELECT ${REVIEW_COLUMNS} FROM product_review
        WHERE id = ? AND status = 'approved' AND deleted_at IS NULL FOR UPDATE`,
      [reviewId]
    )
    if (!review) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Review ${reviewId} was not found`)
    }
    if (review.customer_id === customerId) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "You cannot vote for your own review")
    }
    const voteId = generateEntityId(undefined, "prvote")
    const inserted = await sql.execute<{ id: string }[]>(
      `INSERT INTO product_review_vote (id, review_id, customer_id) VALUES (?, ?, ?)
       ON CONFLICT (review_id, customer_id) WHERE deleted_at IS NULL DO NOTHING RETURNING id`,
      [voteId, reviewId, customerId]
    )
    if (!inserted.length) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        "You have already marked this review as helpful"
      )
    }
    const [{ helpful_count }] = await sql.execute<{ helpful_count: number }[]>(
      `UPDATE product_review SET helpful_count = helpful_count + 1 WHERE id = ?
       RETURNING helpful_count`,
      [reviewId]
    )
    return { vote_id: voteId, helpful_count }
  }

  /** Takes back a vote (compensation of `voteHelpful`). */
  @InjectTransactionManager()
  async retractVote(voteId: string, @MedusaContext() sharedContext: Context = {}) {
    const sql = manager(sharedContext)
    const removed = await sql.execute<{ review_id: string }[]>(
      `DELETE FROM product_review_vote WHERE id = ? RETURNING review_id`,
      [voteId]
    )
    if (removed.length) {
      await sql.execute(
        `UPDATE product_review SET helpful_count = helpful_count - 1 WHERE id = ?`,
        [removed[0].review_id]
      )
    }
  }
}

function manager(context: Context): SqlManager {
  return context.transactionManager as SqlManager
}

function placeholders(values: unknown[]) {
  return values.map(() => "?").join(", ")
}

function productIds(reviews: { product_id: string }[]) {
  return [...new Set(reviews.map((r) => r.product_id))]
}

/** Creates the summaries if missing and locks them, in product id order. */
async function lockRatings(sql: SqlManager, products: string[]) {
  const sorted = [...new Set(products)].sort()
  for (const productId of sorted) {
    await sql.execute(
      `INSERT INTO product_rating (id, product_id) VALUES (?, ?)
       ON CONFLICT (product_id) WHERE deleted_at IS NULL DO NOTHING`,
      [generateEntityId(undefined, "prat"), productId]
    )
  }
  if (sorted.length) {
    await sql.execute(
      `SELECT id FROM product_rating WHERE product_id IN (${placeholders(sorted)})
       AND deleted_at IS NULL ORDER BY product_id FOR UPDATE`,
      sorted
    )
  }
}

/** Rewrites the summaries of the products from their approved reviews. */
async function recomputeRatings(sql: SqlManager, products: string[]) {
  if (!products.length) return
  await sql.execute(
    `UPDATE product_rating pr SET
       count = s.count, count_1 = s.c1, count_2 = s.c2, count_3 = s.c3, count_4 = s.c4,
       count_5 = s.c5, average = s.average, updated_at = now()
     FROM (
       SELECT r.product_id,
         count(*) AS count,
         count(*) FILTER (WHERE r.rating = 1) AS c1,
         count(*) FILTER (WHERE r.rating = 2) AS c2,
         count(*) FILTER (WHERE r.rating = 3) AS c3,
         count(*) FILTER (WHERE r.rating = 4) AS c4,
         count(*) FILTER (WHERE r.rating = 5) AS c5,
         round(avg(r.rating)::numeric, 2) AS average
       FROM product_review r
       WHERE r.product_id IN (${placeholders(products)})
         AND r.status = 'approved' AND r.deleted_at IS NULL
       GROUP BY r.product_id
     ) s
     WHERE pr.product_id = s.product_id AND pr.deleted_at IS NULL`,
    products
  )
  // Products left without approved reviews.
  await sql.execute(
    `UPDATE product_rating pr SET count = 0, count_1 = 0, count_2 = 0, count_3 = 0,
       count_4 = 0, count_5 = 0, average = 0, updated_at = now()
     WHERE pr.product_id IN (${placeholders(products)}) AND pr.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM product_review r WHERE r.product_id = pr.product_id
         AND r.status = 'approved' AND r.deleted_at IS NULL)`,
    products
  )
}

/** pg returns counts as strings and timestamps as Dates; the API speaks numbers and ISO strings. */
function normalize(row: ReviewRow): ReviewRow {
  return {
    ...row,
    rating: Number(row.rating),
    helpful_count: Number(row.helpful_count),
  }
}

/** Locks the reviews and the summaries of their products; returns the reviews as they are. */
async function lockReviews(sql: SqlManager, ids: string[], withDeleted = false) {
  if (!ids.length) return []
  const found = await sql.execute<ReviewRow[]>(
    `SELECT ${REVIEW_COLUMNS} FROM product_review WHERE id IN (${placeholders(ids)})
     ${withDeleted ? "" : "AND deleted_at IS NULL"}`,
    ids
  )
  const missing = ids.filter((id) => !found.some((r) => r.id === id))
  if (missing.length && !withDeleted) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Reviews not found: ${missing.join(", ")}`)
  }
  await lockRatings(sql, productIds(found))
  // Read again under the summary locks, so the snapshot is what this transaction changes.
  const locked = await sql.execute<ReviewRow[]>(
    `SELECT ${REVIEW_COLUMNS} FROM product_review WHERE id IN (${placeholders(ids)})
     ORDER BY id FOR UPDATE`,
    ids
  )
  return locked.map(normalize)
}

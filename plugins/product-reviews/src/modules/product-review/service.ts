import type { Context } from "@medusajs/framework/types"
import { LockMode } from "@medusajs/framework/mikro-orm/core"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { inForce, saveRulesRow } from "@zoco/plugin-kit/rules"
import ProductRating from "./models/product-rating"
import Review, { type ReviewStatus } from "./models/review"
import ReviewSettings from "./models/review-settings"
import ReviewVote from "./models/review-vote"
import { validateOptions, type ProductReviewOptions } from "./options"
import { lockRatings, moveHelpfulCount, recomputeRatings } from "./sql"
import type {
  ReviewRow,
  ReviewRules,
  ReviewRulesChange,
  ReviewSnapshot,
  SavedReviewRules,
  SubmitReviewInput,
  SubmitReviewResult,
} from "./types"

type SharedContext = Context<SqlEntityManager>

/** The merchant's rules: one row. */
const SETTINGS_ROW = {
  table: "product_review_settings",
  id: "prset_rules",
  columns: [{ name: "auto_approve_verified" }, { name: "rate_limit", json: true }],
} as const

/**
 * Reviews, votes and each product's rating summary. Every write that can move a summary takes a
 * row lock on the summaries it touches first (in product id order, so two writers never wait on
 * each other), then rewrites them from the reviews in the same transaction: the summary is exact
 * however many customers write at once. Reviews and votes are written through the methods
 * MedusaService generates, in the transaction of the calling method; the little SQL left is in
 * sql.ts. The ORM writes at flush: each method flushes before that SQL reads the tables.
 */
export default class ProductReviewService extends MedusaService({
  ProductReview: Review,
  ProductReviewVote: ReviewVote,
  ProductRating,
  ProductReviewSettings: ReviewSettings,
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

  /** The rules the module's options set, which apply wherever the merchant changed nothing. */
  defaultRules(): ReviewRules {
    return {
      auto_approve_verified: this.options.autoApproveVerified,
      rate_limit: this.options.rateLimit,
    }
  }

  /** What the merchant set in the dashboard; `null` where nothing was set. */
  @InjectManager()
  async savedRules(@MedusaContext() sharedContext: SharedContext = {}): Promise<SavedReviewRules> {
    const [row] = await this.listProductReviewSettings({}, { take: 1 }, sharedContext)
    return {
      auto_approve_verified: row?.auto_approve_verified ?? null,
      rate_limit: (row?.rate_limit as ReviewRules["rate_limit"] | undefined) ?? null,
    }
  }

  /**
   * The rules in force: read from the database on every use, so a change made on one server
   * applies at once on all of them.
   */
  @InjectManager()
  async rules(@MedusaContext() sharedContext: SharedContext = {}): Promise<ReviewRules> {
    return inForce(await this.savedRules(sharedContext), this.defaultRules())
  }

  /** Sets the rules given; `null` returns a rule to the module's option. */
  @InjectTransactionManager()
  async changeRules(
    change: ReviewRulesChange,
    @MedusaContext() sharedContext: SharedContext = {}
  ): Promise<void> {
    if (change.rate_limit) validateOptions({ rateLimit: change.rate_limit })
    await saveRulesRow(manager(sharedContext), SETTINGS_ROW, change)
  }

  /**
   * Creates the customer's review of the product, or edits the one they wrote. Either way it
   * goes back to moderation unless auto-approval applies.
   */
  @InjectTransactionManager()
  async submitReview(
    input: SubmitReviewInput,
    @MedusaContext() sharedContext: SharedContext = {}
  ): Promise<SubmitReviewResult> {
    const em = manager(sharedContext)
    await lockRatings(em, [input.product_id])
    // Under the summary lock no other submission or moderation can change this review (votes
    // touch only helpful_count, which this write leaves alone): no row lock needed.
    const [previous] = await this.listProductReviews(
      { product_id: input.product_id, customer_id: input.customer_id },
      {},
      sharedContext
    )
    const { auto_approve_verified } = await this.rules(sharedContext)
    const status: ReviewStatus =
      auto_approve_verified && input.verified_purchase ? "approved" : "pending"
    const fields = {
      rating: input.rating,
      title: input.title,
      content: input.content,
      display_name: input.display_name,
      verified_purchase: input.verified_purchase,
      status,
    }
    const { id } = previous
      ? await this.updateProductReviews(
          touched({ id: previous.id, ...fields, rejection_reason: null }),
          sharedContext
        )
      : await this.createProductReviews(
          { product_id: input.product_id, customer_id: input.customer_id, ...fields },
          sharedContext
        )
    await em.flush()
    await recomputeRatings(em, [input.product_id])
    const [review] = await this.reread_([id], sharedContext)
    return { review, previous: previous ? toRow(previous) : undefined }
  }

  /** Sets the status of reviews; returns them as they were, for compensation. */
  @InjectTransactionManager()
  async setReviewStatus(
    ids: string[],
    status: Exclude<ReviewStatus, "pending">,
    reason: string | null,
    @MedusaContext() sharedContext: SharedContext = {}
  ): Promise<{ reviews: ReviewRow[]; previous: ReviewSnapshot[] }> {
    const previous = await this.lockReviews_(ids, false, sharedContext)
    const updated = await this.updateProductReviews(
      {
        selector: { id: ids },
        data: touched({ status, rejection_reason: status === "rejected" ? reason : null }),
      },
      sharedContext
    )
    const em = manager(sharedContext)
    await em.flush()
    await recomputeRatings(em, productIds(previous))
    return { reviews: await this.reread_(idsOf(updated), sharedContext), previous }
  }

  /** Sets the merchant's public reply (null removes it); returns the reviews as they were. */
  @InjectTransactionManager()
  async replyToReviews(
    ids: string[],
    reply: string | null,
    @MedusaContext() sharedContext: SharedContext = {}
  ): Promise<{ reviews: ReviewRow[]; previous: ReviewSnapshot[] }> {
    const previous = await this.lockReviews_(ids, false, sharedContext)
    const updated = await this.updateProductReviews(
      {
        selector: { id: ids },
        data: touched({ reply, replied_at: reply === null ? null : new Date() }),
      },
      sharedContext
    )
    await manager(sharedContext).flush()
    return { reviews: await this.reread_(idsOf(updated), sharedContext), previous }
  }

  /** Soft-deletes reviews (and, with them, their votes); returns them as they were. */
  @InjectTransactionManager()
  async removeReviews(
    ids: string[],
    @MedusaContext() sharedContext: SharedContext = {}
  ): Promise<ReviewSnapshot[]> {
    const previous = await this.lockReviews_(ids, false, sharedContext)
    await this.softDeleteProductReviews(ids, {}, sharedContext)
    const em = manager(sharedContext)
    await em.flush()
    await recomputeRatings(em, productIds(previous))
    return previous
  }

  /**
   * Puts reviews back as a snapshot had them: undoes a create (deletes it), an edit, a status
   * change, a reply or a delete.
   */
  @InjectTransactionManager()
  async revertReviews(
    snapshots: { id: string; before?: ReviewSnapshot }[],
    @MedusaContext() sharedContext: SharedContext = {}
  ): Promise<void> {
    if (!snapshots.length) return
    const em = manager(sharedContext)
    const affected = await this.lockReviews_(
      snapshots.map((s) => s.id),
      true,
      sharedContext
    )
    const current = new Map(affected.map((r) => [r.id, r]))
    const created = snapshots.filter((s) => !s.before).map((s) => s.id)
    const restore: string[] = []
    const remove: string[] = []
    const updates = []
    for (const { id, before } of snapshots) {
      const now = current.get(id)
      // Gone for good, or deleted then and now (a deleted review is never edited): nothing to do.
      if (!before || !now || (now.deleted_at && before.deleted_at)) continue
      if (now.deleted_at) restore.push(id)
      else if (before.deleted_at) remove.push(id)
      updates.push(
        touched({
          id,
          rating: before.rating,
          title: before.title,
          content: before.content,
          display_name: before.display_name,
          verified_purchase: before.verified_purchase,
          status: before.status,
          rejection_reason: before.rejection_reason,
          reply: before.reply,
          // A snapshot that went through a workflow's storage holds dates as strings.
          replied_at: before.replied_at === null ? null : new Date(before.replied_at),
        })
      )
    }
    await this.deleteProductReviews(created, sharedContext)
    await this.restoreProductReviews(restore, {}, sharedContext)
    // Restored rows must be in the database before the update looks them up.
    await em.flush()
    await this.updateProductReviews(updates, sharedContext)
    await this.softDeleteProductReviews(remove, {}, sharedContext)
    await em.flush()
    await recomputeRatings(em, productIds(affected))
  }

  /** Records a customer's helpful vote; a second vote by the same customer is refused. */
  @InjectTransactionManager()
  async voteHelpful(
    reviewId: string,
    customerId: string,
    @MedusaContext() sharedContext: SharedContext = {}
  ): Promise<{ vote_id: string; helpful_count: number }> {
    const em = manager(sharedContext)
    // The review's row lock: its votes (and retractions) are taken one at a time, so the check
    // for an earlier vote below cannot race, and none lands on a review being moderated.
    const [review] = await this.listProductReviews(
      { id: reviewId, status: "approved" },
      { select: ["id", "customer_id"], options: { lockMode: LockMode.PESSIMISTIC_WRITE } },
      sharedContext
    )
    if (!review) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Review ${reviewId} was not found`)
    }
    if (review.customer_id === customerId) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "You cannot vote for your own review")
    }
    const [earlier] = await this.listProductReviewVotes(
      { review_id: reviewId, customer_id: customerId },
      { select: ["id"] },
      sharedContext
    )
    if (earlier) {
      throw new MedusaError(
        MedusaError.Types.DUPLICATE_ERROR,
        "You have already marked this review as helpful"
      )
    }
    const vote = await this.createProductReviewVotes(
      { review_id: reviewId, customer_id: customerId },
      sharedContext
    )
    await em.flush()
    return { vote_id: vote.id, helpful_count: await moveHelpfulCount(em, reviewId, 1) }
  }

  /** Takes back a vote (compensation of `voteHelpful`). */
  @InjectTransactionManager()
  async retractVote(voteId: string, @MedusaContext() sharedContext: SharedContext = {}) {
    const [review] = await this.listProductReviews(
      { votes: { id: voteId } },
      { select: ["id"], withDeleted: true },
      sharedContext
    )
    if (!review) return
    // The review's row lock, as voteHelpful takes it: of two retractions of one vote, only the
    // first finds it below, and a vote cannot be checked for while its retraction is under way.
    await this.listProductReviews(
      { id: review.id },
      { select: ["id"], withDeleted: true, options: { lockMode: LockMode.PESSIMISTIC_WRITE } },
      sharedContext
    )
    const [vote] = await this.listProductReviewVotes(
      { id: voteId },
      { select: ["id"], withDeleted: true },
      sharedContext
    )
    if (!vote) return
    await this.deleteProductReviewVotes([voteId], sharedContext)
    await moveHelpfulCount(manager(sharedContext), review.id, -1)
  }

  /**
   * Locks the summaries of the reviews' products and returns the reviews as they are under those
   * locks. Every write to a review but its helpful count takes its product's summary lock first,
   * so the reviews need no row lock: the snapshot is what this transaction changes. Unknown ids
   * are a 404, unless `withDeleted` (a compensation puts back whatever is there).
   */
  protected async lockReviews_(
    ids: string[],
    withDeleted: boolean,
    sharedContext: SharedContext
  ): Promise<ReviewRow[]> {
    if (!ids.length) return []
    const found = await this.listProductReviews(
      { id: ids },
      { select: ["id", "product_id"], withDeleted },
      sharedContext
    )
    const missing = ids.filter((id) => !found.some((r) => r.id === id))
    if (missing.length && !withDeleted) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Reviews not found: ${missing.join(", ")}`)
    }
    await lockRatings(manager(sharedContext), productIds(found))
    // Read again under the locks. `refresh`: the ORM merges a re-read into the rows it holds and
    // keeps a value the database has since set to null. With deleted rows: one may have been
    // deleted while this waited, and its snapshot must say so.
    const locked = await this.listProductReviews(
      { id: ids },
      { withDeleted: true, order: { id: "ASC" }, options: { refresh: true } },
      sharedContext
    )
    return locked.map(toRow)
  }

  /** The reviews as written by this transaction (timestamps included, which the ORM sets late). */
  protected async reread_(ids: string[], sharedContext: SharedContext): Promise<ReviewRow[]> {
    if (!ids.length) return []
    const rows = await this.listProductReviews({ id: ids }, {}, sharedContext)
    return rows.map(toRow)
  }
}

function manager(context: SharedContext): SqlEntityManager {
  return context.transactionManager!
}

function productIds(reviews: { product_id: string }[]) {
  return [...new Set(reviews.map((r) => r.product_id))]
}

function idsOf(rows: { id: string }[]) {
  return rows.map((r) => r.id)
}

/**
 * Adds `updated_at` to an update. The ORM stamps it only when another column changes; every
 * write stamps it, as a customer posting the same review again is still a new submission.
 * (Medusa's input types leave timestamps out, hence a helper rather than a literal.)
 */
function touched<T extends object>(data: T): T & { updated_at: Date } {
  return { ...data, updated_at: new Date() }
}

/** A review without the votes relation, which the ORM adds when it holds votes in memory. */
function toRow({ votes: _votes, ...row }: ReviewRow & { votes?: unknown }): ReviewRow {
  return row
}

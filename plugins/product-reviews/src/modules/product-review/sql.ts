import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/postgresql"
import { generateEntityId } from "@medusajs/framework/utils"

/**
 * The SQL the service keeps, where the methods MedusaService generates cannot do the job. Each
 * runs in the caller's transaction (`em` is its transaction manager) and takes its values as
 * parameters. Flush the ORM's pending writes before calling them: they read the database.
 */

function placeholders(values: unknown[]) {
  return values.map(() => "?").join(", ")
}

/**
 * Creates the summaries if missing and locks them, in product id order: this serialises every
 * write that can move a product's summary, and the order keeps two writers from deadlocking.
 */
export async function lockRatings(em: SqlEntityManager, products: string[]) {
  const sorted = [...new Set(products)].sort()
  for (const productId of sorted) {
    // SQL: an insert that gives way to a concurrent one (ON CONFLICT); the ORM's would fail.
    await em.execute(
      `INSERT INTO product_rating (id, product_id) VALUES (?, ?)
       ON CONFLICT (product_id) WHERE deleted_at IS NULL DO NOTHING`,
      [generateEntityId(undefined, "prat"), productId]
    )
  }
  if (sorted.length) {
    // SQL: row locks taken in a set order, in one statement.
    await em.execute(
      `SELECT id FROM product_rating WHERE product_id IN (${placeholders(sorted)})
       AND deleted_at IS NULL ORDER BY product_id FOR UPDATE`,
      sorted
    )
  }
}

/** Rewrites the summaries of the products from their approved reviews, under `lockRatings`. */
export async function recomputeRatings(em: SqlEntityManager, products: string[]) {
  if (!products.length) return
  // SQL: an aggregate over every approved review, written back in the same statement.
  await em.execute(
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
  await em.execute(
    `UPDATE product_rating pr SET count = 0, count_1 = 0, count_2 = 0, count_3 = 0,
       count_4 = 0, count_5 = 0, average = 0, updated_at = now()
     WHERE pr.product_id IN (${placeholders(products)}) AND pr.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM product_review r WHERE r.product_id = pr.product_id
         AND r.status = 'approved' AND r.deleted_at IS NULL)`,
    products
  )
}

/** Adds `by` (1 or -1) to a review's helpful count; returns the new count. */
export async function moveHelpfulCount(em: SqlEntityManager, reviewId: string, by: 1 | -1) {
  // SQL: atomic (an ORM read-modify-write would race) and leaves updated_at alone (the ORM's not).
  const [{ helpful_count }] = await em.execute<{ helpful_count: number }[]>(
    `UPDATE product_review SET helpful_count = helpful_count + ? WHERE id = ?
     RETURNING helpful_count`,
    [by, reviewId]
  )
  return helpful_count
}

import { isDeepStrictEqual } from "node:util"
import type { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"

/**
 * A forced refresh (a new region, locale or tax address) prices every line again and writes the
 * result back; Medusa then reads the whole cart again. A new shipping address usually leaves every
 * price as it was, and writing a line its own values back changes nothing in the database. These
 * helpers keep only the lines whose new data differs, so a refresh that re-priced nothing can skip
 * the write and the second read of the cart.
 */

/** The line data Medusa's pricing prepares for one cart line (`prepareLineItemData`). */
export type PricedLine = { selector: { id?: string }; data: Record<string, unknown> }

type BigNumberLike = { numeric: number }

const NUMERIC_FIELDS = new Set(["quantity", "unit_price", "compare_at_unit_price"])

function sameNumber(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return a == b
  const numeric = (v: unknown): v is BigNumberInput =>
    typeof v === "number" ||
    typeof v === "string" ||
    (typeof v === "object" && typeof (v as BigNumberLike).numeric === "number")
  if (!numeric(a) || !numeric(b)) return false
  return MathBN.eq(a, b)
}

/**
 * Whether writing `data` to `line` would change it. Anything this cannot compare (tax lines or
 * adjustments handed along, a field the line was read without) counts as a change, so the line
 * is written as Medusa would write it.
 */
export function lineDataDiffers(
  line: Record<string, unknown> | undefined,
  data: Record<string, unknown>
): boolean {
  if (!line) return true
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue
    if (!(key in line)) return true
    const current = line[key]
    if (NUMERIC_FIELDS.has(key)) {
      if (!sameNumber(current, value)) return true
    } else if (!isDeepStrictEqual(current ?? null, value ?? null)) {
      return true
    }
  }
  return false
}

/** The priced lines whose data differs from the cart's lines: the only ones worth writing. */
export function changedLines(
  cartItems: ({ id: string } & Record<string, unknown>)[] | null | undefined,
  priced: PricedLine[]
): PricedLine[] {
  const byId = new Map((cartItems ?? []).map((item) => [item.id, item]))
  return priced.filter((p) => !p.selector.id || lineDataDiffers(byId.get(p.selector.id), p.data))
}

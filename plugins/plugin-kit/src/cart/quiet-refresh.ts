import { promotionsMayChange, type CartPromotionState } from "./promotion-refresh"

/**
 * While a shopper fills a cart (no address yet, no shipping method, no promotion, no payment
 * collection) every part of Medusa's refresh after a line is added, changed or removed finds
 * nothing to do: tax lines need the shipping address's country (Medusa's `getItemTaxLinesStep`
 * computes none without it), shipping methods and the payment collection are only refreshed when
 * the cart has them, and the promotions only when `promotionsMayChange`. Yet the refresh reads
 * the whole cart graph to find that out (17 statements on the seed catalogue). This rule says
 * when the cart as the caller read it, under the same lock and before its write, already shows
 * that the refresh cannot change the cart, so it can read nothing.
 */

/** What the caller must have read of the cart, besides its own fields, for the rule to apply. */
export const CART_QUIET_REFRESH_FIELDS = [
  "shipping_address.country_code",
  "shipping_methods.id",
  "items.id",
  "items.adjustments.id",
  "promotions.id",
  "payment_collection.id",
]

/** The cart as the caller read it before its write (`CART_QUIET_REFRESH_FIELDS`). */
export type CartBeforeWrite = CartPromotionState & {
  shipping_address?: { country_code?: string | null } | null
  payment_collection?: { id?: string } | null
}

/** The parts of the refresh's input the rule looks at. */
export type QuietRefreshInput = {
  cart_before?: CartBeforeWrite | null
  force_refresh?: boolean
  shipping_methods?: unknown[] | null
  promo_codes?: string[]
  locale?: string
}

/**
 * True when refreshing cannot change the cart: nothing forces a re-pricing, no shipping method,
 * promotion code or locale comes with the write, and the cart before it had no tax address, no
 * shipping method, no payment collection and nothing `promotionsMayChange` would recompute.
 * Without the caller's read there is nothing to go by, and the refresh reads the cart.
 */
export function refreshCannotChangeCart(
  input: QuietRefreshInput,
  storeHasAutomaticPromotion: boolean
): boolean {
  const cart = input.cart_before
  if (!cart) return false
  if (input.force_refresh || input.shipping_methods?.length) return false
  if (input.promo_codes !== undefined || input.locale) return false
  if (cart.shipping_address?.country_code) return false
  if ((cart.shipping_methods ?? []).some(Boolean)) return false
  if (cart.payment_collection) return false
  return !promotionsMayChange(cart, storeHasAutomaticPromotion)
}

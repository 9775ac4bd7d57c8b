/**
 * Medusa's cart refresh ends by recomputing the cart's promotions
 * (`updateCartPromotionsWorkflow`): it reads the whole cart again, asks the promotion module for
 * the cart's codes and every automatic promotion, and replaces the cart's adjustments and
 * promotion links with what it computed. For a cart with no promotion code, no adjustment and
 * no automatic promotion in the store, that recomputation finds nothing to apply, nothing to
 * remove and no link to replace: its answer is the cart as it was. This rule says when that is
 * so, and the refresh can leave the promotions alone.
 */

type Adjustable = { adjustments?: unknown[] | null } | null | undefined

/** The parts of a cart (Medusa's refresh read) the rule looks at. */
export type CartPromotionState = {
  promotions?: unknown[] | null
  items?: Adjustable[] | null
  shipping_methods?: Adjustable[] | null
}

/**
 * True when recomputing the cart's promotions could change it: the cart has a promotion, a line
 * or shipping method carries an adjustment (Medusa would remove or replace it), or the store has
 * an automatic promotion, which may apply to any cart.
 */
export function promotionsMayChange(
  cart: CartPromotionState,
  storeHasAutomaticPromotion: boolean
): boolean {
  if (storeHasAutomaticPromotion) return true
  if ((cart.promotions ?? []).some(Boolean)) return true
  const adjusted = (rows?: Adjustable[] | null) =>
    (rows ?? []).some((row) => (row?.adjustments ?? []).length > 0)
  return adjusted(cart.items) || adjusted(cart.shipping_methods)
}

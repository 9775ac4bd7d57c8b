/**
 * The workflows Zoco serves the Store API's cart routes with: Medusa's cart workflows composed of
 * Medusa's own steps, with a refresh that skips work which cannot change the cart. Each has the
 * hooks of the Medusa workflow it stands for, so a plugin registers its handlers here:
 *
 * ```ts
 * import { addToCartWorkflow } from "@zoco/plugin-kit/cart-workflows"
 * addToCartWorkflow.hooks.validate(async ({ input, cart }) => { ... })
 * ```
 */
export { addShippingMethodToCartWorkflow } from "./cart/workflows/add-shipping-method-to-cart"
export { addToCartWorkflow } from "./cart/workflows/add-to-cart"
export { createCartWorkflow } from "./cart/workflows/create-cart"
export { createPaymentCollectionForCartWorkflow } from "./cart/workflows/create-payment-collection-for-cart"
export { createPaymentSessionsWorkflow } from "./cart/workflows/create-payment-sessions"
export { deleteLineItemsWorkflow } from "./cart/workflows/delete-line-items"
export { listShippingOptionsForCartWorkflow } from "./cart/workflows/list-shipping-options-for-cart"
export { refreshCartWorkflow } from "./cart/workflows/refresh-cart"
export { updateCartWorkflow } from "./cart/workflows/update-cart"
export { updateLineItemInCartWorkflow } from "./cart/workflows/update-line-item-in-cart"
export { CART_READ_STRATEGY, cartReadVariables, readCart } from "./cart/read-cart"

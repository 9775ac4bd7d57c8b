import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { findAmountMismatches, type GuardedCart } from "../checkout/amount-guard"

/**
 * Refuses to turn a cart into an order when the payment would not cover
 * exactly its total (medusajs/medusa#16407). Authorizations for the wrong
 * amount are released and the stale sessions removed, so the storefront can
 * start a new payment session for the right amount and complete again.
 * Captured payments are left to Medusa's own compensation, which refunds them.
 */
completeCartWorkflow.hooks.validate(async ({ cart }, { container }) => {
  const mismatches = findAmountMismatches(cart as unknown as GuardedCart)
  if (mismatches.length === 0) {
    return
  }
  const payments = container.resolve(Modules.PAYMENT)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  for (const { session } of mismatches) {
    if (session.status === "captured") {
      continue
    }
    const [payment] = await payments.listPayments({ payment_session_id: session.id })
    if (payment && !payment.captured_at && !payment.canceled_at) {
      await payments.cancelPayment(payment.id)
    }
    await payments.deletePaymentSession(session.id)
  }
  const [first] = mismatches
  logger.warn(
    `Cart ${cart.id} not completed: payment session ${first.session.id} is for ${first.sessionAmount} ${first.currency}, the cart total is ${first.cartTotal} ${first.currency}.`
  )
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `The payment (${first.sessionAmount} ${first.currency}) does not match the cart total (${first.cartTotal} ${first.currency}), so no order was placed and the payment was released. Start a new payment session and complete the cart again.`
  )
})

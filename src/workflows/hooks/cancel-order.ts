import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"

type OrderPayments = {
  payment_collections?: ({
    payments?: ({ id: string; canceled_at?: unknown; captures?: unknown[] | null } | null)[]
  } | null)[]
}

/**
 * Medusa cancels an order even when voiding its payments' authorizations fails at the gateway:
 * it logs the failure and goes on, so the order reads canceled while the payment is not, and a
 * void the gateway made but whose answer was lost is never recorded. What is still open is voided
 * once more here; when the gateway still fails, so does the cancellation. Medusa's compensation
 * then restores the order, the merchant gets a 502 and cancels again, and the void, keyed on the
 * payment, is made once whatever the number of tries.
 */
cancelOrderWorkflow.hooks.orderCanceled(async ({ order }, { container }) => {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "order",
    fields: [
      "payment_collections.payments.id",
      "payment_collections.payments.canceled_at",
      "payment_collections.payments.captures.id",
    ],
    filters: { id: order.id },
  })
  const collections = (data[0] as OrderPayments | undefined)?.payment_collections ?? []
  const open = collections
    .flatMap((c) => c?.payments ?? [])
    .filter((p) => p && !p.canceled_at && (p.captures ?? []).length === 0)
  const payments = container.resolve(Modules.PAYMENT)
  for (const payment of open) {
    await payments.cancelPayment(payment!.id)
  }
})

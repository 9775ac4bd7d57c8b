import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { TestEventUtils } from "@medusajs/test-utils"

/**
 * Resolves once Medusa has handled `count` more payment webhooks: its `payment.webhook_received`
 * subscriber ran to the end, whatever it decided (a forged event makes it throw). Call it before
 * posting the webhooks, then await it instead of sleeping for "long enough".
 */
export function paymentWebhooksHandled(container: MedusaContainer, count = 1): Promise<void> {
  return TestEventUtils.waitSubscribersExecution(
    "payment.webhook_received",
    container.resolve(Modules.EVENT_BUS),
    { triggerCount: count, timeout: 60_000 }
  ).then(
    () => undefined,
    (error: Error) => {
      if (/^Timeout of/.test(error.message)) throw error
    }
  )
}

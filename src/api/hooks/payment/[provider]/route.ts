import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ConfigModule, IEventBusModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentWebhookEvents } from "@medusajs/framework/utils"
import { webhookOptions } from "../../../../lib/payments/webhook-options"

/**
 * Medusa's payment webhook route, with the payment module's `webhook_delay` and
 * `webhook_retries` taking effect as Medusa documents them (PAYMENT_WEBHOOK_DELAY_MS,
 * PAYMENT_WEBHOOK_RETRIES). As in Medusa's, the event is handled only after the delay, so that a
 * buyer completing the cart at that moment usually gets there first.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const { delayMs, retries } = webhookOptions(
    req.scope.resolve<ConfigModule>(ContainerRegistrationKeys.CONFIG_MODULE)
  )
  try {
    const eventBus = req.scope.resolve<IEventBusModuleService>(Modules.EVENT_BUS)
    await eventBus.emit(
      {
        name: PaymentWebhookEvents.WebhookReceived,
        data: {
          provider: req.params.provider,
          payload: { data: req.body, rawData: req.rawBody, headers: req.headers },
        },
      },
      { delay: delayMs, attempts: retries }
    )
  } catch (err) {
    res.status(400).send(`Webhook Error: ${(err as Error).message}`)
    return
  }
  res.sendStatus(200)
}

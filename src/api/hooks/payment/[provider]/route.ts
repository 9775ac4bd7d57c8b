import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { ConfigModule, IEventBusModuleService } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, PaymentWebhookEvents } from "@medusajs/framework/utils"
import type { RouteDocs } from "@zoco/plugin-kit/openapi"
import { webhookOptions } from "../../../../lib/payments/webhook-options"

export const openapi: RouteDocs = {
  POST: {
    summary: "Receive a payment gateway's webhook",
    description:
      "Medusa's route (see https://docs.medusajs.com/api/store): the gateway's event as it sends it, checked by the provider (`stripe_stripe`, `paypal_paypal`), handled PAYMENT_WEBHOOK_DELAY_MS after it arrives and tried PAYMENT_WEBHOOK_RETRIES times (Medusa's `webhook_delay` and `webhook_retries`).",
    tags: ["Payments"],
    security: "none",
    responses: {
      200: { description: "The event is queued; a forged one is refused when it is handled" },
      400: { description: "The event could not be queued", contentType: "text/plain" },
      404: { description: "No enabled payment provider has this id" },
    },
  },
}

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

import type { INotificationModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { dashboardLink } from "@zoco/plugin-kit/notification-link"
import { WEBHOOKS_MODULE } from "../modules/webhooks"
import type WebhooksService from "../modules/webhooks/service"
import { deliverDue } from "./sender"

/**
 * Sends what is due (of `only`, when given) and tells the merchant, in the dashboard's
 * notification feed, about each endpoint paused because its deliveries kept failing.
 */
export async function deliverAndReport(
  container: MedusaContainer,
  { batch = 20, max = 1_000, only }: { batch?: number; max?: number; only?: string[] } = {}
) {
  const webhooks = container.resolve<WebhooksService>(WEBHOOKS_MODULE)
  const { sent, paused } = await deliverDue(webhooks, { batch, max, only })
  if (!paused.length) return sent
  const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION, {
    allowUnregistered: true,
  })
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  for (const id of paused) {
    const endpoint = await webhooks.retrieveWebhookEndpoint(id)
    const reason = endpoint.paused_reason ?? "Its deliveries kept failing"
    logger.warn(`webhooks: paused ${endpoint.url}: ${reason}`)
    await notifications
      ?.createNotifications({
        to: "",
        channel: "feed",
        template: "admin-ui",
        resource_id: id,
        resource_type: "webhook_endpoint",
        data: {
          title: "Webhook endpoint paused",
          description: `${endpoint.url}: ${reason}. Fix it, then resume it on the Webhooks page.`,
          file: dashboardLink(container, "/webhooks", "Open Webhooks"),
        },
      })
      .catch((error: Error) => logger.warn(`webhooks: could not notify: ${error.message}`))
  }
  return sent
}

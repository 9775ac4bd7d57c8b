import type { MedusaContainer } from "@medusajs/framework/types"
import { WEBHOOKS_MODULE } from "../modules/webhooks"
import type WebhooksService from "../modules/webhooks/service"

/** Retries: sends every delivery whose wait is over, including those of a crashed worker. */
export default async function deliverWebhooks(container: MedusaContainer) {
  await container.resolve<WebhooksService>(WEBHOOKS_MODULE).deliverDue(20, 5_000)
}

export const config = { name: "zoco-deliver-webhooks", schedule: "* * * * *" }

import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { deliverAndReport } from "../lib/notify"
import { reconcile } from "../lib/reconcile"

let reconciledSinceStart = false

/**
 * Retries: sends every delivery whose wait is over, including those a crashed worker held. The
 * first run in a process also reconciles: a worker starting again after a crash or a Redis
 * outage is when events are most likely to have been lost, and the hourly pass may be far off.
 */
export default async function deliverWebhooks(container: MedusaContainer) {
  if (!reconciledSinceStart) {
    reconciledSinceStart = true
    await reconcile(container).catch((error: Error) => {
      reconciledSinceStart = false
      container
        .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
        .warn(`webhooks: reconciling at start failed, retrying next minute: ${error.message}`)
    })
  }
  await deliverAndReport(container, { max: 5_000 })
}

export const config = { name: "zoco-deliver-webhooks", schedule: "* * * * *" }

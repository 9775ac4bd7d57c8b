import type { MedusaContainer } from "@medusajs/framework/types"
import { deliverAndReport } from "../lib/notify"

/** Retries: sends every delivery whose wait is over, including those of a crashed worker. */
export default async function deliverWebhooks(container: MedusaContainer) {
  await deliverAndReport(container, 20, 5_000)
}

export const config = { name: "zoco-deliver-webhooks", schedule: "* * * * *" }

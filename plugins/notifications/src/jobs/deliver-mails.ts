import type { MedusaContainer } from "@medusajs/framework/types"
import { deliverDueMails } from "../lib/deliver"

/**
 * Retries: sends every mail whose wait is over, including those a crashed process held. New mails
 * do not wait for it: the subscriber that queues them sends them at once.
 */
export default async function deliverMails(container: MedusaContainer) {
  await deliverDueMails(container)
}

export const config = { name: "zoco-deliver-mails", schedule: "* * * * *" }

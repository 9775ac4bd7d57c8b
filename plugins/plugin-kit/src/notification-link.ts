import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

/**
 * Ends a feed notification's link to a dashboard page. Equal to the mark the dashboard side
 * (`@zoco/plugin-kit/admin/notification-links`) looks for; a test keeps the two the same.
 */
export const NOTIFICATION_LINK_MARK = "#zoco-open"

/**
 * The `data.file` of a feed notification that opens `page` of the dashboard (a path below the
 * admin's, such as `/reviews?id=prev_…`) when the merchant clicks it in the bell. The dashboard
 * must have called `openNotificationLinks()` (see the admin side); without it the feed would
 * offer the page as a download.
 */
export function dashboardLink(container: MedusaContainer, page: string, label: string) {
  const config = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const base = config.admin?.path ?? "/app"
  return { filename: label, url: `${base}${page}${NOTIFICATION_LINK_MARK}` }
}

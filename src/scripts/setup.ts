import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { launcherRequest } from "../lib/env"
import { seedCatalogue } from "./seed"
import { ensureAdminUser } from "./setup/admin-user"

/**
 * What a first start needs, in one process rather than one boot of every module each: the
 * catalogue when ZOCO_SETUP_SEED is "1", then the admin user of ZOCO_SETUP_ADMIN_EMAIL and
 * ZOCO_SETUP_ADMIN_PASSWORD when both are set. The password comes in the environment, not on the
 * command line, where other users of the machine could read it.
 */
export default async function setup({ container }: ExecArgs): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { seed, admin } = launcherRequest()
  if (seed) {
    await seedCatalogue(container)
  }
  if (admin) {
    const outcome = await ensureAdminUser(container, admin.email, admin.password)
    logger.info(`Admin user ${admin.email}: ${outcome}`)
  }
}

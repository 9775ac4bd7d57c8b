import { MedusaError } from "@medusajs/framework/utils"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import type { SeedData } from "./seed-data"

/** What every seeding helper needs: where to write, where to log, what to write. */
export type SeedContext = {
  container: MedusaContainer
  logger: Logger
  data: SeedData
}

/**
 * Looks up an id created earlier in the seed. Validation guarantees every
 * reference resolves, so a miss means Medusa did not create what it was asked to.
 */
export function requireId(ids: ReadonlyMap<string, string>, key: string, what: string): string {
  const id = ids.get(key)
  if (!id) {
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Seed: ${what} "${key}" was not created`
    )
  }
  return id
}

import type { ICachingProviderService } from "@medusajs/framework/types"
import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import RedisCaching from "@medusajs/medusa/caching-redis"
import { invalidatable } from "../../lib/caching"

type SetArgs = Parameters<ICachingProviderService["set"]>[0]

const MedusaRedisCaching = RedisCaching.services[0] as unknown as new (
  cradle: Record<string, unknown>,
  options?: Record<string, unknown>
) => ICachingProviderService

/**
 * Medusa's Redis caching provider, keeping only entries a change can invalidate (see
 * `invalidatable`): Medusa's own keeps an empty result, which no change clears, for its whole
 * time to live.
 */
export class InvalidatableRedisCachingProvider extends MedusaRedisCaching {
  static identifier = "cache-redis"

  override async set(args: SetArgs): Promise<void> {
    if (!invalidatable(args)) return
    await super.set(args)
  }
}

export default ModuleProvider(Modules.CACHING, {
  services: [InvalidatableRedisCachingProvider],
  loaders: RedisCaching.loaders,
})

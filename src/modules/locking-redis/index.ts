import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import RedisLocking from "@medusajs/medusa/locking-redis"
import { lockLimitsLoader } from "../../lib/lock-limits"
import { BoundedRedisLockingProvider } from "./service"

export default ModuleProvider(Modules.LOCKING, {
  services: [BoundedRedisLockingProvider],
  // Medusa's loader creates the Redis client with the lock commands the provider runs.
  loaders: [...(RedisLocking.loaders ?? []), lockLimitsLoader],
})

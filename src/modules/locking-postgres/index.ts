import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { lockLimitsLoader } from "../../lib/lock-limits"
import { NonBlockingPostgresLockingProvider } from "./service"

export default ModuleProvider(Modules.LOCKING, {
  services: [NonBlockingPostgresLockingProvider],
  loaders: [lockLimitsLoader],
})

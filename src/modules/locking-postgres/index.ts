import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { NonBlockingPostgresLockingProvider } from "./service"

export default ModuleProvider(Modules.LOCKING, {
  services: [NonBlockingPostgresLockingProvider],
})

import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import { PostgresCachingProvider } from "./service"

export type { PostgresCachingOptions } from "./service"

export default ModuleProvider(Modules.CACHING, {
  services: [PostgresCachingProvider],
})

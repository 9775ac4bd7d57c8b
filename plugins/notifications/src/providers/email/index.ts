import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import ZocoEmailProvider from "./service"

export type { EmailProviderOptions } from "./service"

export default ModuleProvider(Modules.NOTIFICATION, {
  services: [ZocoEmailProvider],
})

import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import PayPalProviderService from "./service"

export { PAYPAL_UNAVAILABLE } from "./client"
export type { PayPalOptions } from "./types"

export default ModuleProvider(Modules.PAYMENT, {
  services: [PayPalProviderService],
})

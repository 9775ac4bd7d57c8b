import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import PayPalProviderService from "./service"

export { PAYPAL_UNAVAILABLE, PayPalClient, type PayPalClientConfig } from "./client"
export { gatewayMovements, type GatewayMovement } from "./ledger"
export type { LedgerEntry, PayPalOptions, PayPalOrder, PayPalSessionData } from "./types"

export default ModuleProvider(Modules.PAYMENT, {
  services: [PayPalProviderService],
})

import { ModuleProvider, Modules } from "@medusajs/framework/utils"
import StripeModule from "@medusajs/medusa/payment-stripe"
import { ZocoStripeProviderService } from "./service"

// Medusa's Stripe providers, with the card provider (`pp_stripe_stripe`) replaced by Zoco's.
export default ModuleProvider(Modules.PAYMENT, {
  services: [
    ...StripeModule.services.filter(
      (service) => (service as { identifier?: string }).identifier !== "stripe"
    ),
    ZocoStripeProviderService,
  ],
})

import type { ConfigModule } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/** Medusa's defaults for the payment module's `webhook_delay` and `webhook_retries`. */
export const WEBHOOK_DEFAULTS = { delayMs: 5_000, retries: 3 }

type PaymentModuleOptions = { webhook_delay?: number; webhook_retries?: number }

/**
 * The payment module's `webhook_delay` and `webhook_retries` as medusa-config.ts set them, or
 * Medusa's defaults. Medusa's webhook route looks for them on the module's service, which does
 * not carry its options, so without this they never took effect.
 */
export function webhookOptions(config: ConfigModule): { delayMs: number; retries: number } {
  const declaration = config.modules?.[Modules.PAYMENT]
  const options: PaymentModuleOptions =
    declaration && typeof declaration === "object"
      ? ((declaration as { options?: PaymentModuleOptions }).options ?? {})
      : {}
  return {
    delayMs: options.webhook_delay ?? WEBHOOK_DEFAULTS.delayMs,
    retries: options.webhook_retries ?? WEBHOOK_DEFAULTS.retries,
  }
}

import { MedusaError } from "@medusajs/framework/utils"
import { createStep } from "@medusajs/framework/workflows-sdk"
import { WEBHOOKS_MODULE } from "../../modules/webhooks"
import { checkUrl, safeAddress, UnsafeUrlError } from "../../modules/webhooks/address-guard"
import type WebhooksService from "../../modules/webhooks/service"

/** Refuses, with a 400 that says why, a URL the address guard would never send to. */
export const validateWebhookUrlStep = createStep(
  "validate-webhook-url",
  async (url: string | undefined, { container }) => {
    if (url === undefined) return
    const { settings } = container.resolve<WebhooksService>(WEBHOOKS_MODULE)
    try {
      await safeAddress(checkUrl(url, settings), settings)
    } catch (error) {
      // The guard's reasons, and a name that does not resolve, are the merchant's to fix.
      const reason = error instanceof UnsafeUrlError ? error.message : (error as Error).message
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid url: ${reason}`)
    }
  }
)

import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

/** Medusa's `validateSalesChannelStep` (2.21.2), which `@medusajs/core-flows` does not export. */
export const validateSalesChannelStep = createStep(
  "validate-sales-channel",
  async ({ salesChannel }: { salesChannel?: { id?: string } | null }) => {
    if (!salesChannel?.id) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Sales channel is required when creating a cart. Either provide a sales channel ID or set the default sales channel for the store."
      )
    }
    return new StepResponse(void 0)
  }
)

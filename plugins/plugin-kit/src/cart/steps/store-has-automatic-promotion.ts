import { Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"

export const storeHasAutomaticPromotionStepId = "zoco-store-has-automatic-promotion"

/**
 * Whether the store has any automatic promotion, whatever its status, campaign or rules: one
 * indexed read. Any such promotion might apply to a cart, so Medusa's promotion refresh then
 * runs as it always does.
 */
export const storeHasAutomaticPromotionStep = createStep(
  storeHasAutomaticPromotionStepId,
  async (_input: void, { container }) => {
    const promotions = container.resolve(Modules.PROMOTION)
    const found = await promotions.listPromotions(
      { is_automatic: true },
      { select: ["id"], take: 1 }
    )
    return new StepResponse(found.length > 0)
  }
)

import { createPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import type { CreatePromotionDTO } from "@medusajs/framework/types"
import type { SeedContext } from "./seed-context"

/**
 * Promotion codes a buyer can enter at checkout, none applied automatically. A fixed amount is
 * in one currency, so it carries a rule that keeps it to carts in that currency, and it includes
 * tax when that currency's prices do (store.json).
 */
export async function seedPromotions({ container, data, logger }: SeedContext): Promise<string[]> {
  const taxInclusive = new Map(
    data.store.currencies.map((c) => [c.currency_code, c.is_tax_inclusive] as const)
  )
  const promotionsData: CreatePromotionDTO[] = data.promotions.promotions.map((promotion) => {
    const method = promotion.application_method
    return {
      code: promotion.code,
      type: "standard",
      status: "active",
      is_automatic: false,
      // "5 EUR off" where prices include VAT takes 5 off what the buyer pays, not 5 before tax.
      is_tax_inclusive: method.type === "fixed" && taxInclusive.get(method.currency_code) === true,
      application_method: {
        type: method.type,
        target_type: method.target_type,
        allocation: "across",
        value: method.value,
        ...(method.type === "fixed" ? { currency_code: method.currency_code } : {}),
        description: promotion.description,
      },
      rules:
        method.type === "fixed"
          ? [{ attribute: "currency_code", operator: "eq", values: [method.currency_code] }]
          : [],
    }
  })
  if (!promotionsData.length) return []
  const { result } = await createPromotionsWorkflow(container).run({ input: { promotionsData } })
  logger.info(`Seed: ${result.length} promotion codes.`)
  return result.map((promotion) => promotion.id)
}

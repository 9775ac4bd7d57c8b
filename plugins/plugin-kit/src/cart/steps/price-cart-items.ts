import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, MedusaWorkflow, StepResponse } from "@medusajs/framework/workflows-sdk"
import { z } from "@medusajs/framework/zod"

/** What a `setPricingContext` hook may return (Medusa's `pricingContextResult`): any extra context. */
export const pricingContextResult = z.record(z.string(), z.any()).optional()

/**
 * Medusa prices cart lines with its `get-variant-items-with-prices-workflow`, which
 * `@medusajs/core-flows` registers but does not export. It is taken from Medusa's workflow
 * registry rather than copied, so the prices are Medusa's own; it only reads, so there is
 * nothing to undo.
 */
export const MEDUSA_PRICING_WORKFLOW = "get-variant-items-with-prices-workflow"

export type PriceCartItemsInput = {
  cart: unknown
  items: unknown
  setPricingContextResult: unknown
  /** The variants to price; by default those of the cart's lines, with Medusa's fields. */
  variants?: { id: string[]; fields: string[] }
}

export type PricedCartItems<Variant, Item> = {
  variants: Variant[]
  /** Each line as Medusa's line item data, with the id of the cart line it prices, if any. */
  lineItems: { selector: { id?: string }; data: Item }[]
}

type RegisteredWorkflow = {
  run(args: {
    input: PriceCartItemsInput
    container: MedusaContainer
  }): Promise<{ result: PricedCartItems<unknown, unknown> }>
}

/** Medusa's pricing workflow, or a clear error when an upgrade of Medusa renamed it. */
export function medusaPricingWorkflow(): RegisteredWorkflow {
  const registry = MedusaWorkflow as { getWorkflow(id: string): RegisteredWorkflow | undefined }
  const workflow = registry.getWorkflow(MEDUSA_PRICING_WORKFLOW)
  if (!workflow) {
    throw new Error(
      `Medusa no longer registers the workflow "${MEDUSA_PRICING_WORKFLOW}", which Zoco's add-to-cart workflow runs to price new cart lines`
    )
  }
  return workflow
}

export const priceCartItemsStepId = "zoco-price-cart-items"

/** The variants of the items and the items as line item data, priced by Medusa's workflow. */
export const priceCartItemsStep = createStep(
  priceCartItemsStepId,
  async (input: PriceCartItemsInput, { container }) => {
    const { result } = await medusaPricingWorkflow().run({ input, container })
    return new StepResponse(result)
  }
)

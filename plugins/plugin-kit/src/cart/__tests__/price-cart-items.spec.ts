import "@medusajs/medusa/core-flows"
import { MEDUSA_PRICING_WORKFLOW, medusaPricingWorkflow } from "../steps/price-cart-items"

describe("Medusa's cart pricing workflow", () => {
  it(`is registered as "${MEDUSA_PRICING_WORKFLOW}", which Zoco's add-to-cart workflow runs`, () => {
    expect(typeof medusaPricingWorkflow().run).toBe("function")
  })
})

import { createRegionsWorkflow, createTaxRegionsWorkflow } from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import { enabledPaymentProviders } from "./payment-providers"
import { requireId, type SeedContext } from "./seed-context"

/**
 * Providers asked for by the environment but not registered in medusa-config
 * would make the region workflow fail; they are left out with a warning.
 */
async function registeredPaymentProviders({ container, logger }: SeedContext): Promise<string[]> {
  const wanted = enabledPaymentProviders()
  const registered = await container.resolve(Modules.PAYMENT).listPaymentProviders({ id: wanted })
  const ids = new Set(registered.map((provider) => provider.id))
  const missing = wanted.filter((id) => !ids.has(id))
  if (missing.length) {
    logger.warn(
      `Seed: payment provider(s) ${missing.join(", ")} not registered; regions will not offer them.`
    )
  }
  return wanted.filter((id) => ids.has(id))
}

/** Creates the regions (with their tax-inclusive price preference); returns ids by region name. */
export async function seedRegions(ctx: SeedContext): Promise<Map<string, string>> {
  const { container, data, logger } = ctx
  const paymentProviders = await registeredPaymentProviders(ctx)
  const { result } = await createRegionsWorkflow(container).run({
    input: {
      regions: data.regions.regions.map((region) => ({
        name: region.name,
        currency_code: region.currency_code,
        countries: region.countries,
        automatic_taxes: region.automatic_taxes,
        is_tax_inclusive: region.is_tax_inclusive,
        payment_providers: paymentProviders,
      })),
    },
  })
  logger.info(
    `Seed: ${result.length} regions with payment providers ${paymentProviders.join(", ")}.`
  )
  return new Map(result.map((region) => [region.name, region.id] as const))
}

/** Country tax regions first, then their provinces, which need the parent's id. */
export async function seedTaxRegions({ container, data, logger }: SeedContext): Promise<void> {
  const { provider_id, tax_regions } = data.tax
  const { result: countries } = await createTaxRegionsWorkflow(container).run({
    input: tax_regions.map((taxRegion) => ({
      country_code: taxRegion.country_code,
      provider_id,
      default_tax_rate: taxRegion.default_rate,
    })),
  })
  const parentByCountry = new Map(
    countries.map((taxRegion) => [taxRegion.country_code, taxRegion.id])
  )
  const provinces = tax_regions.flatMap((taxRegion) =>
    (taxRegion.provinces ?? []).map((province) => ({
      country_code: taxRegion.country_code,
      province_code: province.province_code,
      // Provinces inherit the provider; Medusa rejects one set below the top level.
      parent_id: requireId(parentByCountry, taxRegion.country_code, "tax region"),
      default_tax_rate: province.default_rate,
    }))
  )
  if (provinces.length) {
    await createTaxRegionsWorkflow(container).run({ input: provinces })
  }
  logger.info(`Seed: ${countries.length} country and ${provinces.length} province tax regions.`)
}

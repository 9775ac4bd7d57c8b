import {
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
} from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import { requireId, type SeedContext } from "./seed-context"
import { serviceZoneKey, type SeededLocations } from "./seed-fulfillment"

/** Reuses an existing default profile (some setups create one), else creates it. */
export async function ensureShippingProfile({ container, data }: SeedContext): Promise<string> {
  const { name, type } = data.shipping.shipping_profile
  const [existing] = await container
    .resolve(Modules.FULFILLMENT)
    .listShippingProfiles({ type }, { take: 1 })
  if (existing) {
    return existing.id
  }
  const { result } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name, type }] },
  })
  return result[0].id
}

export async function seedShippingOptions(
  { container, data, logger }: SeedContext,
  ids: {
    regionIds: Map<string, string>
    locations: SeededLocations
    shippingProfileId: string
  }
): Promise<string[]> {
  const currencyByRegion = new Map(
    data.regions.regions.map((r) => [r.name, r.currency_code] as const)
  )
  const input = data.shipping.shipping_options.map((option) => {
    const regionId = requireId(ids.regionIds, option.region, "region")
    const zoneKey = serviceZoneKey(option.location, option.service_zone)
    return {
      name: option.name,
      price_type: "flat" as const,
      provider_id: option.provider_id,
      service_zone_id: requireId(ids.locations.serviceZoneIds, zoneKey, "service zone"),
      shipping_profile_id: ids.shippingProfileId,
      type: option.type,
      // The region price wins for carts in the region and carries its
      // tax-inclusive preference; the currency price is the fallback.
      prices: [
        {
          currency_code: requireId(currencyByRegion, option.region, "region"),
          amount: option.amount,
        },
        { region_id: regionId, amount: option.amount },
      ],
      rules: [
        { attribute: "enabled_in_store", operator: "eq" as const, value: "true" },
        { attribute: "is_return", operator: "eq" as const, value: "false" },
      ],
    }
  })
  const { result } = await createShippingOptionsWorkflow(container).run({
    input,
  })
  logger.info(`Seed: ${result.length} shipping options.`)
  return result.map((option) => option.id)
}

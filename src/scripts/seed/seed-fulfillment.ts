import {
  createLinksWorkflow,
  createLocationFulfillmentSetWorkflow,
  createServiceZonesWorkflow,
  createStockLocationsWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
} from "@medusajs/medusa/core-flows"
import { Modules } from "@medusajs/framework/utils"
import type { LinkDefinition } from "@medusajs/framework/types"
import { requireId, type SeedContext } from "./seed-context"

export type SeededLocations = {
  /** Stock location ids by the `key` used in the data files. */
  locationIds: Map<string, string>
  /** Service zone ids by `<location key>/<zone name>`. */
  serviceZoneIds: Map<string, string>
}

export function serviceZoneKey(locationKey: string, zoneName: string): string {
  return `${locationKey}/${zoneName}`
}

/**
 * A stock location only serves carts when it is linked to the cart's sales
 * channel and to a fulfillment provider, and has a fulfillment set whose
 * service zones cover the shipping address: all three are set up here.
 */
export async function seedStockLocations(
  { container, data, logger }: SeedContext,
  salesChannelId: string
): Promise<SeededLocations> {
  const locations = data.locations.stock_locations
  const { result } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: locations.map(({ name, address }) => ({ name, address })),
    },
  })
  const idByName = new Map(result.map((l) => [l.name, l.id]))
  const locationIds = new Map(
    locations.map((l) => [l.key, requireId(idByName, l.name, "stock location")])
  )

  const providerLinks: LinkDefinition[] = locations.flatMap((location) =>
    location.fulfillment_providers.map((providerId) => ({
      [Modules.STOCK_LOCATION]: {
        stock_location_id: requireId(locationIds, location.key, "stock location"),
      },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: providerId },
    }))
  )
  await createLinksWorkflow(container).run({ input: providerLinks })

  for (const location of locations) {
    const id = requireId(locationIds, location.key, "stock location")
    await linkSalesChannelsToStockLocationWorkflow(container).run({
      input: { id, add: [salesChannelId] },
    })
    const { name, type } = location.fulfillment_set
    await createLocationFulfillmentSetWorkflow(container).run({
      input: { location_id: id, fulfillment_set_data: { name, type } },
    })
  }

  // The location workflow returns nothing; set names are unique, so look them up.
  const sets = await container.resolve(Modules.FULFILLMENT).listFulfillmentSets({
    name: locations.map((l) => l.fulfillment_set.name),
  })
  const setIdByName = new Map(sets.map((set) => [set.name, set.id]))
  const zoneInputs = locations.flatMap((location) =>
    location.fulfillment_set.service_zones.map((zone) => ({
      locationKey: location.key,
      zone: {
        name: zone.name,
        fulfillment_set_id: requireId(
          setIdByName,
          location.fulfillment_set.name,
          "fulfillment set"
        ),
        geo_zones: zone.countries.map((country_code) => ({
          type: "country" as const,
          country_code,
        })),
      },
    }))
  )
  const { result: zones } = await createServiceZonesWorkflow(container).run({
    input: { data: zoneInputs.map((input) => input.zone) },
  })
  const zoneIdByName = new Map(zones.map((z) => [z.name, z.id]))
  const serviceZoneIds = new Map(
    zoneInputs.map(({ locationKey, zone }) => [
      serviceZoneKey(locationKey, zone.name),
      requireId(zoneIdByName, zone.name, "service zone"),
    ])
  )
  logger.info(
    `Seed: ${locations.length} stock locations with fulfillment sets and ${zones.length} service zones.`
  )
  return { locationIds, serviceZoneIds }
}

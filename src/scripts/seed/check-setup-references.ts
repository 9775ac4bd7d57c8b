import { describeAmountProblem } from "./money"
import type { SeedData } from "./seed-data"
import { IssueCollector, reportDuplicates, type SeedIssue } from "./seed-issue"

/** Store, regions, tax, stock locations, shipping and promotions: do they fit together? */
export function checkSetupReferences(data: SeedData): SeedIssue[] {
  const out = new IssueCollector()
  const { store, regions, tax, locations, shipping } = data

  const currencies = store.currencies.map((c) => c.currency_code)
  reportDuplicates(
    currencies,
    (c) => c,
    (i, c) =>
      out.report("store.json", ["currencies", i, "currency_code"], `duplicate currency "${c}"`)
  )
  const defaults = store.currencies.filter((c) => c.is_default).length
  if (defaults !== 1) {
    out.report(
      "store.json",
      ["currencies"],
      `exactly one currency must have is_default: true, found ${defaults}`
    )
  }
  const regionByName = new Map(regions.regions.map((r) => [r.name, r]))
  if (!regionByName.has(store.default_region)) {
    out.report(
      "store.json",
      ["default_region"],
      `no region named "${store.default_region}" in regions.json`
    )
  }
  const locationByKey = new Map(locations.stock_locations.map((l) => [l.key, l]))
  if (!locationByKey.has(store.default_location)) {
    out.report(
      "store.json",
      ["default_location"],
      `no stock location with key "${store.default_location}" in locations.json`
    )
  }

  reportDuplicates(
    regions.regions,
    (r) => r.name,
    (i, name) =>
      out.report("regions.json", ["regions", i, "name"], `duplicate region name "${name}"`)
  )
  const regionOfCountry = new Map<string, string>()
  regions.regions.forEach((region, i) => {
    if (!currencies.includes(region.currency_code)) {
      out.report(
        "regions.json",
        ["regions", i, "currency_code"],
        `"${region.currency_code}" is not a store currency (store.json)`
      )
    }
    region.countries.forEach((country, j) => {
      const other = regionOfCountry.get(country)
      if (other !== undefined) {
        out.report(
          "regions.json",
          ["regions", i, "countries", j],
          `country "${country}" is already in region "${other}"`
        )
      }
      regionOfCountry.set(country, region.name)
    })
  })

  const taxCountries = new Set<string>()
  tax.tax_regions.forEach((taxRegion, i) => {
    const country = taxRegion.country_code
    if (taxCountries.has(country)) {
      out.report(
        "tax.json",
        ["tax_regions", i, "country_code"],
        `duplicate tax region for "${country}"`
      )
    }
    taxCountries.add(country)
    if (!regionOfCountry.has(country)) {
      out.report(
        "tax.json",
        ["tax_regions", i, "country_code"],
        `"${country}" is not in any region of regions.json`
      )
    }
    const provinces = taxRegion.provinces ?? []
    reportDuplicates(
      provinces,
      (p) => p.province_code,
      (j, code) =>
        out.report(
          "tax.json",
          ["tax_regions", i, "provinces", j, "province_code"],
          `duplicate province "${code}"`
        )
    )
    provinces.forEach((province, j) => {
      if (!province.province_code.startsWith(`${country}-`)) {
        out.report(
          "tax.json",
          ["tax_regions", i, "provinces", j, "province_code"],
          `"${province.province_code}" does not belong to country "${country}"`
        )
      }
    })
  })
  for (const country of regionOfCountry.keys()) {
    if (!taxCountries.has(country)) {
      out.report("tax.json", ["tax_regions"], `region country "${country}" has no tax region`)
    }
  }

  reportDuplicates(
    locations.stock_locations,
    (l) => l.key,
    (i, key) =>
      out.report("locations.json", ["stock_locations", i, "key"], `duplicate key "${key}"`)
  )
  reportDuplicates(
    locations.stock_locations,
    (l) => l.fulfillment_set.name,
    (i, name) =>
      out.report(
        "locations.json",
        ["stock_locations", i, "fulfillment_set", "name"],
        `duplicate fulfillment set name "${name}"`
      )
  )
  // Medusa keeps service zone names unique across all fulfillment sets.
  const zoneNames = new Set<string>()
  locations.stock_locations.forEach((location, i) =>
    location.fulfillment_set.service_zones.forEach((zone, j) => {
      if (zoneNames.has(zone.name)) {
        out.report(
          "locations.json",
          ["stock_locations", i, "fulfillment_set", "service_zones", j, "name"],
          `duplicate service zone name "${zone.name}"`
        )
      }
      zoneNames.add(zone.name)
    })
  )
  locations.stock_locations.forEach((location, i) => {
    const zones = location.fulfillment_set.service_zones
    zones.forEach((zone, j) =>
      zone.countries.forEach((country, k) => {
        if (!regionOfCountry.has(country)) {
          out.report(
            "locations.json",
            ["stock_locations", i, "fulfillment_set", "service_zones", j, "countries", k],
            `"${country}" is not in any region of regions.json`
          )
        }
      })
    )
  })

  reportDuplicates(
    shipping.shipping_options,
    (o) => `${o.region}\u0000${o.name}`,
    (i) =>
      out.report(
        "shipping.json",
        ["shipping_options", i, "name"],
        "duplicate shipping option name in this region"
      )
  )
  shipping.shipping_options.forEach((option, i) => {
    const at = (...rest: string[]) => ["shipping_options", i, ...rest]
    const region = regionByName.get(option.region)
    if (!region) {
      out.report(
        "shipping.json",
        at("region"),
        `no region named "${option.region}" in regions.json`
      )
    } else {
      const problem = describeAmountProblem(option.amount, region.currency_code)
      if (problem) {
        out.report("shipping.json", at("amount"), problem)
      }
    }
    const location = locationByKey.get(option.location)
    if (!location) {
      out.report(
        "shipping.json",
        at("location"),
        `no stock location with key "${option.location}" in locations.json`
      )
      return
    }
    if (!location.fulfillment_providers.includes(option.provider_id)) {
      out.report(
        "shipping.json",
        at("provider_id"),
        `"${option.provider_id}" is not a fulfillment provider of stock location "${option.location}"`
      )
    }
    const zone = location.fulfillment_set.service_zones.find((z) => z.name === option.service_zone)
    if (!zone) {
      out.report(
        "shipping.json",
        at("service_zone"),
        `stock location "${option.location}" has no service zone "${option.service_zone}"`
      )
      return
    }
    // A cart in a country outside the zone would see no shipping option at all.
    const uncovered = region?.countries.filter((c) => !zone.countries.includes(c)) ?? []
    if (uncovered.length) {
      out.report(
        "shipping.json",
        at("service_zone"),
        `service zone "${zone.name}" does not cover region countries ${uncovered.join(", ")}`
      )
    }
  })

  const regionsWithOptions = new Set(shipping.shipping_options.map((o) => o.region))
  regions.regions.forEach((region, i) => {
    if (!regionsWithOptions.has(region.name)) {
      out.report(
        "regions.json",
        ["regions", i],
        `region "${region.name}" has no shipping option in shipping.json`
      )
    }
  })

  reportDuplicates(
    data.promotions.promotions,
    (p) => p.code,
    (i, code) =>
      out.report("promotions.json", ["promotions", i, "code"], `duplicate promotion code "${code}"`)
  )
  data.promotions.promotions.forEach((promotion, i) => {
    const method = promotion.application_method
    if (method.type !== "fixed") return
    const at = ["promotions", i, "application_method"]
    if (!currencies.includes(method.currency_code)) {
      out.report(
        "promotions.json",
        [...at, "currency_code"],
        `"${method.currency_code}" is not a store currency (store.json)`
      )
      return
    }
    const problem = describeAmountProblem(method.value, method.currency_code)
    if (problem) out.report("promotions.json", [...at, "value"], problem)
  })

  return out.issues
}

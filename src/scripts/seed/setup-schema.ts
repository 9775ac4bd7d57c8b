import { z } from "@medusajs/framework/zod"
import {
  amountSchema,
  countryCodeSchema,
  currencyCodeSchema,
  handleSchema,
  nonEmptyString,
} from "./schema-common"

export const storeFileSchema = z
  .object({
    name: nonEmptyString,
    currencies: z
      .array(
        z
          .object({
            currency_code: currencyCodeSchema,
            is_default: z.boolean(),
            is_tax_inclusive: z.boolean(),
          })
          .strict()
      )
      .min(1),
    sales_channel: z.object({ name: nonEmptyString, description: z.string().optional() }).strict(),
    publishable_api_key: z.object({ title: nonEmptyString }).strict(),
    /** Name of a region in regions.json. */
    default_region: nonEmptyString,
    /** Key of a stock location in locations.json. */
    default_location: handleSchema,
  })
  .strict()

export const regionsFileSchema = z
  .object({
    regions: z
      .array(
        z
          .object({
            name: nonEmptyString,
            currency_code: currencyCodeSchema,
            countries: z.array(countryCodeSchema).min(1),
            is_tax_inclusive: z.boolean(),
            automatic_taxes: z.boolean().optional(),
          })
          .strict()
      )
      .min(1),
  })
  .strict()

const taxRateSchema = z
  .object({
    name: nonEmptyString,
    code: nonEmptyString.optional(),
    rate: z.number().min(0).max(100),
  })
  .strict()

export const taxFileSchema = z
  .object({
    provider_id: nonEmptyString,
    tax_regions: z
      .array(
        z
          .object({
            country_code: countryCodeSchema,
            note: z.string().optional(),
            default_rate: taxRateSchema,
            provinces: z
              .array(
                z
                  .object({
                    province_code: z
                      .string()
                      .regex(
                        /^[a-z]{2}-[a-z0-9]{1,3}$/,
                        "must be a lower-case ISO 3166-2 code such as us-ca"
                      ),
                    note: z.string().optional(),
                    default_rate: taxRateSchema,
                  })
                  .strict()
              )
              .optional(),
          })
          .strict()
      )
      .min(1),
  })
  .strict()

export const locationsFileSchema = z
  .object({
    stock_locations: z
      .array(
        z
          .object({
            /** Short name that products and shipping options refer to. */
            key: handleSchema,
            name: nonEmptyString,
            address: z
              .object({
                address_1: nonEmptyString,
                address_2: z.string().optional(),
                city: nonEmptyString,
                province: z.string().optional(),
                postal_code: z.string().optional(),
                country_code: countryCodeSchema,
                phone: z.string().optional(),
              })
              .strict(),
            fulfillment_providers: z.array(nonEmptyString).min(1),
            fulfillment_set: z
              .object({
                name: nonEmptyString,
                type: z.enum(["shipping", "pickup"]),
                service_zones: z
                  .array(
                    z
                      .object({
                        name: nonEmptyString,
                        countries: z.array(countryCodeSchema).min(1),
                      })
                      .strict()
                  )
                  .min(1),
              })
              .strict(),
          })
          .strict()
      )
      .min(1),
  })
  .strict()

export const shippingFileSchema = z
  .object({
    shipping_profile: z.object({ name: nonEmptyString, type: nonEmptyString }).strict(),
    shipping_options: z
      .array(
        z
          .object({
            name: nonEmptyString,
            /** Name of a region in regions.json; the price is in its currency. */
            region: nonEmptyString,
            /** Key of a stock location in locations.json. */
            location: handleSchema,
            /** Name of a service zone of that location. */
            service_zone: nonEmptyString,
            provider_id: nonEmptyString,
            type: z
              .object({
                code: handleSchema,
                label: nonEmptyString,
                description: z.string().optional(),
              })
              .strict(),
            amount: amountSchema,
          })
          .strict()
      )
      .min(1),
  })
  .strict()

export type StoreFile = z.infer<typeof storeFileSchema>
export type RegionsFile = z.infer<typeof regionsFileSchema>
export type TaxFile = z.infer<typeof taxFileSchema>
export type LocationsFile = z.infer<typeof locationsFileSchema>
export type ShippingFile = z.infer<typeof shippingFileSchema>

const promotionCodeSchema = z
  .string()
  .regex(/^[A-Z0-9]+(?:[-_][A-Z0-9]+)*$/, "must be upper-case letters and digits")

export const promotionsFileSchema = z
  .object({
    promotions: z.array(
      z
        .object({
          /** What a buyer types at checkout; codes are never applied automatically. */
          code: promotionCodeSchema,
          description: z.string().optional(),
          application_method: z.discriminatedUnion("type", [
            z
              .object({
                type: z.literal("percentage"),
                target_type: z.enum(["items", "shipping_methods", "order"]),
                value: z.number().positive().max(100),
              })
              .strict(),
            z
              .object({
                type: z.literal("fixed"),
                target_type: z.enum(["items", "shipping_methods", "order"]),
                /**
                 * Major units of `currency_code`, tax included when its prices include tax
                 * (store.json); the code applies to carts in that currency only.
                 */
                value: amountSchema,
                currency_code: currencyCodeSchema,
              })
              .strict(),
          ]),
        })
        .strict()
    ),
  })
  .strict()

export type PromotionsFile = z.infer<typeof promotionsFileSchema>

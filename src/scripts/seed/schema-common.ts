import { z } from "@medusajs/framework/zod"

export const nonEmptyString = z.string().min(1, "must not be empty")

export const handleSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "must be lower-case letters and digits joined by single hyphens"
  )

export const countryCodeSchema = z
  .string()
  .regex(/^[a-z]{2}$/, "must be a lower-case ISO 3166-1 alpha-2 country code")

export const currencyCodeSchema = z
  .string()
  .regex(/^[a-z]{3}$/, "must be a lower-case ISO 4217 currency code")

/** Major units, as Medusa v2 stores them; decimals are checked per currency. */
export const amountSchema = z.number().positive()

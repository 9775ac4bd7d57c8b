import { launcherRequest } from "../../lib/env"

/**
 * Handles of the two products whose stock is deliberately unusual, so tests
 * can exercise the "sold out" and "backorder" paths without searching the
 * catalogue. `products.json` marks them with `availability`; a unit test keeps
 * the two in agreement.
 */
export const SOLD_OUT_PRODUCT_HANDLE = "waxed-canvas-backpack"
export const BACKORDER_PRODUCT_HANDLE = "embroidered-crewneck"

/** Name of the single sales channel and title of its publishable key. */
export const WEBSHOP_SALES_CHANNEL_NAME = "Webshop"
export const WEBSHOP_PUBLISHABLE_KEY_TITLE = "Webshop"

export const EUROPE_REGION_NAME = "Europe"
export const US_REGION_NAME = "United States"

export const STANDARD_SHIPPING_OPTION_NAME = "Standard Shipping"
export const EXPRESS_SHIPPING_OPTION_NAME = "Express Shipping"

/**
 * The seed catalogue shipped with the repository. `SEED_DATA_DIR` points a
 * built server (which runs from `.medusa/server`, without `data/`) at it.
 */
export function defaultSeedDataDir(): string {
  return launcherRequest().seedDataDir
}

/** Folder inside the data directory that holds product images. */
export const SEED_IMAGES_DIR = "images"

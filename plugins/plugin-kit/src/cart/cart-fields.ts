/**
 * The cart fields Medusa's cart workflows read before refreshing a cart
 * (`cartFieldsForRefreshSteps` in `@medusajs/core-flows` 2.21.2, which the package does not
 * export). Zoco's cart workflows hand this cart to the same Medusa steps, so it must hold what
 * Medusa's own read does; the differential test (stock against Zoco, every answer compared)
 * fails when a Medusa upgrade reads more than this.
 */
export const CART_REFRESH_FIELDS = [
  "id",
  "email",
  "currency_code",
  "quantity",
  "subtotal",
  "original_item_total",
  "item_total",
  "locale",
  "total",
  "original_item_subtotal",
  "item_subtotal",
  "shipping_subtotal",
  "region_id",
  "metadata",
  "completed_at",
  "sales_channel_id",
  "region.*",
  "items.*",
  "items.product.id",
  "items.product.is_giftcard",
  "items.product.collection_id",
  "items.product.categories.id",
  "items.product.tags.id",
  "items.product.type_id",
  "items.product.weight",
  "items.variant.id",
  "items.variant.product.id",
  "items.variant.product.shipping_profile.id",
  "items.variant.weight",
  "items.variant.length",
  "items.variant.height",
  "items.variant.width",
  "items.variant.material",
  "items.adjustments.*",
  "items.tax_lines.*",
  "shipping_address.*",
  "shipping_methods.*",
  "shipping_methods.adjustments.*",
  "shipping_methods.tax_lines.*",
  "shipping_methods.shipping_option.shipping_option_type_id",
  "shipping_methods.shipping_option.shipping_profile_id",
  "customer.*",
  "customer.groups.*",
  "promotions.id",
  "promotions.code",
  "payment_collection.id",
  "payment_collection.raw_amount",
  "payment_collection.amount",
  "payment_collection.currency_code",
  "payment_collection.payment_sessions.id",
]

/**
 * The cart fields Medusa prices cart lines with (`fieldsForPricingContext` in
 * `@medusajs/core-flows` 2.21.2).
 */
export const CART_PRICING_FIELDS = [
  "id",
  "sales_channel_id",
  "currency_code",
  "region_id",
  "shipping_address.city",
  "shipping_address.country_code",
  "shipping_address.province",
  "shipping_address.postal_code",
  "item_total",
  "total",
  "locale",
  "customer.id",
  "email",
  "customer.groups.id",
]

/** The cart fields Medusa's `addToCartWorkflow` reads before pricing the new items. */
export const CART_ADD_ITEM_FIELDS = ["completed_at", "locale", ...CART_PRICING_FIELDS]

/**
 * The variant fields Medusa's `addToCartWorkflow` reads to price a new line and confirm its
 * stock (`productVariantsFields`, which holds `requiredVariantFieldsForInventoryConfirmation`,
 * in `@medusajs/core-flows` 2.21.2): a line's title, product and shipping data come from here.
 */
export const VARIANT_ADD_ITEM_FIELDS = [
  "id",
  "title",
  "sku",
  "manage_inventory",
  "allow_backorder",
  "requires_shipping",
  "is_discountable",
  "variant_option_values",
  "barcode",
  "thumbnail",
  "product.id",
  "product.title",
  "product.description",
  "product.status",
  "product.subtitle",
  "product.thumbnail",
  "product.type.value",
  "product.type.id",
  "product.collection.id",
  "product.collection.title",
  "product.handle",
  "product.discountable",
  "product.is_giftcard",
  "product.shipping_profile.id",
  "inventory_items.inventory_item_id",
  "inventory_items.required_quantity",
  "inventory_items.inventory.id",
  "inventory_items.inventory.requires_shipping",
  "inventory_items.inventory.location_levels.id",
  "inventory_items.inventory.location_levels.stocked_quantity",
  "inventory_items.inventory.location_levels.reserved_quantity",
  "inventory_items.inventory.location_levels.location_id",
  "inventory_items.inventory.location_levels.raw_stocked_quantity",
  "inventory_items.inventory.location_levels.raw_reserved_quantity",
  "inventory_items.inventory.location_levels.stock_locations.id",
  "inventory_items.inventory.location_levels.stock_locations.name",
  "inventory_items.inventory.location_levels.stock_locations.sales_channels.id",
  "inventory_items.inventory.location_levels.stock_locations.sales_channels.name",
]

/**
 * The variant fields a re-pricing of a cart's existing lines reads: Medusa's, without the stock
 * levels, stock locations and sales channels, which only the stock check reads (a line's data is
 * built from the variant, its product and whether its inventory requires shipping).
 */
export const VARIANT_REPRICE_FIELDS = VARIANT_ADD_ITEM_FIELDS.filter(
  (field) => !field.startsWith("inventory_items.inventory.location_levels")
)

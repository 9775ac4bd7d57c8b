import {
  createApiKeysWorkflow,
  createSalesChannelsWorkflow,
  createStoresWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  updateApiKeysWorkflow,
  updateSalesChannelsWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { SeedContext } from "./seed-context"

export type SeededStore = {
  storeId: string
  salesChannelId: string
  publishableKey: { id: string; token: string }
}

type ApiKeySalesChannels = { id: string; sales_channels?: { id: string }[] }

/**
 * Medusa creates a store, a "Default Sales Channel" and a "Default Publishable
 * API Key" on first boot. They are renamed rather than duplicated, so the
 * database ends with one store, one channel and one key.
 */
async function ensureSalesChannel(
  { container, data }: SeedContext,
  defaultChannelId: string | null | undefined
): Promise<string> {
  const { name, description } = data.store.sales_channel
  if (defaultChannelId) {
    await updateSalesChannelsWorkflow(container).run({
      input: { selector: { id: defaultChannelId }, update: { name, description } },
    })
    return defaultChannelId
  }
  const [existing] = await container
    .resolve(Modules.SALES_CHANNEL)
    .listSalesChannels({ name }, { take: 1 })
  if (existing) {
    return existing.id
  }
  const { result } = await createSalesChannelsWorkflow(container).run({
    input: { salesChannelsData: [{ name, description }] },
  })
  return result[0].id
}

async function ensurePublishableKey(
  { container, data }: SeedContext,
  salesChannelId: string
): Promise<{ id: string; token: string }> {
  const { title } = data.store.publishable_api_key
  const keys = (
    await container.resolve(Modules.API_KEY).listApiKeys({ type: "publishable" })
  ).filter((key) => !key.revoked_at)
  let key = keys.find((k) => k.title === title) ?? keys[0]
  if (key && key.title !== title) {
    const { result } = await updateApiKeysWorkflow(container).run({
      input: { selector: { id: key.id }, update: { title } },
    })
    key = result[0]
  }
  if (!key) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title, type: "publishable", created_by: "" }] },
    })
    key = result[0]
  }

  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: linked } = await query.graph({
    entity: "api_key",
    fields: ["id", "sales_channels.id"],
    filters: { id: key.id },
  })
  const channels = (linked as ApiKeySalesChannels[])[0]?.sales_channels ?? []
  if (!channels.some((channel) => channel.id === salesChannelId)) {
    await linkSalesChannelsToApiKeyWorkflow(container).run({
      input: { id: key.id, add: [salesChannelId] },
    })
  }
  return { id: key.id, token: key.token }
}

export async function seedStore(ctx: SeedContext): Promise<SeededStore> {
  const { container, data, logger } = ctx
  const [store] = await container.resolve(Modules.STORE).listStores({}, { take: 1 })
  const salesChannelId = await ensureSalesChannel(ctx, store?.default_sales_channel_id)
  const supported_currencies = data.store.currencies.map((currency) => ({
    currency_code: currency.currency_code,
    is_default: currency.is_default,
    // Also writes the currency's price preference (tax-inclusive EUR prices).
    is_tax_inclusive: currency.is_tax_inclusive,
  }))
  let storeId: string
  if (store) {
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: {
          name: data.store.name,
          supported_currencies,
          default_sales_channel_id: salesChannelId,
        },
      },
    })
    storeId = store.id
  } else {
    const { result } = await createStoresWorkflow(container).run({
      input: {
        stores: [
          {
            name: data.store.name,
            supported_currencies,
            default_sales_channel_id: salesChannelId,
          },
        ],
      },
    })
    storeId = result[0].id
  }
  const publishableKey = await ensurePublishableKey(ctx, salesChannelId)
  logger.info(`Seed: store "${data.store.name}", sales channel and publishable key ready.`)
  return { storeId, salesChannelId, publishableKey }
}

/** Points the store at its default region and stock location once both exist. */
export async function setStoreDefaults(
  { container }: SeedContext,
  storeId: string,
  defaults: { regionId: string; locationId: string }
): Promise<void> {
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: storeId },
      update: {
        default_region_id: defaults.regionId,
        default_location_id: defaults.locationId,
      },
    },
  })
}

import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { normalizeOptions, PLUGIN_NAME, type AuthOidcOptions } from "../options"

const byContainer = new WeakMap<object, AuthOidcOptions>()

/**
 * The options the app registered the plugin with (`plugins` in `medusa-config.ts`), read once per
 * container: Medusa hands a plugin's options to its modules only, and this plugin has none.
 */
export function pluginOptions(scope: MedusaContainer): AuthOidcOptions {
  const config = scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  let options = byContainer.get(config)
  if (!options) {
    const entry = config.plugins.find(
      (plugin) => typeof plugin !== "string" && plugin.resolve === PLUGIN_NAME
    )
    options = normalizeOptions(
      typeof entry === "object" ? (entry.options as Partial<AuthOidcOptions>) : undefined
    )
    byContainer.set(config, options)
  }
  return options
}

/** What `npm run new-plugin -- <name>` accepts: lower-case words joined by hyphens. */
export const PLUGIN_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
const pascal = (name: string) => camel(name).replace(/^./, (c) => c.toUpperCase())

/** Every identifier a scaffolded plugin uses, derived once from its name (e.g. `gift-cards`). */
export type PluginNames = {
  /** `gift-cards`: the folder, `@zoco/gift-cards`, the module's folder and the routes' path. */
  name: string
  /** `giftCards`: the app's registration function in `src/lib/modules.ts`. */
  camel: string
  /** `gift_cards`: the module's key in the container. */
  module: string
  /** `GIFT_CARDS_MODULE`: the constant holding the key. */
  moduleConst: string
  /** `GiftCardsModuleService`. */
  service: string
  /** `GiftCardsItem`: the DML model, and the `MedusaService` method names built from it. */
  model: string
  /** `gift-cards-item`: the files of the model, its step and its workflow. */
  modelFile: string
  /** `gift_cards_item`: the table. */
  table: string
  /** `Gift cards`: headings and OpenAPI tags. */
  title: string
}

export function pluginNames(name: string): PluginNames {
  if (!PLUGIN_NAME.test(name)) {
    throw new Error(
      `"${name}" is not a plugin name: lower-case letters and digits, words joined by "-" (e.g. wishlist, gift-cards)`
    )
  }
  const module = name.replace(/-/g, "_")
  return {
    name,
    camel: camel(name),
    module,
    moduleConst: `${module.toUpperCase()}_MODULE`,
    service: `${pascal(name)}ModuleService`,
    model: `${pascal(name)}Item`,
    modelFile: `${name}-item`,
    table: `${module}_item`,
    title: name.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase()),
  }
}

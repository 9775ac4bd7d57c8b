import type { PluginNames } from "./new-plugin-names"

const MODULES_IMPORT = '} from "./src/lib/modules"'

/** The app's files as they are and as registering the plugin leaves them; unchanged when it is. */
export type Registration = { file: string; before: string; after: string }[]

function anchorMissing(file: string, what: string, n: PluginNames): Error {
  return new Error(
    `${file}: ${what} not found, so @zoco/${n.name} could not be registered. Register it by hand ` +
      `(plugins/README.md, "Register it in the app") and run the scaffold's checks again.`
  )
}

/** Appends `...<fn>().<key>,` to the `<key>: [ … ]` list of `defineConfig`. */
function addToList(config: string, key: "plugins" | "modules", entry: string, n: PluginNames) {
  const list = new RegExp(`\\n  ${key}: \\[\\n([\\s\\S]*?)\\n  \\],\\n`)
  const found = list.exec(config)
  if (!found) throw anchorMissing("medusa-config.ts", `the "${key}: [" list of defineConfig`, n)
  const end = found.index + found[0].length - "\n  ],\n".length
  return `${config.slice(0, end)}\n    ${entry},${config.slice(end)}`
}

/**
 * Registers the plugin as the app registers the others: a function in `src/lib/modules.ts`
 * returning its `plugins` and `modules` entries, imported by `medusa-config.ts` and spread into
 * both lists. Idempotent: what is registered already is left as it is. Throws, before anything
 * is written, when a file does not have the shape it expects.
 */
export function registration(
  n: PluginNames,
  files: { modules: string; config: string }
): Registration {
  const pkg = `"@zoco/${n.name}"`
  let modules = files.modules
  if (!modules.includes(`resolve: ${pkg}`)) {
    if (new RegExp(`export (function|const) ${n.camel}\\b`).test(modules)) {
      throw new Error(
        `src/lib/modules.ts exports a ${n.camel} already, for something else: name the plugin otherwise`
      )
    }
    if (!modules.includes("export type ModuleList") || !modules.includes("InputConfig")) {
      throw anchorMissing("src/lib/modules.ts", "the ModuleList and InputConfig types", n)
    }
    modules += `
/** \`@zoco/${n.name}\`: TODO what it adds. Its module takes no options yet. */
export function ${n.camel}(): {
  plugins: NonNullable<InputConfig["plugins"]>
  modules: ModuleList
} {
  return {
    plugins: [{ resolve: ${pkg}, options: {} }],
    modules: [{ resolve: "@zoco/${n.name}/modules/${n.name}", options: {} }],
  }
}
`
  }
  let config = files.config
  if (!config.includes(`...${n.camel}().plugins`)) {
    const at = config.indexOf(MODULES_IMPORT)
    if (at < 0) throw anchorMissing("medusa-config.ts", `the import from "./src/lib/modules"`, n)
    const imports = config.slice(config.lastIndexOf("import {", at), at)
    if (!new RegExp(`\\b${n.camel},`).test(imports)) {
      config = `${config.slice(0, at)}  ${n.camel},\n${config.slice(at)}`
    }
    config = addToList(config, "plugins", `...${n.camel}().plugins`, n)
    config = addToList(config, "modules", `...${n.camel}().modules`, n)
  }
  return [
    { file: "src/lib/modules.ts", before: files.modules, after: modules },
    { file: "medusa-config.ts", before: files.config, after: config },
  ]
}

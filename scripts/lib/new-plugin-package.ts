import type { PluginNames } from "./new-plugin-names"

/** Resolves a package's version as the app pins it; the plugin then pins what the app runs. */
export type Versions = (pkg: string) => string

/**
 * The admin's packages: `peerDependencies` (the app provides them) and `devDependencies` (the
 * plugin's own build and tests), at the app's versions, as the other plugins list them.
 */
const ADMIN = [
  "@medusajs/admin-sdk",
  "@medusajs/icons",
  "@medusajs/js-sdk",
  "@medusajs/ui",
  "@tanstack/react-query",
  "react",
  "react-dom",
  "react-router-dom",
]
const TOOLING = [
  "@swc/core",
  "@swc/jest",
  "@types/jest",
  "@types/node",
  "@types/react",
  "jest",
  "typescript",
]

const pick = (names: string[], version: Versions) =>
  Object.fromEntries([...names].sort().map((pkg) => [pkg, version(pkg)]))

/** The package files: package.json, tsconfig, jest config, README and the test app's config. */
export function packageFiles(n: PluginNames, version: Versions): Record<string, string> {
  const peers = ["@medusajs/framework", "@medusajs/medusa", ...ADMIN]
  return {
    "package.json": JSON.stringify(
      {
        name: `@zoco/${n.name}`,
        version: "0.1.0",
        description: `TODO: what @zoco/${n.name} adds to Medusa, in one line`,
        license: "MIT",
        files: [".medusa/server"],
        exports: {
          "./package.json": "./package.json",
          "./workflows": "./.medusa/server/src/workflows/index.js",
          "./.medusa/server/src/modules/*": "./.medusa/server/src/modules/*/index.js",
          "./modules/*": "./.medusa/server/src/modules/*/index.js",
          "./admin": {
            import: "./.medusa/server/src/admin/index.mjs",
            require: "./.medusa/server/src/admin/index.js",
            default: "./.medusa/server/src/admin/index.js",
          },
          "./*": "./.medusa/server/src/*.js",
        },
        keywords: ["medusa-v2", "medusa-plugin"],
        scripts: {
          build: "medusa plugin:build",
          dev: "medusa plugin:develop",
          prepublishOnly: "medusa plugin:build",
          test: 'NODE_OPTIONS="$NODE_OPTIONS --experimental-vm-modules" jest',
        },
        // At run time too: the dashboard's Admin API client comes from the kit.
        dependencies: pick(["@zoco/plugin-kit"], version),
        peerDependencies: pick(peers, version),
        devDependencies: pick(
          [...peers, "@medusajs/cli", "@medusajs/test-utils", ...TOOLING],
          version
        ),
        engines: { node: ">=20.20" },
      },
      null,
      2
    ),
    "tsconfig.json": JSON.stringify(
      {
        extends: "@zoco/plugin-kit/tsconfig.base.json",
        compilerOptions: { outDir: "./.medusa/server", rootDir: "./" },
        include: ["src/**/*"],
        exclude: ["**/node_modules", ".medusa", "src/**/__tests__", "src/**/__fixtures__"],
      },
      null,
      2
    ),
    "jest.config.js": `/** @type {import('jest').Config} */\nmodule.exports = { preset: "@zoco/plugin-kit" }`,
    // `medusaIntegrationTestRunner` reads `medusa-config.ts` from the folder it is given and loads
    // that folder's src/ as an app's: here, the plugin's routes, workflows and subscribers, which
    // an installed plugin gets from its build. Not in `files`, so not published.
    "medusa-config.ts": `
      import { defineConfig } from "@medusajs/framework/utils"

      /** The app the plugin's HTTP tests start: Medusa, this folder's src/ and the ${n.module} module. */
      export default defineConfig({ modules: [{ resolve: "./src/modules/${n.name}" }] })
    `,
    "README.md": `
# @zoco/${n.name}

TODO: what it does for a shop, in a paragraph.

## Install

Registered in the app by \`${n.camel}()\` in \`src/lib/modules.ts\`, which \`medusa-config.ts\`
spreads into its \`plugins\` and \`modules\`. TODO: the environment variables Zoco reads for it.

## API

| route | who | what |
| ----- | --- | ---- |
| \`POST /store/${n.name}\` | storefront (publishable key) | adds an item |
| \`GET /admin/${n.name}\` | admin | lists items, newest first (\`limit\`, \`offset\`) |
| \`POST /admin/${n.name}\` | admin | adds an item |

Both \`POST\` routes run \`create${n.model}Workflow\`, which emits \`${n.module}.item_created\`.

## Options

| option | what | default |
| ------ | ---- | ------- |

## Tests

\`npm test\` in this folder (or \`npm test -- plugins/${n.name}\` at the root), against PostgreSQL
(the DB_* variables): the \`${n.module}\` module, and the routes in a Medusa app started from
\`medusa-config.ts\` here.
`,
  }
}

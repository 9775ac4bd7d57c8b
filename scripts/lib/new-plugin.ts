import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs"
import path from "path"

/** What `npm run new-plugin -- <name>` accepts: lower-case words joined by hyphens. */
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
const pascal = (name: string) => camel(name).replace(/^./, (c) => c.toUpperCase())

/**
 * Writes `plugins/<name>`: a package that builds with `medusa plugin:build`, on the kit's presets,
 * with one module (a DML model and its `MedusaService`) and a test of it against PostgreSQL.
 * Versions come from the app's own package.json, so the plugin pins what the app runs. Returns
 * the files written, relative to the plugin.
 */
export function scaffoldPlugin(root: string, name: string): string[] {
  if (!NAME.test(name)) {
    throw new Error(
      `"${name}" is not a plugin name: lower-case letters and digits, words joined by "-" (e.g. wishlist, gift-cards)`
    )
  }
  const dir = path.join(root, "plugins", name)
  if (existsSync(dir)) throw new Error(`plugins/${name} exists already`)
  const app = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  const version = (pkg: string) => {
    const found = app.dependencies[pkg] ?? app.devDependencies[pkg]
    if (!found) throw new Error(`the app's package.json does not list ${pkg}`)
    return found
  }
  const medusa = version("@medusajs/framework")
  const module = camel(name)
  const Model = `${pascal(name)}Item`
  const table = `${name.replace(/-/g, "_")}_item`

  const files: Record<string, string> = {
    "package.json": JSON.stringify(
      {
        name: `@zoco/${name}`,
        version: "0.1.0",
        description: `TODO: what @zoco/${name} adds to Medusa, in one line`,
        license: "MIT",
        files: [".medusa/server"],
        exports: {
          "./package.json": "./package.json",
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
        peerDependencies: {
          "@medusajs/framework": medusa,
          "@medusajs/medusa": version("@medusajs/medusa"),
        },
        devDependencies: {
          "@medusajs/cli": version("@medusajs/cli"),
          "@medusajs/framework": medusa,
          "@medusajs/medusa": version("@medusajs/medusa"),
          "@medusajs/test-utils": version("@medusajs/test-utils"),
          "@zoco/plugin-kit": "0.1.0",
        },
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
    "README.md": [
      `# @zoco/${name}`,
      "",
      "TODO: what it does for a shop, in a paragraph.",
      "",
      "## Install",
      "",
      "TODO: its entries in `medusa-config.ts`, and the environment variables Zoco reads for it.",
      "",
      "## Options",
      "",
      "| option | what | default |",
      "| ------ | ---- | ------- |",
      "",
      "## Tests",
      "",
      `\`npm test\` in this folder: the \`${module}\` module against PostgreSQL (the DB_* variables).`,
    ].join("\n"),
    "src/admin/README.md": [
      "# Admin extensions",
      "",
      "Routes (`routes/<name>/page.tsx`) and widgets (`widgets/<name>.tsx`) for the dashboard.",
      "`medusa plugin:build` needs this folder, even empty.",
    ].join("\n"),
    [`src/modules/${module}/models/item.ts`]: [
      `import { model } from "@medusajs/framework/utils"`,
      "",
      `/** TODO: what one row is. */`,
      `const ${Model} = model.define("${table}", {`,
      `  id: model.id({ prefix: "${name.replace(/-/g, "").slice(0, 6)}" }).primaryKey(),`,
      `  title: model.text(),`,
      `})`,
      "",
      `export default ${Model}`,
    ].join("\n"),
    [`src/modules/${module}/service.ts`]: [
      `import { MedusaService } from "@medusajs/framework/utils"`,
      `import ${Model} from "./models/item"`,
      "",
      `/** CRUD of ${Model} from Medusa (create${Model}s, list${Model}s, …); add what it needs beyond. */`,
      `export default class ${pascal(name)}ModuleService extends MedusaService({ ${Model} }) {}`,
    ].join("\n"),
    [`src/modules/${module}/index.ts`]: [
      `import { Module } from "@medusajs/framework/utils"`,
      `import ${pascal(name)}ModuleService from "./service"`,
      "",
      `export const ${module.toUpperCase()}_MODULE = "${module}"`,
      "",
      `export default Module(${module.toUpperCase()}_MODULE, { service: ${pascal(name)}ModuleService })`,
    ].join("\n"),
    [`src/modules/${module}/__tests__/service.spec.ts`]: [
      `import { moduleIntegrationTestRunner } from "@medusajs/test-utils"`,
      `import { ${module.toUpperCase()}_MODULE } from ".."`,
      `import ${Model} from "../models/item"`,
      `import type ${pascal(name)}ModuleService from "../service"`,
      "",
      "jest.setTimeout(60_000)",
      "",
      `moduleIntegrationTestRunner<${pascal(name)}ModuleService>({`,
      `  moduleName: ${module.toUpperCase()}_MODULE,`,
      `  moduleModels: [${Model}],`,
      `  resolve: "./src/modules/${module}",`,
      "  testSuite: ({ service }) => {",
      `    it("keeps what it is given", async () => {`,
      `      const created = await service.create${Model}s({ title: "First" })`,
      `      expect(await service.list${Model}s({ id: created.id })).toEqual([`,
      `        expect.objectContaining({ id: created.id, title: "First" }),`,
      "      ])",
      "    })",
      "  },",
      "})",
    ].join("\n"),
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text.endsWith("\n") ? text : `${text}\n`)
  }
  return Object.keys(files).sort()
}

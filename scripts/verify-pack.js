#!/usr/bin/env node
// `npm run verify-pack -- [plugin]`: installs a plugin's `npm pack` tarball into a new Medusa
// application and checks that it works there (default: product-reviews).
require("ts-node").register({
  transpileOnly: true,
  swc: true,
  project: require("path").join(__dirname, "..", "tsconfig.json"),
})
const path = require("path")
const { PACKABLE, verifyPack } = require("./lib/verify-pack.ts")

const plugins = process.argv.slice(2)
;(async () => {
  for (const plugin of plugins.length ? plugins : ["product-reviews"]) {
    await verifyPack(path.join(__dirname, ".."), plugin, (line) =>
      console.log(`[verify-pack] ${plugin}: ${line}`)
    )
  }
})().catch((error) => {
  console.error(error.message)
  console.error(`Plugins with an install check: ${PACKABLE.join(", ")}`)
  process.exit(1)
})

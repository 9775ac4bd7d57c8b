#!/usr/bin/env node
// `npm run new-plugin -- <name>`: a new plugin package in plugins/<name>, on the plugin kit.
require("ts-node").register({
  transpileOnly: true,
  swc: true,
  project: require("path").join(__dirname, "..", "tsconfig.json"),
})
const path = require("path")
const { scaffoldPlugin } = require("./lib/new-plugin.ts")

const name = process.argv[2]
if (!name) {
  console.error("Usage: npm run new-plugin -- <name>   (e.g. wishlist)")
  process.exit(2)
}
try {
  const files = scaffoldPlugin(path.join(__dirname, ".."), name)
  console.log(`Wrote plugins/${name}:\n${files.map((f) => `  ${f}`).join("\n")}`)
  console.log(
    `Next: npm install (links @zoco/${name}), npx prettier --write plugins/${name}, npm test -- plugins/${name};\n` +
      "then follow plugins/README.md (migrations, options and registration)."
  )
} catch (error) {
  console.error(error.message)
  process.exit(2)
}

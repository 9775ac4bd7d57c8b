#!/usr/bin/env node
// `npm run new-plugin -- <name>`: a new plugin package in plugins/<name>, on the plugin kit,
// registered in the app.
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
scaffoldPlugin(path.join(__dirname, ".."), name).then(
  ({ files, registered }) => {
    console.log(`Wrote plugins/${name}:\n${files.map((f) => `  ${f}`).join("\n")}`)
    if (registered.length) console.log(`Registered it in ${registered.join(" and ")}.`)
    console.log(
      `Next: npm install (links @zoco/${name}), ` +
        `npm run build -w @zoco/plugin-kit && npm run build -w @zoco/${name}, ` +
        `npm test -- plugins/${name};\nthen follow plugins/README.md.`
    )
  },
  (error) => {
    console.error(error.message)
    process.exit(2)
  }
)

#!/usr/bin/env node
// Entry point of `npm run bench`; the harness itself is TypeScript.
require("ts-node").register({
  transpileOnly: true,
  swc: true,
  project: require("path").join(__dirname, "..", "tsconfig.json"),
})
require("./lib/main.ts")
  .main(process.argv.slice(2))
  .catch((error) => {
    console.error(`[bench] ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })

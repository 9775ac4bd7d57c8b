#!/usr/bin/env node
// Entry point of `npm test`: every tier, in order. `npm test -- unit http` runs some.
require("ts-node").register({
  transpileOnly: true,
  swc: true,
  project: require("path").join(__dirname, "..", "tsconfig.json"),
})
require("./lib/test-runner.ts").runTests(process.argv.slice(2))

#!/usr/bin/env node
// Entry point of `npm start` and `npm run dev`; the launcher itself is TypeScript.
require("ts-node").register({
  transpileOnly: true,
  swc: true,
  project: require("path").join(__dirname, "..", "tsconfig.json"),
})
require("./lib/launcher.ts").launch(process.argv.includes("--dev") ? "development" : "production")

#!/usr/bin/env node
// Entry point of `npm start` and `npm run dev`; the launcher itself is TypeScript.
require("ts-node").register({
  transpileOnly: true,
  swc: true,
  project: require("path").join(__dirname, "..", "tsconfig.json"),
})
const role = process.argv.find((a) => a.startsWith("--role="))?.slice("--role=".length)
if (role !== undefined && role !== "server" && role !== "worker") {
  console.error(`Unknown --role=${role}: expected server or worker`)
  process.exit(1)
}
require("./lib/launcher.ts").launch(
  process.argv.includes("--dev") ? "development" : "production",
  role
)

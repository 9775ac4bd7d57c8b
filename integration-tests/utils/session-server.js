"use strict"
// A server as Medusa builds one without Redis (its own express loader), with two routes that
// sign in and read the session. Run by session-store.spec.ts in a process of its own, with the
// session preload loaded as the launcher loads it: `node --require session-preload.js`.
const { asValue } = require("@medusajs/framework/awilix")
const { configManager } = require("@medusajs/framework/config")
const { expressLoader } = require("@medusajs/framework/http")
const { createMedusaContainer } = require("@medusajs/framework/utils")
const express = require("express")

async function main() {
  configManager.loadConfig({
    projectConfig: {
      projectConfig: {
        databaseUrl: process.env.DATABASE_URL,
        http: { cookieSecret: "a-test-cookie-secret", jwtSecret: "a-test-jwt-secret" },
      },
    },
    baseDir: process.cwd(),
  })
  const container = createMedusaContainer()
  const quiet = () => {}
  container.register(
    "logger",
    asValue({ http: quiet, info: quiet, warn: quiet, error: quiet, shouldLog: () => false })
  )
  const app = express()
  await expressLoader({ app, container })
  app.post("/sign-in", (req, res) => {
    req.session.auth_context = { actor_id: "user_1" }
    res.json({ ok: true })
  })
  app.get("/me", (req, res) => res.json({ auth: req.session.auth_context ?? null }))
  const listener = app.listen(0, "127.0.0.1", () => {
    process.stdout.write(`listening ${listener.address().port}\n`)
  })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})

import { asValue } from "@medusajs/framework/awilix"
import { configManager } from "@medusajs/framework/config"
import { ApiLoader } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, createMedusaContainer } from "@medusajs/framework/utils"
import express from "express"
import type { AddressInfo } from "node:net"
import path from "node:path"
import { earlyMiddlewares, MEDUSA_PREFIXES, PUBLISHABLE_KEY_CHECK, runBeforeMedusa } from "../http"

// Medusa's own router, loading two routes: these tests fail when a Medusa upgrade stops handing
// its middlewares to `ApiLoader.traceMiddleware`, renames its publishable-key check, or lets a
// request reach its checks before the early middlewares.

const offered: { route: string; handler: string }[] = []
const calls: string[] = []
let base: string
let close: () => void

beforeAll(async () => {
  const config = configManager.loadConfig({
    projectConfig: {
      projectConfig: {
        databaseUrl: "postgres://localhost/unused",
        http: {
          jwtSecret: "a-test-jwt-secret",
          cookieSecret: "a-test-cookie-secret",
          storeCors: "http://shop.test",
          adminCors: "http://admin.test",
          authCors: "http://admin.test",
        },
      },
    } as Parameters<typeof configManager.loadConfig>[0]["projectConfig"],
    baseDir: process.cwd(),
  })
  // Registered in the opposite of their order: the order is `order`'s, not registration's.
  runBeforeMedusa({
    name: "test.second",
    order: 2,
    wraps: (route) => route.route === "/admin",
    handle: (req, res, next, inner) => {
      calls.push("second")
      return inner(req, res, next)
    },
  })
  runBeforeMedusa({
    name: "test.first",
    order: 1,
    wraps: (route, handler) => {
      offered.push({ route: route.route, handler: handler.name })
      return route.route === "/admin" || handler.name === PUBLISHABLE_KEY_CHECK
    },
    handle: (req, res, next, inner) => {
      calls.push("first")
      if (req.get("x-answer-early")) return res.status(418).json({ early: true })
      return inner(req, res, next)
    },
  })
  const quiet = () => undefined
  const container = createMedusaContainer()
  container.register(
    ContainerRegistrationKeys.LOGGER,
    asValue({ debug: quiet, info: quiet, warn: quiet, error: quiet, http: quiet })
  )
  container.register(ContainerRegistrationKeys.CONFIG_MODULE, asValue(config))
  const app = express()
  // As Medusa's server does before its router: every request gets a container scope.
  app.use((req, _res, next) => {
    ;(req as unknown as { scope: unknown }).scope = container.createScope()
    next()
  })
  await new ApiLoader({
    app,
    container,
    sourceDir: path.join(__dirname, "../__fixtures__/api"),
  }).load()
  const server = app.listen(0)
  await new Promise((resolve) => server.once("listening", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => server.close()
})
afterAll(() => close?.())
beforeEach(() => {
  calls.length = 0
})

it("Medusa offers each of its prefixes' middlewares, the publishable-key check among them", () => {
  for (const prefix of MEDUSA_PREFIXES) {
    expect(offered.some((o) => o.route === prefix)).toBe(true)
  }
  expect(offered).toContainEqual({ route: "/store", handler: PUBLISHABLE_KEY_CHECK })
})

it("an early middleware answers before Medusa's publishable-key check", async () => {
  const early = await fetch(`${base}/store/things`, { headers: { "x-answer-early": "1" } })
  expect(early.status).toBe(418)
  // Without the early answer, Medusa's own check refuses the request without a key.
  const checked = await fetch(`${base}/store/things`)
  expect(checked.status).toBe(400)
  expect(((await checked.json()) as { message: string }).message).toMatch(/publishable/i)
})

it("early middlewares run in their order, around Medusa's authentication", async () => {
  const res = await fetch(`${base}/admin/things`)
  expect(res.status).toBe(401)
  // Each wraps each of the prefix's middlewares: first outside second, every time.
  expect(calls.length).toBeGreaterThan(0)
  expect(calls.slice(0, 2)).toEqual(["first", "second"])
  expect(earlyMiddlewares()).toEqual(["test.first", "test.second"])
})

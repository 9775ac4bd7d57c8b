import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "fs"
import os from "os"
import path from "path"
import { Client } from "pg"
import { freePort } from "./embedded-postgres"
import { run, signalGroup, spawnLogged, waitForHttp } from "./run"
import { postgresUrl } from "./test-database"

type PackageJson = {
  name: string
  version: string
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  exports?: Record<string, unknown>
}

/** What a plugin must answer once installed, signed in as an admin with a publishable key. */
type Smoke = (api: Api) => Promise<void>
type Api = {
  admin: (route: string, init?: RequestInit) => Promise<Response>
  store: (route: string) => Promise<Response>
  /** A published product in the key's sales channel. */
  productId: string
}

async function expectJson(res: Response, route: string, status = 200): Promise<unknown> {
  const text = await res.text()
  if (res.status !== status) {
    throw new Error(`${route} answered ${res.status}, expected ${status}: ${text.slice(0, 300)}`)
  }
  return JSON.parse(text) as unknown
}

/** Per plugin, the routes that prove its module, migrations, links and routes work. */
const SMOKE: Record<string, Smoke> = {
  "product-reviews": async ({ admin, store, productId }) => {
    await expectJson(await admin("/admin/reviews"), "GET /admin/reviews")
    const route = `/store/products/${productId}/reviews`
    const body = (await expectJson(await store(route), `GET ${route}`)) as {
      summary?: { count?: number }
    }
    if (body.summary?.count !== 0) throw new Error(`${route} has no rating summary`)
  },
  webhooks: async ({ admin }) => {
    await expectJson(await admin("/admin/webhooks"), "GET /admin/webhooks")
  },
}

export const PACKABLE = Object.keys(SMOKE)

function readPackage(dir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson
}

/**
 * Packs `plugin` and the workspace packages it depends on with `npm pack`, installs the tarballs
 * into a new, empty Medusa application (the versions the app pins, nothing of the app itself),
 * migrates a new database, starts the server and checks the plugin's routes there: what a
 * developer who installs the published package gets.
 */
export async function verifyPack(
  root: string,
  plugin: string,
  log: (line: string) => void
): Promise<void> {
  const smoke = SMOKE[plugin]
  if (!smoke) {
    throw new Error(`no install check for "${plugin}"; known: ${PACKABLE.join(", ")}`)
  }
  const app = readPackage(root)
  const pluginDir = path.join(root, "plugins", plugin)
  const pkg = readPackage(pluginDir)
  const workspaces = Object.keys(pkg.dependencies ?? {}).filter((d) => d.startsWith("@zoco/"))
  const work = mkdtempSync(path.join(os.tmpdir(), "zoco-pack-"))
  const logFile = path.join(work, "verify-pack.log")
  const env = { ...process.env, NODE_ENV: "production" }
  const database = `zoco_pack_${plugin.replace(/-/g, "_")}_${process.pid}`
  const serverUrl = process.env.DATABASE_URL ?? postgresUrl(process.env)
  const databaseUrl = new URL(serverUrl)
  databaseUrl.pathname = `/${database}`
  const dropDatabase = async () => {
    const admin = new Client({ connectionString: serverUrl })
    await admin.connect()
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    } finally {
      await admin.end()
    }
  }
  let server: ReturnType<typeof spawnLogged> | undefined
  try {
    log(`building ${pkg.name} and ${workspaces.join(", ") || "no workspace dependency"}`)
    for (const name of [...workspaces, pkg.name]) {
      await run("npm", ["run", "build", "-w", name], { cwd: root, env, logFile })
    }
    await run(
      "npm",
      ["pack", ...[...workspaces, pkg.name].flatMap((n) => ["-w", n]), "--pack-destination", work],
      { cwd: root, env, logFile }
    )
    const tarball = (name: string) => {
      const file = readdirSync(work).find(
        (f) => f === `${name.replace("@", "").replace("/", "-")}-${readVersion(root, name)}.tgz`
      )
      if (!file) throw new Error(`npm pack wrote no tarball for ${name}`)
      return `file:${path.join(work, file)}`
    }
    const shop = path.join(work, "shop")
    const pinned = (name: string) => {
      const version = app.dependencies?.[name] ?? pkg.peerDependencies?.[name]
      if (!version) throw new Error(`no version of ${name} to install`)
      return version
    }
    const dependencies: Record<string, string> = {}
    for (const name of ["@medusajs/medusa", "@medusajs/framework", "@medusajs/cli"]) {
      dependencies[name] = pinned(name)
    }
    for (const name of Object.keys(pkg.peerDependencies ?? {})) dependencies[name] = pinned(name)
    for (const name of [...workspaces, pkg.name]) dependencies[name] = tarball(name)
    writeJson(path.join(shop, "package.json"), {
      name: "fresh-medusa-app",
      private: true,
      dependencies,
    })
    // A plain Medusa configuration with the plugin registered as its README says.
    writeFileSync(
      path.join(shop, "medusa-config.js"),
      `const { defineConfig } = require("@medusajs/framework/utils")
module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { jwtSecret: "pack-check", cookieSecret: "pack-check", storeCors: "*", adminCors: "*", authCors: "*" },
  },
  admin: { disable: true },
  plugins: [{ resolve: ${JSON.stringify(pkg.name)}, options: {} }],
  modules: ${JSON.stringify(pluginModules(pluginDir, pkg.name))},
})
`
    )
    log(`installing the tarballs into a new Medusa ${pinned("@medusajs/medusa")} application`)
    // From npm's cache where it can: the same versions the workspace installed.
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
      cwd: shop,
      env,
      logFile,
    })
    if (!existsSync(path.join(shop, "node_modules", pkg.name, ".medusa", "server", "src"))) {
      throw new Error(`${pkg.name} installed without its build (.medusa/server)`)
    }
    const shopEnv = { ...env, DATABASE_URL: databaseUrl.toString() }
    await dropDatabase()
    const admin = new Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`CREATE DATABASE "${database}"`).finally(() => admin.end())
    log("migrating a new database")
    await run("npx", ["medusa", "db:migrate"], { cwd: shop, env: shopEnv, logFile })
    const email = "pack-check@example.com"
    const password = "pack-check-password"
    await run("npx", ["medusa", "user", "-e", email, "-p", password], {
      cwd: shop,
      env: shopEnv,
      logFile,
      secrets: [password],
    })
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    server = spawnLogged("npx", ["medusa", "start"], {
      cwd: shop,
      env: { ...shopEnv, PORT: String(port) },
      logFile,
      group: true,
    })
    await waitForHttp(`${base}/health`, server, 120_000)
    log(`started; checking ${pkg.name}'s routes`)
    await smoke(await signIn(base, email, password))
    log(`${pkg.name} works installed from its tarball`)
  } catch (error) {
    throw new Error(`${(error as Error).message}\nLog: ${logFile}`)
  } finally {
    if (server) signalGroup(server, "SIGTERM")
    await dropDatabase().catch(() => undefined)
  }
  rmSync(work, { recursive: true, force: true })
}

function readVersion(root: string, name: string): string {
  const dir = readdirSync(path.join(root, "plugins")).find(
    (d) =>
      existsSync(path.join(root, "plugins", d, "package.json")) &&
      readPackage(path.join(root, "plugins", d)).name === name
  )
  if (!dir) throw new Error(`${name} is not a workspace of plugins/`)
  return readPackage(path.join(root, "plugins", dir)).version
}

/** The plugin's modules, as `modules` entries of a configuration: `<pkg>/modules/<name>`. */
function pluginModules(pluginDir: string, name: string) {
  const modules = path.join(pluginDir, "src", "modules")
  if (!existsSync(modules)) return []
  return readdirSync(modules).map((m) => ({ resolve: `${name}/modules/${m}`, options: {} }))
}

function writeJson(file: string, value: unknown) {
  rmSync(path.dirname(file), { recursive: true, force: true })
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, JSON.stringify(value, null, 2))
}

async function signIn(base: string, email: string, password: string): Promise<Api> {
  const login = await fetch(`${base}/auth/user/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  const { token } = (await expectJson(login, "POST /auth/user/emailpass")) as { token: string }
  const admin = (route: string, init: RequestInit = {}) =>
    fetch(`${base}${route}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        ...(init.headers as Record<string, string> | undefined),
      },
    })
  const post = async <T>(route: string, body: unknown) =>
    (await expectJson(
      await admin(route, { method: "POST", body: JSON.stringify(body) }),
      `POST ${route}`
    )) as T
  const {
    sales_channels: [channel],
  } = (await expectJson(await admin("/admin/sales-channels"), "GET /admin/sales-channels")) as {
    sales_channels: { id: string }[]
  }
  const { api_key: key } = await post<{ api_key: { id: string; token: string } }>(
    "/admin/api-keys",
    { title: "storefront", type: "publishable" }
  )
  await post(`/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] })
  const { product } = await post<{ product: { id: string } }>("/admin/products", {
    title: "Enamel mug",
    status: "published",
    sales_channels: [{ id: channel.id }],
    options: [{ title: "Size", values: ["One size"] }],
  })
  return {
    admin,
    store: (route) => fetch(`${base}${route}`, { headers: { "x-publishable-api-key": key.token } }),
    productId: product.id,
  }
}

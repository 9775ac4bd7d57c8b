import { spawn, spawnSync } from "child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs"
import os from "os"
import path from "path"
import {
  appBuildEnv,
  assertNoBuildUsers,
  buildHash,
  buildStalePlugins,
  otherBuildUsers,
  registerBuildUser,
} from "../build"

describe("buildStalePlugins", () => {
  let root: string
  let plugin: string
  const builds: string[] = []
  // Stands in for `medusa plugin:build`, which empties and refills .medusa/server.
  const build = async (dir: string) => {
    builds.push(path.basename(dir))
    rmSync(path.join(dir, ".medusa"), { recursive: true, force: true })
    mkdirSync(path.join(dir, ".medusa", "server", "src"), { recursive: true })
  }
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(plugin, file)), { recursive: true })
    writeFileSync(path.join(plugin, file), text)
  }

  beforeEach(() => {
    builds.length = 0
    root = mkdtempSync(path.join(os.tmpdir(), "zoco-build-"))
    plugin = path.join(root, "plugins", "payment-demo")
    write("package.json", '{"name":"@zoco/payment-demo"}')
    write("src/providers/demo/index.ts", "export default 1")
    write("src/providers/demo/__tests__/demo.spec.ts", "it('runs', () => undefined)")
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it("builds a plugin that was never built, as after a clean clone", async () => {
    expect(await buildStalePlugins(root, build)).toEqual([plugin])
    expect(builds).toEqual(["payment-demo"])
  })

  it("skips a current build and rebuilds when a source or the package changes", async () => {
    await buildStalePlugins(root, build)
    expect(await buildStalePlugins(root, build)).toEqual([])

    write("src/providers/demo/index.ts", "export default 2")
    expect(await buildStalePlugins(root, build)).toEqual([plugin])
    write("package.json", '{"name":"@zoco/payment-demo","version":"0.2.0"}')
    expect(await buildStalePlugins(root, build)).toEqual([plugin])
    expect(builds).toHaveLength(3)
  })

  it("needs no rebuild for a test change, but does when the output was deleted", async () => {
    await buildStalePlugins(root, build)
    write("src/providers/demo/__tests__/demo.spec.ts", "it('changed', () => undefined)")
    expect(await buildStalePlugins(root, build)).toEqual([])

    rmSync(path.join(plugin, ".medusa"), { recursive: true })
    expect(await buildStalePlugins(root, build)).toEqual([plugin])
  })

  it("builds up to `concurrency` plugins at once, and each of them once", async () => {
    const others = ["webhooks", "reviews"].map((name) => path.join(root, "plugins", name))
    for (const dir of others) {
      mkdirSync(path.join(dir, "src"), { recursive: true })
      writeFileSync(path.join(dir, "package.json"), `{"name":"@zoco/${path.basename(dir)}"}`)
    }
    let running = 0
    let most = 0
    const slow = async (dir: string) => {
      most = Math.max(most, ++running)
      await new Promise((resolve) => setTimeout(resolve, 20))
      await build(dir)
      running--
    }
    expect(await buildStalePlugins(root, slow, 2)).toEqual([plugin, ...others].sort())
    expect(most).toBe(2)
    expect(builds.sort()).toEqual(["payment-demo", "reviews", "webhooks"])
    expect(await buildStalePlugins(root, build, 2)).toEqual([])
  })

  it("builds the kit other plugins build against first, alone, and them again when its settings change", async () => {
    const kit = path.join(root, "plugins", "plugin-kit")
    mkdirSync(path.join(kit, "src"), { recursive: true })
    writeFileSync(path.join(kit, "package.json"), '{"name":"@zoco/plugin-kit"}')
    writeFileSync(path.join(kit, "tsconfig.base.json"), "{}")
    write(
      "package.json",
      '{"name":"@zoco/payment-demo","devDependencies":{"@zoco/plugin-kit":"0.1.0"}}'
    )
    const order: string[] = []
    const recording = async (dir: string) => {
      order.push(`start ${path.basename(dir)}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
      await build(dir)
      order.push(`end ${path.basename(dir)}`)
    }
    await buildStalePlugins(root, recording, 2)
    expect(order.slice(0, 2)).toEqual(["start plugin-kit", "end plugin-kit"])
    // Its compiler settings are the plugin's too: a change rebuilds both.
    writeFileSync(path.join(kit, "tsconfig.base.json"), '{"compilerOptions":{"strict":true}}')
    expect(await buildStalePlugins(root, build, 2)).toEqual([plugin, kit].sort())
  })

  it("leaves a failed build stale, so the next run tries again", async () => {
    const failing = async () => {
      throw new Error("plugin:build failed")
    }
    await expect(buildStalePlugins(root, failing)).rejects.toThrow("plugin:build failed")
    expect(await buildStalePlugins(root, build)).toEqual([plugin])
  })
})

describe("buildHash", () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "zoco-app-"))
    mkdirSync(path.join(root, "src"))
    for (const file of ["medusa-config.ts", "instrumentation.ts", "src/index.ts"]) {
      writeFileSync(path.join(root, file), "export {}")
    }
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it.each(["medusa-config.ts", "instrumentation.ts", "src/index.ts"])(
    "changes when %s changes, which the server build compiles",
    (file) => {
      const before = buildHash(root)
      writeFileSync(path.join(root, file), "export const changed = 1")
      expect(buildHash(root)).not.toBe(before)
    }
  )

  it("is the same for a worker and a server of one checkout, so neither rebuilds under the other", () => {
    const server = buildHash(root, appBuildEnv({ PORT: "9000" }))
    const worker = buildHash(root, appBuildEnv({ PORT: "9001", WORKER_MODE: "worker" }))
    expect(worker).toBe(server)
  })

  it("changes with a setting compiled into the admin dashboard, read from the build's environment", () => {
    const env = { MEDUSA_BACKEND_URL: "https://api.shop.example" }
    expect(buildHash(root, appBuildEnv(env))).not.toBe(buildHash(root, appBuildEnv({})))
    expect(buildHash(root, { DISABLE_ADMIN: "true" })).not.toBe(buildHash(root, {}))
  })
})

describe("processes running from a build", () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "zoco-app-"))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it("lists the live ones but this process, and forgets those that died unmarked", () => {
    const live = spawn("sleep", ["30"])
    const dead = spawnSync("true").pid
    try {
      registerBuildUser(root, live.pid!)
      registerBuildUser(root, dead)
      registerBuildUser(root)
      expect(otherBuildUsers(root)).toEqual([live.pid])
      // The dead one's mark is gone, not only skipped.
      expect(otherBuildUsers(root, () => true)).toEqual([live.pid])
    } finally {
      live.kill()
    }
  })

  it("refuses a rebuild while another one runs, naming it, and allows it once it stopped", () => {
    const live = spawn("sleep", ["30"])
    try {
      registerBuildUser(root)
      expect(() => assertNoBuildUsers(root)).not.toThrow()
      registerBuildUser(root, live.pid!)
      expect(() => assertNoBuildUsers(root)).toThrow(
        new RegExp(`run from it \\(pid ${live.pid}\\).*Stop them first`)
      )
    } finally {
      live.kill()
    }
    expect(() => assertNoBuildUsers(root, () => false)).not.toThrow()
  })

  it("is unmarked by the function registering it returns", () => {
    const live = spawn("sleep", ["30"])
    try {
      const unmark = registerBuildUser(root, live.pid!)
      expect(otherBuildUsers(root)).toEqual([live.pid])
      unmark()
      expect(otherBuildUsers(root)).toEqual([])
    } finally {
      live.kill()
    }
  })
})

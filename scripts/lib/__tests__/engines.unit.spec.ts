import { existsSync, readdirSync, readFileSync } from "fs"
import path from "path"
import semver from "semver"

const ROOT = path.join(__dirname, "..", "..", "..")

type Lock = {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>
}

/**
 * `npm ci` warns `EBADENGINE` for every locked package whose `engines.node` leaves out the Node.js
 * the README promises: a fresh install must be clean on the oldest supported Node.
 */
describe("the Node.js version the package promises", () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    engines: { node: string }
  }
  const oldest = semver.minVersion(pkg.engines.node)!.version

  it("is the one the README names", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8")
    expect(readme).toContain(`Node.js ${semver.major(oldest)}.${semver.minor(oldest)}`)
  })

  it("is every plugin's too", () => {
    const plugins = readdirSync(path.join(ROOT, "plugins"), { withFileTypes: true })
      .filter(
        (d) => d.isDirectory() && existsSync(path.join(ROOT, "plugins", d.name, "package.json"))
      )
      .map((d) => {
        const file = path.join(ROOT, "plugins", d.name, "package.json")
        const own = JSON.parse(readFileSync(file, "utf8")) as { engines?: { node?: string } }
        return [d.name, own.engines?.node]
      })
    expect(plugins.length).toBeGreaterThan(0)
    expect(plugins).toEqual(plugins.map(([name]) => [name, pkg.engines.node]))
  })

  it("is accepted by every locked dependency, so `npm ci` prints no EBADENGINE", () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lock
    const refusing = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => {
        const range = (p.engines as { node: string }).node
        return !semver.satisfies(oldest, range, { includePrerelease: true })
      })
      .map(([name, p]) => `${name}@${p.version}: node ${(p.engines as { node: string }).node}`)
    expect(refusing).toEqual([])
  })
})

import { mkdirSync, mkdtempSync, writeFileSync } from "fs"
import os from "os"
import path from "path"
import { schemaHash, schemaInputs } from "../schema-hash"

function project() {
  const root = mkdtempSync(path.join(os.tmpdir(), "zoco-schema-"))
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  write("package.json", "{}")
  write("package-lock.json", '{"lockfileVersion": 3}')
  write("medusa-config.ts", "export default {}")
  write("src/modules/guard/migrations/Migration1.ts", "create trigger")
  write("src/modules/guard/service.ts", "export default class {}")
  write("src/links/product-review.ts", "defineLink()")
  write("plugins/reviews/package.json", "{}")
  write("plugins/reviews/src/modules/review/models/review.ts", "model.define()")
  write("plugins/reviews/src/modules/review/__tests__/models/x.spec.ts", "test")
  write("plugins/reviews/src/api/store/route.ts", "export const GET = 1")
  return { root, write }
}

describe("the fingerprint of the schema npm start migrates to", () => {
  it("covers the lock file, the config, and every migration, model and link, tests aside", () => {
    const { root } = project()
    expect(schemaInputs(root).map((f) => path.relative(root, f))).toEqual([
      "medusa-config.ts",
      "package-lock.json",
      "plugins/reviews/src/modules/review/models/review.ts",
      "src/links/product-review.ts",
      "src/modules/guard/migrations/Migration1.ts",
    ])
  })

  it("changes with a migration or a model, and not with a route or a service", () => {
    const { root, write } = project()
    const before = schemaHash(root, {})
    write("src/modules/guard/service.ts", "export default class Changed {}")
    write("plugins/reviews/src/api/store/route.ts", "export const GET = 2")
    expect(schemaHash(root, {})).toBe(before)
    write("src/modules/guard/migrations/Migration2.ts", "alter table")
    const afterMigration = schemaHash(root, {})
    expect(afterMigration).not.toBe(before)
    write("plugins/reviews/src/modules/review/models/review.ts", "model.define({ more })")
    expect(schemaHash(root, {})).not.toBe(afterMigration)
  })

  it("differs with Redis, whose event bus and workflow engine bring tables of their own", () => {
    const { root } = project()
    expect(schemaHash(root, { REDIS_URL: "redis://localhost:6379" })).not.toBe(schemaHash(root, {}))
    expect(schemaHash(root, { REDIS_URL: "redis://other:6379" })).toBe(
      schemaHash(root, { REDIS_URL: "redis://localhost:6379" })
    )
  })
})

import path from "node:path"
import { ESLint } from "eslint"
import * as prettier from "prettier"

const ROOT = path.resolve(__dirname, "../../..")

/**
 * `npm test` runs the format and lint checks while the plugins build beside them. Medusa's admin
 * bundler writes a generated file into each plugin's `src/admin` for the length of its build: were
 * it checked, the checks would fail or pass depending on timing.
 */
describe("files Medusa's builds write into the sources", () => {
  const generated = [
    "plugins/product-reviews/src/admin/__admin-extensions__.js",
    "src/admin/__admin-extensions__.js",
  ]

  it.each(generated)("are not format-checked: %s", async (file) => {
    const info = await prettier.getFileInfo(path.join(ROOT, file), {
      ignorePath: [path.join(ROOT, ".gitignore"), path.join(ROOT, ".prettierignore")],
    })
    expect(info.ignored).toBe(true)
  })

  it.each(generated)("are not linted: %s", async (file) => {
    const eslint = new ESLint({ cwd: ROOT })
    expect(await eslint.isPathIgnored(path.join(ROOT, file))).toBe(true)
  })

  it("while the sources beside them still are", async () => {
    const source = path.join(ROOT, "plugins/product-reviews/src/admin/widgets/product-reviews.tsx")
    const info = await prettier.getFileInfo(source, {
      ignorePath: [path.join(ROOT, ".gitignore"), path.join(ROOT, ".prettierignore")],
    })
    expect(info.ignored).toBe(false)
    expect(await new ESLint({ cwd: ROOT }).isPathIgnored(source)).toBe(false)
  })
})

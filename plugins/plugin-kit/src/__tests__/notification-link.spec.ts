import { readFileSync } from "node:fs"
import path from "node:path"
import { NOTIFICATION_LINK_MARK } from "../notification-link"

describe("notification links", () => {
  it("mark links the way the dashboard side looks for them", () => {
    // The dashboard side is a plain ES module the dashboard bundles; read, not imported.
    const admin = readFileSync(
      path.join(__dirname, "..", "..", "admin", "notification-links.mjs"),
      "utf8"
    )
    expect(admin).toContain(`export const NOTIFICATION_LINK_MARK = "${NOTIFICATION_LINK_MARK}"`)
    expect(admin).toContain("a[download][href$=")
  })
})

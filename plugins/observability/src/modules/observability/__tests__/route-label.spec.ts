import express from "express"
import { RouteLabeler, UNMATCHED, methodLabel, type LabelledRequest } from "../route-label"

/** An app with routes registered the way Medusa registers them. */
function app() {
  const a = express()
  a.use("/admin", (_req, _res, next) => next())
  // A middleware registered the way Medusa registers route middlewares: not a route.
  a.get("/store/products*", (_req, _res, next) => next())
  a.get("/store/products", () => undefined)
  a.get("/store/products/:id", () => undefined)
  a.post("/store/carts/:id/line-items", () => undefined)
  a.get("/admin/orders/:id", () => undefined)
  return a as unknown as LabelledRequest["app"]
}

function request(method: string, path: string, extra: Partial<LabelledRequest> = {}) {
  return { method, originalUrl: path, app: app(), ...extra } as LabelledRequest
}

describe("RouteLabeler", () => {
  it("uses the template Express matched", () => {
    const labeler = new RouteLabeler()
    expect(
      labeler.label(
        request("GET", "/store/products/prod_1", { route: { path: "/store/products/:id" } })
      )
    ).toBe("/store/products/:id")
  })

  it("finds the template of a request a middleware answered, so ids never become labels", () => {
    const labeler = new RouteLabeler()
    const labels = new Set<string>()
    for (let i = 0; i < 1_000; i++) {
      labels.add(labeler.label(request("GET", `/store/products/prod_${i}`)))
    }
    expect([...labels]).toEqual(["/store/products/:id"])
    expect(labeler.label(request("GET", "/admin/orders/order_1?fields=id"))).toBe(
      "/admin/orders/:id"
    )
    // Answered by a middleware mounted at /admin: Express left req.path without the prefix.
    expect(labeler.label(request("GET", "/admin/orders/order_2", { baseUrl: "/admin" }))).toBe(
      "/admin/orders/:id"
    )
    // A cache hit: the middleware's wildcard "route" is not the route it stands for.
    expect(
      labeler.label(request("GET", "/store/products", { route: { path: "/store/products*" } }))
    ).toBe("/store/products")
    expect(labeler.label(request("POST", "/store/carts/cart_1/line-items"))).toBe(
      "/store/carts/:id/line-items"
    )
  })

  it("labels unknown paths and methods as one series each", () => {
    const labeler = new RouteLabeler()
    const labels = new Set<string>()
    for (let i = 0; i < 100; i++) {
      labels.add(labeler.label(request("GET", `/admin/no-such-${i}`)))
      labels.add(labeler.label(request("DELETE", `/store/products/prod_${i}`)))
    }
    expect([...labels]).toEqual([UNMATCHED])
    expect(methodLabel("get")).toBe("GET")
    expect(methodLabel("PROPFIND")).toBe("OTHER")
  })

  it("labels a CORS preflight by the route it asks about", () => {
    const labeler = new RouteLabeler()
    expect(labeler.label(request("OPTIONS", "/store/carts/cart_1/line-items"))).toBe(
      "/store/carts/:id/line-items"
    )
  })
})

import {
  describeRequest,
  etagOf,
  namespacesFor,
  namespacesOfEvent,
  normalizeQuery,
  requestKey,
} from "../catalog"
import { INVALIDATING_EVENTS } from "../../../subscribers/invalidate-store-cache"

describe("what is cached", () => {
  it.each([
    ["/store/products", true],
    ["/store/products/prod_1", true],
    ["/store/product-categories/pcat_1", true],
    ["/store/collections", true],
    ["/store/regions/reg_1", true],
    ["/store/currencies", true],
    ["/store/carts/cart_1", false],
    ["/store/customers/me", false],
    ["/store/products/prod_1/variants/x", false],
    ["/store/orders", false],
  ])("%s cached: %s", (path, cached) => {
    expect(namespacesFor(path, undefined) !== undefined).toBe(cached)
  })

  it("reads stock only when stock fields are asked for", () => {
    expect(namespacesFor("/store/products", "*variants.calculated_price")).not.toContain(
      "inventory"
    )
    expect(namespacesFor("/store/products", "+variants.inventory_quantity")).toContain("inventory")
  })
})

describe("invalidation", () => {
  it.each([
    ["product.updated", ["product"]],
    ["product.product-variant.updated", ["product"]],
    ["product-variant.created", ["product"]],
    ["pricing.price.updated", ["pricing"]],
    ["pricing.price-list.created", ["pricing"]],
    ["inventory-level.updated", ["inventory"]],
    ["inventory.reservation-item.created", ["inventory"]],
    ["product-category.updated", ["category"]],
    ["product.product-category.updated", ["category"]],
    ["product-collection.deleted", ["collection"]],
    ["sales-channel.updated", ["sales-channel"]],
    ["region.updated", ["region"]],
    ["store.updated", ["store"]],
    ["translation.created", ["translation"]],
    ["order.placed", []],
    ["customer.created", []],
  ])("%s bumps %j", (event, namespaces) => {
    expect(namespacesOfEvent(event)).toEqual(namespaces)
  })

  it("subscribes to no event that invalidates nothing", () => {
    const idle = INVALIDATING_EVENTS.filter((e) => namespacesOfEvent(e).length === 0)
    expect(idle).toEqual([])
    expect(INVALIDATING_EVENTS).toEqual(
      expect.arrayContaining(["product.updated", "pricing.price.updated", "region.updated"])
    )
  })
})

describe("keys", () => {
  it("orders query parameters, keeping repeated names in order", () => {
    expect(normalizeQuery("limit=12&region_id=r&fields=a")).toBe("fields=a&limit=12&region_id=r")
    expect(normalizeQuery("id[]=b&id[]=a&q=x")).toBe(
      `${encodeURIComponent("id[]")}=b&${encodeURIComponent("id[]")}=a&q=x`
    )
  })

  it("separates publishable keys, locales and paths, not parameter order", () => {
    const base = { path: "/store/products", query: "a=1&b=2", publishableKey: "pk_1", locale: "en" }
    const key = requestKey(base)
    expect(requestKey({ ...base, query: "b=2&a=1" })).toBe(key)
    expect(requestKey({ ...base, publishableKey: "pk_2" })).not.toBe(key)
    expect(requestKey({ ...base, locale: "de" })).not.toBe(key)
    expect(requestKey({ ...base, path: "/store/collections" })).not.toBe(key)
    expect(requestKey({ ...base, query: "a=1&b=3" })).not.toBe(key)
  })

  it("describes a request as its key and namespaces, the same each time it is asked", () => {
    const parts = {
      path: "/store/products",
      query: "limit=12&fields=*variants.inventory_quantity",
      publishableKey: "pk_1",
      locale: undefined,
    }
    const first = describeRequest(parts)
    expect(first).toEqual({
      key: requestKey(parts),
      namespaces: expect.arrayContaining(["inventory"]),
    })
    expect(describeRequest(parts)).toEqual(first)
    expect(describeRequest({ ...parts, query: "limit=12" })?.namespaces).not.toContain("inventory")
    expect(describeRequest({ ...parts, publishableKey: "pk_2" })?.key).not.toBe(first?.key)
    expect(describeRequest({ ...parts, path: "/store/carts" })).toBeUndefined()
    expect(describeRequest({ ...parts, path: "/store/carts" })).toBeUndefined()
  })

  it("gives equal bodies equal ETags", () => {
    expect(etagOf('{"a":1}')).toBe(etagOf('{"a":1}'))
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'))
  })
})

import { makePrintable, nulAt, nullInListAt } from "../query-guard"

describe("finding what PostgreSQL cannot store", () => {
  it("names the first string or key holding a NUL character, however deep", () => {
    const nul = (at: string) => ({ at, why: "a NUL character" })
    expect(nulAt({ email: "a\u0000@zoco.test" }, "body")).toEqual(nul("body.email"))
    expect(nulAt({ items: [{ title: "ok" }, { title: "x\u0000" }] }, "body")).toEqual(
      nul("body.items[1].title")
    )
    expect(nulAt({ metadata: { "a\u0000b": 1 } }, "body")).toEqual(nul("body.metadata.a\\u0000b"))
  })

  it("passes what can be stored: other control characters, emoji, numbers, a raw body", () => {
    expect(nulAt({ note: "tab\there, bell\u0007, 🙂", n: 0, ok: true, none: null }, "body")).toBe(
      undefined
    )
    expect(nulAt(Buffer.from("a\u0000b"), "body")).toBe(undefined)
    expect(nulAt(undefined, "body")).toBe(undefined)
  })

  it("refuses a body nested deeper than any Medusa takes instead of walking it", () => {
    let deep: unknown = "leaf"
    for (let i = 0; i < 100; i++) deep = { d: deep }
    expect(nulAt(deep, "body")).toEqual({
      at: expect.stringMatching(/^body(\.d)+$/),
      why: "nesting too deep",
    })
  })
})

describe("making a body printable", () => {
  it("prints an object whose toString or valueOf key holds data, however deep, as any object", () => {
    const text = '{"items":{"toString":"%x"},"list":[{"valueOf":1,"toString":null}],"n":{"a":1}}'
    const body = JSON.parse(text) as {
      items: object
      list: object[]
      n: object
    }
    expect(() => `${body.items}`).toThrow(TypeError)
    makePrintable(body)
    // A second walk of the same body is harmless.
    makePrintable(body)
    expect(`${body.items}`).toBe("[object Object]")
    expect(String(body.list[0])).toBe("[object Object]")
    expect(`${body.n}`).toBe("[object Object]")
    // What validation, storage and answers see is unchanged.
    expect(JSON.stringify(body)).toBe(text)
    expect(Object.keys(body.items)).toEqual(["toString"])
    expect(body.items).toEqual({ toString: "%x" })
  })

  it("leaves values that are not objects alone", () => {
    for (const value of [undefined, null, "s", 1, Buffer.from("x")]) {
      expect(() => makePrintable(value)).not.toThrow()
    }
  })
})

describe("finding null in a list of a free-form field", () => {
  it("names the first one inside metadata or data, however deep", () => {
    expect(nullInListAt({ metadata: { tags: ["a", null] } }, "body")).toBe("body.metadata.tags[1]")
    expect(nullInListAt({ items: [{ metadata: { x: [[1, [null]]] } }] }, "body")).toBe(
      "body.items[0].metadata.x[0][1][0]"
    )
    expect(nullInListAt({ data: [null] }, "body")).toBe("body.data[0]")
  })

  it("passes null anywhere else: a field's own null, a list outside free-form fields", () => {
    expect(nullInListAt({ metadata: { a: null, b: [1, "x", {}] } }, "body")).toBe(undefined)
    expect(nullInListAt({ promo_codes: [null], metadata: null }, "body")).toBe(undefined)
    expect(nullInListAt(undefined, "body")).toBe(undefined)
  })
})

import path from "node:path"
import { buildOpenApi, markDeprecated } from "../openapi"

const fixtures = path.join(__dirname, "..", "__fixtures__", "api")

describe("buildOpenApi", () => {
  it("describes every documented route from its zod schemas", async () => {
    const { document } = await buildOpenApi({ title: "T", version: "7", apiDirs: [fixtures] })
    expect(document).toMatchObject({ openapi: "3.1.0", info: { title: "T", version: "7" } })
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>
    expect(Object.keys(paths).sort()).toEqual(["/widgets", "/widgets/{id}"])

    const list = paths["/widgets"].get
    expect(list.parameters).toEqual([
      {
        name: "limit",
        in: "query",
        required: false,
        schema: expect.objectContaining({ type: "integer", maximum: 50 }),
      },
      { name: "q", in: "query", required: true, schema: { type: "string" } },
    ])
    expect(list.security).toEqual([{ "publishable-key": [] }])

    const create = paths["/widgets"].post
    expect(create.requestBody).toEqual({
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: { name: { type: "string", minLength: 1, maxLength: 80 } },
            required: ["name"],
            additionalProperties: false,
          },
        },
      },
    })
    expect(create.deprecated).toBe(true)

    const one = paths["/widgets/{id}"].get
    expect(one.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string" } },
    ])
    expect(one.security).toEqual([])
    expect(
      Object.keys((document.components as { securitySchemes: object }).securitySchemes)
    ).toEqual(["admin", "publishable-key"])
  })

  it("lists handlers that have no schema, so a test can fail on them", async () => {
    const { undocumented } = await buildOpenApi({ title: "T", version: "1", apiDirs: [fixtures] })
    expect(undocumented).toEqual(["DELETE /widgets/{id}"])
  })

  it("reads nothing from a folder that does not exist", async () => {
    const { document, undocumented } = await buildOpenApi({
      title: "T",
      version: "1",
      apiDirs: [path.join(fixtures, "missing")],
    })
    expect(document.paths).toEqual({})
    expect(undocumented).toEqual([])
  })
})

describe("markDeprecated", () => {
  it("sends Deprecation (RFC 9745), Sunset (RFC 8594) and the link to the replacement", () => {
    const headers: Record<string, string> = {}
    markDeprecated(
      { setHeader: (name: string, value: string) => (headers[name] = value) },
      { since: "2026-11-01T00:00:00Z", sunset: "2027-05-01T00:00:00Z", link: "https://x.test/v2" }
    )
    expect(headers).toEqual({
      Deprecation: "@1793491200",
      Sunset: "Sat, 01 May 2027 00:00:00 GMT",
      Link: '<https://x.test/v2>; rel="deprecation"; type="text/html"',
    })
  })
})

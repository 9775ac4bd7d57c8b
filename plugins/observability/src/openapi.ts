import { readdirSync } from "node:fs"
import path from "node:path"
import { z } from "@medusajs/framework/zod"

import {
  HTTP_METHODS as METHODS,
  type Deprecation,
  type HttpMethod,
  type RouteDoc,
  type RouteDocs,
  type RouteSecurity,
} from "@zoco/plugin-kit/openapi"

export type { Deprecation, HttpMethod, RouteDoc, RouteDocs, RouteSecurity }

type Schema = Record<string, unknown>

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Schema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as Schema
  return rest
}

/** `/store/[id]/route.ts` → `/store/{id}`, as Medusa maps files to paths. */
function routePath(apiDir: string, file: string) {
  const segments = path
    .relative(apiDir, path.dirname(file))
    .split(path.sep)
    .filter(Boolean)
    .map((s) => s.replace(/^\[(.+)\]$/, "{$1}"))
  return `/${segments.join("/")}`
}

function routeFiles(dir: string): string[] {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      // Medusa skips folders starting with "_"; tests are not routes.
      return entry.name.startsWith("_") ? [] : routeFiles(full)
    }
    return /^route\.(js|ts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : []
  })
}

/** The paths of the routes in `apiDir`, `{param}` style, as Medusa's router serves them. */
export function routePaths(apiDir: string): string[] {
  return [...new Set(routeFiles(apiDir).map((file) => routePath(apiDir, file)))].sort()
}

const SECURITY: Record<Exclude<RouteSecurity, "none">, Schema> = {
  "metrics-token": { type: "http", scheme: "bearer", description: "METRICS_TOKEN" },
  "publishable-key": { type: "apiKey", in: "header", name: "x-publishable-api-key" },
  customer: { type: "http", scheme: "bearer", description: "A customer's token" },
  admin: { type: "http", scheme: "bearer", description: "An admin user's token or API key" },
}

export type OpenApiResult = {
  document: Schema
  /** `METHOD /path` of every exported handler without its `openapi` entry. */
  undocumented: string[]
}

/**
 * The OpenAPI 3.1 document of the routes in `apiDirs` (the app's and each
 * plugin's `api` folder), built from the `openapi` export of each route file
 * and the zod schemas in it. Medusa's own routes are documented by Medusa.
 */
export async function buildOpenApi(opts: {
  title: string
  version: string
  apiDirs: string[]
}): Promise<OpenApiResult> {
  const paths: Record<string, Record<string, Schema>> = {}
  const undocumented: string[] = []
  const used = new Set<Exclude<RouteSecurity, "none">>()

  for (const apiDir of opts.apiDirs) {
    for (const file of routeFiles(apiDir).sort()) {
      const mod = (await import(file)) as Record<string, unknown> & { openapi?: RouteDocs }
      const route = routePath(apiDir, file)
      for (const method of METHODS) {
        if (typeof mod[method] !== "function") continue
        const doc = mod.openapi?.[method]
        if (!doc) {
          undocumented.push(`${method} ${route}`)
          continue
        }
        paths[route] ??= {}
        paths[route][method.toLowerCase()] = operation(method, route, doc, used)
      }
    }
  }

  return {
    undocumented,
    document: {
      openapi: "3.1.0",
      info: {
        title: opts.title,
        version: opts.version,
        description:
          "Routes Zoco adds to Medusa. Medusa's own Store and Admin API routes are documented in Medusa's reference.",
      },
      externalDocs: {
        description: "Medusa Store and Admin API reference",
        url: "https://docs.medusajs.com/api/store",
      },
      paths,
      components: {
        securitySchemes: Object.fromEntries([...used].sort().map((s) => [s, SECURITY[s]])),
      },
    },
  }
}

function operation(
  method: HttpMethod,
  route: string,
  doc: RouteDoc,
  used: Set<Exclude<RouteSecurity, "none">>
): Schema {
  const op: Schema = {
    operationId: `${method.toLowerCase()}${route.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ""))}`,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.tags ? { tags: doc.tags } : {}),
  }
  const parameters: Schema[] = [...route.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }))
  if (doc.query) {
    const query = jsonSchema(doc.query, "input")
    const properties = (query.properties ?? {}) as Record<string, Schema>
    const required = new Set((query.required ?? []) as string[])
    for (const [name, schema] of Object.entries(properties)) {
      parameters.push({ name, in: "query", required: required.has(name), schema })
    }
  }
  if (parameters.length) op.parameters = parameters
  if (doc.body) {
    op.requestBody = {
      required: true,
      content: { "application/json": { schema: jsonSchema(doc.body, "input") } },
    }
  }
  op.responses = Object.fromEntries(
    Object.entries(doc.responses).map(([status, r]) => [
      status,
      {
        description: r.description,
        ...(r.body
          ? {
              content: {
                [r.contentType ?? "application/json"]: { schema: jsonSchema(r.body, "output") },
              },
            }
          : {}),
      },
    ])
  )
  const security = doc.security ?? "none"
  if (security !== "none") {
    used.add(security)
    op.security = [{ [security]: [] }]
  } else {
    op.security = []
  }
  if (doc.deprecated) {
    op.deprecated = true
    op["x-sunset"] = doc.deprecated.sunset
  }
  return op
}

/**
 * Marks a response as coming from a deprecated route: `Deprecation` (RFC 9745)
 * with the date it was deprecated, `Sunset` (RFC 8594) with the date it goes,
 * and a `Link` to what replaces it.
 */
export function markDeprecated(
  res: { setHeader(name: string, value: string): unknown },
  deprecation: Deprecation
) {
  res.setHeader("Deprecation", `@${Math.floor(Date.parse(deprecation.since) / 1000)}`)
  res.setHeader("Sunset", new Date(deprecation.sunset).toUTCString())
  if (deprecation.link) {
    res.setHeader("Link", `<${deprecation.link}>; rel="deprecation"; type="text/html"`)
  }
}

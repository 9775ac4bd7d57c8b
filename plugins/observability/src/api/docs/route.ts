import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { RouteDocs } from "../../openapi"
import { openApiDocument } from "./document"

export const openapi: RouteDocs = {
  GET: {
    summary: "API documentation page",
    description: "The OpenAPI document rendered as HTML, with links to Medusa's reference.",
    tags: ["Documentation"],
    responses: { 200: { description: "An HTML page", contentType: "text/html" } },
  },
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!
  )

type Operation = {
  summary: string
  description?: string
  deprecated?: boolean
  security?: Record<string, string[]>[]
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[]
  requestBody?: { content: Record<string, { schema: unknown }> }
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>
}

function renderOperation(method: string, route: string, op: Operation) {
  const security = op.security?.flatMap((s) => Object.keys(s)).join(", ") || "none"
  const json = (value: unknown) => `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`
  const params = (op.parameters ?? [])
    .map(
      (p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ", required" : ""})</li>`
    )
    .join("")
  const body = op.requestBody
    ? `<h4>Body</h4>${json(Object.values(op.requestBody.content)[0]?.schema)}`
    : ""
  const responses = Object.entries(op.responses)
    .map(
      ([status, r]) =>
        `<li><strong>${status}</strong> ${escape(r.description)}${
          r.content ? json(Object.values(r.content)[0]?.schema) : ""
        }</li>`
    )
    .join("")
  return `<section>
<h3><code>${method.toUpperCase()} ${escape(route)}</code>${op.deprecated ? " <em>(deprecated)</em>" : ""}</h3>
<p>${escape(op.summary)}${op.description ? ` ${escape(op.description)}` : ""}</p>
<p>Authorization: ${escape(security)}</p>
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ""}${body}
<h4>Responses</h4><ul>${responses}</ul>
</section>`
}

/** The routes Zoco adds, readable in a browser without any script. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const { document } = await openApiDocument(req)
  const info = document.info as { title: string; version: string; description: string }
  const paths = document.paths as Record<string, Record<string, Operation>>
  const sections = Object.entries(paths)
    .flatMap(([route, ops]) =>
      Object.entries(ops).map(([method, op]) => renderOperation(method, route, op))
    )
    .join("\n")
  res.setHeader("content-type", "text/html; charset=utf-8")
  res.setHeader(
    "content-security-policy",
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
  )
  res.send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(info.title)} ${escape(info.version)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{background:#f4f4f5;padding:.5rem;overflow:auto}section{border-top:1px solid #ddd;margin-top:1.5rem}</style>
</head><body>
<h1>${escape(info.title)} <small>API version ${escape(info.version)}</small></h1>
<p>${escape(info.description)}</p>
<p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI 3.1).
Medusa's own routes: <a href="https://docs.medusajs.com/api/store">Store API reference</a>,
<a href="https://docs.medusajs.com/api/admin">Admin API reference</a>.</p>
${sections}
</body></html>`)
}

import http from "node:http"
import type { AddressInfo } from "node:net"
import * as startCommand from "@medusajs/medusa/commands/start"
import { register } from "../../../instrumentation"

describe("instrumentation", () => {
  const tracing = process.env.OTEL_EXPORTER_OTLP_ENDPOINT
  beforeAll(() => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT
  })
  afterAll(() => {
    if (tracing !== undefined) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = tracing
  })

  it("sets the security headers on responses of handlers that set none", async () => {
    register()
    register()
    const server = http.createServer((_req, res) => res.end("admin"))
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    try {
      const { port } = server.address() as AddressInfo
      const res = await fetch(`http://127.0.0.1:${port}/app/`)
      expect(await res.text()).toBe("admin")
      expect(res.headers.get("x-frame-options")).toBe("DENY")
      expect(res.headers.get("content-security-policy")).toBe("frame-ancestors 'none'")
      expect(res.headers.get("x-content-type-options")).toBe("nosniff")
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it("leaves Medusa's request tracer unset without tracing, so no request pays its route search", () => {
    register()
    expect(startCommand.traceRequestHandler).toBeUndefined()
  })
})

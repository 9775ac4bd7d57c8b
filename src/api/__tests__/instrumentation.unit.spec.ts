import http from "node:http"
import type { AddressInfo } from "node:net"
import { registerOtel } from "@medusajs/medusa"
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http"
import { register, unregister } from "../../../instrumentation"

// Medusa's tracer setup starts OpenTelemetry for the whole process; what matters here is whether
// and how Zoco asks for it.
jest.mock("@medusajs/medusa", () => ({
  ...jest.requireActual("@medusajs/medusa"),
  registerOtel: jest.fn(),
}))

/** The headers of one answer from a bare Node handler that sets none of its own. */
async function headersOfBareHandler() {
  const server = http.createServer((_req, res) => res.end("admin"))
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  try {
    const { port } = server.address() as AddressInfo
    const res = await fetch(`http://127.0.0.1:${port}/app/`)
    expect(await res.text()).toBe("admin")
    return res.headers
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

describe("instrumentation", () => {
  const saved = {
    endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
    name: process.env.OTEL_SERVICE_NAME,
  }
  beforeEach(() => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT
    delete process.env.OTEL_SERVICE_NAME
    jest.mocked(registerOtel).mockClear()
  })
  afterEach(() => unregister())
  afterAll(() => {
    if (saved.endpoint !== undefined) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved.endpoint
    if (saved.name !== undefined) process.env.OTEL_SERVICE_NAME = saved.name
  })

  it("sets the security headers on responses of handlers that set none, until unregistered", async () => {
    expect((await headersOfBareHandler()).get("x-frame-options")).toBeNull()
    register()
    register()
    const headers = await headersOfBareHandler()
    expect(headers.get("x-frame-options")).toBe("DENY")
    expect(headers.get("content-security-policy")).toBe("frame-ancestors 'none'")
    expect(headers.get("x-content-type-options")).toBe("nosniff")
    unregister()
    expect((await headersOfBareHandler()).get("x-frame-options")).toBeNull()
  })

  it("starts no tracing without OTEL_EXPORTER_OTLP_ENDPOINT, so no request pays for it", () => {
    register()
    expect(registerOtel).not.toHaveBeenCalled()
  })

  it("traces HTTP, queries, workflows and SQL to the configured collector", () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = "http://collector.internal:4318/"
    process.env.OTEL_SERVICE_NAME = "zoco-eu"
    register()
    expect(registerOtel).toHaveBeenCalledTimes(1)
    const [options] = jest.mocked(registerOtel).mock.calls[0]
    expect(options).toMatchObject({
      serviceName: "zoco-eu",
      instrument: { http: true, query: true, workflows: true, db: true },
    })
    expect(options.exporter).toBeInstanceOf(OTLPTraceExporter)
  })
})

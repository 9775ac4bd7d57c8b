import {
  ApiLoader,
  type MedusaNextFunction,
  type MedusaRequest,
  type MedusaResponse,
} from "@medusajs/framework/http"
import { installEarlySecurityHeaders } from "../security-headers"

type Trace = NonNullable<typeof ApiLoader.traceMiddleware>

function fakeResponse() {
  const headers: Record<string, string> = {}
  const res = {
    headersSent: false,
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value
    },
  } as unknown as MedusaResponse
  return { res, headers }
}

function run(handler: ReturnType<Trace>, expose: (headers: Record<string, string>) => void) {
  const { res, headers } = fakeResponse()
  expose(headers)
  const req = { secure: false } as MedusaRequest
  const next: MedusaNextFunction = () => undefined
  ;(handler as (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => void)(
    req,
    res,
    next
  )
  return headers
}

describe("installEarlySecurityHeaders", () => {
  const original = ApiLoader.traceMiddleware
  afterEach(() => {
    ApiLoader.traceMiddleware = original
  })

  it("sets the headers before Medusa's namespace middlewares, and keeps a tracer's wrapper", () => {
    const traced: string[] = []
    const tracer: Trace = (handler, route) => {
      traced.push(route.route)
      return handler
    }
    ApiLoader.traceMiddleware = tracer
    installEarlySecurityHeaders()
    installEarlySecurityHeaders()

    // Medusa's authenticate answers 401 itself; the headers must already be set by then.
    let setWhenAuthRan: boolean | undefined
    let headers: Record<string, string> = {}
    const auth = () => {
      setWhenAuthRan = headers["x-content-type-options"] === "nosniff"
    }
    headers = run(ApiLoader.traceMiddleware!(auth, { route: "/admin" }), (h) => (headers = h))
    expect(setWhenAuthRan).toBe(true)
    expect(headers["x-frame-options"]).toBe("DENY")
    // Installed twice, wrapped once: the tracer saw the middleware a single time.
    expect(traced).toEqual(["/admin"])
  })

  it("leaves route-level middlewares and other prefixes alone", () => {
    installEarlySecurityHeaders()
    const handler = () => undefined
    expect(ApiLoader.traceMiddleware!(handler, { route: "/admin/products", method: "GET" })).toBe(
      handler
    )
    expect(ApiLoader.traceMiddleware!(handler, { route: "/hooks" })).toBe(handler)
  })
})

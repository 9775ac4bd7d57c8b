import autocannon from "autocannon"
import type { Server } from "./servers"

export type LoadResult = {
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  errors: number
  cpuMsPerRequest: number
}

/** The value at quantile `q` (0..1) of sorted `values`. */
export function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index]
}

/**
 * Loads `server` with autocannon for `durationS` seconds over `connections` connections, cycling
 * through `paths` (each connection takes them in turn). Latencies are kept whole, so p95 is exact.
 */
export async function load(
  server: Server,
  paths: string[],
  opts: { connections: number; durationS: number; headers?: Record<string, string> }
): Promise<LoadResult> {
  const latencies: number[] = []
  let errors = 0
  const cpuBefore = server.cpuMs()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections: opts.connections,
        duration: opts.durationS,
        headers: opts.headers,
        requests: paths.map((path) => ({ method: "GET", path })),
      },
      (error, out) => (error ? reject(error) : resolve(out))
    )
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime)
      if (statusCode >= 400) errors++
    })
  })
  const cpuMs = server.cpuMs() - cpuBefore
  latencies.sort((a, b) => a - b)
  const requests = latencies.length
  return {
    requests,
    rps: Math.round((requests / opts.durationS) * 10) / 10,
    p50: round(quantile(latencies, 0.5)),
    p95: round(quantile(latencies, 0.95)),
    p99: round(quantile(latencies, 0.99)),
    errors: errors + result.errors + result.timeouts,
    cpuMsPerRequest: requests ? round(cpuMs / requests) : 0,
  }
}

export const round = (n: number) => Math.round(n * 100) / 100

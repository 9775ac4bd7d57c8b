import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { AxiosError, AxiosInstance } from "axios"
import { copyTemplate, maintenanceUrl, templateDatabase } from "./template-database"

type RunnerOptions = Parameters<typeof medusaIntegrationTestRunner>[0]

let files = 0

/**
 * An HTTP error a test can read (`status`, `data`, `headers` of `response`) and jest can report:
 * an AxiosError links its request and response in a circle, which jest's worker fails to send to
 * the parent, hiding the failure behind "Jest worker encountered 4 child process exceptions".
 */
export class HttpError extends Error {
  constructor(
    readonly response:
      | { status: number; statusText: string; data: unknown; headers: Record<string, unknown> }
      | undefined,
    method: string,
    url: string,
    cause: string
  ) {
    super(
      response
        ? `${method} ${url} answered ${response.status}: ${JSON.stringify(response.data).slice(0, 500)}`
        : `${method} ${url} failed: ${cause}`
    )
    this.name = "HttpError"
  }
}

function plainErrors(api: AxiosInstance) {
  api.interceptors.response.use(undefined, (error: AxiosError) => {
    const res = error.response
    throw new HttpError(
      res && {
        status: res.status,
        statusText: res.statusText,
        data: res.data,
        headers: { ...(res.headers as Record<string, unknown>) },
      },
      (error.config?.method ?? "?").toUpperCase(),
      error.config?.url ?? "?",
      error.message
    )
  })
}

/**
 * Medusa's `medusaIntegrationTestRunner`, with the test file's database copied from the template
 * that `npm test` migrated once (ZOCO_TEST_DB_TEMPLATE) instead of migrated from nothing. Medusa
 * still runs its migrations and link sync on the copy, and they find nothing to do. Run without
 * the template (jest on its own), it is exactly Medusa's runner.
 */
export function zocoIntegrationTestRunner(given: RunnerOptions) {
  const options: RunnerOptions = {
    ...given,
    testSuite: (suite) => {
      beforeAll(() => plainErrors(suite.api as AxiosInstance))
      return given.testSuite(suite)
    },
  }
  if (!templateDatabase()) return medusaIntegrationTestRunner(options)
  const worker = process.env.JEST_WORKER_ID ?? "1"
  const dbName = options.dbName ?? `zoco_http_${process.pid}_${worker}_${files++}`
  return medusaIntegrationTestRunner({
    ...options,
    dbName,
    hooks: {
      ...options.hooks,
      // Runs just before the runner creates the database, which then finds it there.
      beforeServerStart: async (container) => {
        await copyTemplate(maintenanceUrl(), dbName)
        await options.hooks?.beforeServerStart?.(container)
      },
    },
  })
}

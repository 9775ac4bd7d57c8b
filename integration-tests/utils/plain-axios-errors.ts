import axios, { type AxiosError, type AxiosInstance } from "axios"

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

/** Makes `api` fail with an HttpError instead of an AxiosError. */
export function plainErrors(api: AxiosInstance) {
  api.interceptors.response.use(undefined, (error: AxiosError | HttpError) => {
    if (error instanceof HttpError) throw error
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

// Every axios client of a test file, however made: jest's worker must be able to report what
// failed (setupFilesAfterEnv of the integration tiers).
const create = axios.create.bind(axios)
axios.create = (config) => {
  const api = create(config)
  plainErrors(api)
  return api
}
plainErrors(axios)

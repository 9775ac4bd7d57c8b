import { container as frameworkContainer } from "@medusajs/framework"
import type { IWorkflowEngineService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  applyEnvVarsToProcess,
  clearInstances,
  closeWaitingroomClient,
  configLoaderOverride,
  createPostgresDatabaseTemplate,
  dropDatabase,
  dropPostgresDatabaseTemplate,
  medusaIntegrationTestRunner,
  type MedusaSuiteOptions,
  restorePostgresDatabaseFromTemplate,
  startApp,
  TestDatabaseUtils,
} from "@medusajs/test-utils"
import axios, { type AxiosInstance } from "axios"
import { plainErrors } from "./plain-axios-errors"
import { copyTemplate, maintenanceUrl, templateDatabase } from "./template-database"

type RunnerOptions = Parameters<typeof medusaIntegrationTestRunner>[0]

let files = 0

// Tests reconcile when they mean to: the quarter-hourly job would book what a test has just
// made diverge on purpose, whenever a run crosses a quarter hour.
process.env.PAYMENT_RECONCILE_SCHEDULE ??= "off"
// Likewise the stock sweep: tests that leave a reservation behind run it themselves.
process.env.STOCK_SWEEP_SCHEDULE ??= "off"
// Tests wait for each gateway webhook to be handled, not for Medusa's 5 s head start on a buyer
// who completes the same cart (two-servers.spec.ts races the two with the default).
process.env.PAYMENT_WEBHOOK_DELAY_MS ??= "200"

type StepCheckpoint = {
  id: string
  invoke?: { state?: string }
  compensate?: { state?: string }
}

/** A step with nothing left to do, whether it ran, was undone or never had to. */
function settledStep(step: StepCheckpoint): boolean {
  const done = ["done", "reverted", "skipped", "skipped_failure", "not_started", "dormant"]
  return done.includes(step.invoke?.state ?? "") && done.includes(step.compensate?.state ?? "")
}

/**
 * Waits until no workflow runs, as Medusa's runner does between tests; its own helper is not
 * exported from @medusajs/test-utils.
 */
async function waitWorkflowExecutions(container: MedusaContainer | null) {
  const engine = container?.resolve<IWorkflowEngineService | undefined>(Modules.WORKFLOW_ENGINE, {
    allowUnregistered: true,
  })
  if (!engine) return
  // Generous: after a test of dozens of concurrent checkouts on a loaded machine, the last
  // compensations can take over a minute to finish.
  const deadline = Date.now() + 180_000
  for (;;) {
    const running = await engine.listWorkflowExecutions({
      state: { $nin: ["not_started", "done", "reverted", "failed"] },
    })
    if (running.length === 0) return
    if (Date.now() > deadline) {
      // Which workflows never finished, and where they stand: what tells a hang from slowness.
      const stuck = running.slice(0, 10).map((e) => {
        const steps = Object.values(
          (e.execution as { steps?: Record<string, StepCheckpoint> } | undefined)?.steps ?? {}
        )
          .filter((s) => s.id !== "_root" && !settledStep(s))
          .map((s) => `${s.id} ${s.invoke?.state}/${s.compensate?.state}`)
        return `${e.workflow_id} ${e.state} (${e.transaction_id}) [${steps.join("; ")}]`
      })
      throw new Error(
        `Timeout waiting for workflow executions to finish; ${running.length} still running: ` +
          stuck.join(", ")
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Medusa's runner, for a database copied from the migrated template: the same app (`startApp`,
 * Medusa's own loaders, as `medusa start` runs them), the same database per file restored before
 * every test from a snapshot taken after the file's `beforeAll`, the same waits for workflows.
 * It leaves out what the template makes redundant: Medusa's runner migrates, syncs links and
 * loads every module once more before starting the app (about 1.7 s of a file's 14 s of CPU).
 */
function templateRunner(options: RunnerOptions, dbName: string) {
  const cwd = options.cwd ?? options.medusaConfigFile ?? process.cwd()
  const clientUrl = TestDatabaseUtils.getDatabaseURL(dbName)
  const snapshotName = `${dbName}-template`
  let container: MedusaContainer | null = null
  let api: AxiosInstance | null = null
  let shutdown = async () => undefined as void
  let restoreEnv = () => undefined as void
  let snapshotted = false
  const unavailable = (what: string) => () => {
    throw new Error(`${what} is not available with a template database`)
  }
  const snapshot = async () => {
    await createPostgresDatabaseTemplate({ databaseName: dbName, templateName: snapshotName })
    snapshotted = true
  }
  const restore = () =>
    restorePostgresDatabaseFromTemplate({ databaseName: dbName, templateName: snapshotName })
  const suite: MedusaSuiteOptions = {
    api: new Proxy({} as AxiosInstance, { get: (_, prop) => api?.[prop as keyof AxiosInstance] }),
    getContainer: () => container as MedusaContainer,
    dbConnection: null,
    getMedusaApp: unavailable("getMedusaApp"),
    dbConfig: { dbName, schema: options.schema ?? "public", clientUrl },
    dbUtils: {
      create: unavailable("dbUtils.create"),
      snapshot,
      restore,
      teardown: unavailable("dbUtils.teardown"),
      shutdown: unavailable("dbUtils.shutdown"),
    },
    utils: { waitWorkflowExecutions: () => waitWorkflowExecutions(container) },
  }

  describe("", () => {
    beforeAll(async () => {
      await configLoaderOverride(cwd, { clientUrl, debug: options.debug })
      restoreEnv = applyEnvVarsToProcess(options.env ?? {})
      await copyTemplate(maintenanceUrl(), dbName)
      await options.hooks?.beforeServerStart?.(frameworkContainer)
      const started = await startApp({ cwd, env: options.env ?? {} })
      container = started.container
      shutdown = started.shutdown
      api = axios.create({ baseURL: `http://localhost:${started.port}` })
      plainErrors(api)
      await waitWorkflowExecutions(container)
    })
    beforeEach(async () => {
      // The first test starts from the state the file's own beforeAll made, kept for the rest.
      if (!snapshotted) return snapshot()
      await restore()
    })
    afterEach(() => waitWorkflowExecutions(container))
    afterAll(async () => {
      try {
        await shutdown()
        await clearInstances()
        await container?.dispose()
        if (snapshotted) await dropPostgresDatabaseTemplate(snapshotName)
        await dropDatabase({ databaseName: dbName, errorIfNonExist: false })
        await closeWaitingroomClient()
      } finally {
        restoreEnv()
        container = null
        api = null
      }
    })
    options.testSuite(suite)
  })
}

/**
 * Medusa's `medusaIntegrationTestRunner` when `npm test` made no template database (jest on its
 * own); with one (ZOCO_TEST_DB_TEMPLATE), each file's database is a copy of it and the app starts
 * on it directly (see `templateRunner`).
 */
export function zocoIntegrationTestRunner(given: RunnerOptions) {
  if (!templateDatabase()) {
    return medusaIntegrationTestRunner({
      ...given,
      testSuite: (suite) => {
        beforeAll(() => plainErrors(suite.api as AxiosInstance))
        return given.testSuite(suite)
      },
    })
  }
  const worker = process.env.JEST_WORKER_ID ?? "1"
  return templateRunner(given, given.dbName ?? `zoco_http_${process.pid}_${worker}_${files++}`)
}

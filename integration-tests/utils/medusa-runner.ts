import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { copyTemplate, maintenanceUrl, templateDatabase } from "./template-database"

type RunnerOptions = Parameters<typeof medusaIntegrationTestRunner>[0]

let files = 0

/**
 * Medusa's `medusaIntegrationTestRunner`, with the test file's database copied from the template
 * that `npm test` migrated once (ZOCO_TEST_DB_TEMPLATE) instead of migrated from nothing. Medusa
 * still runs its migrations and link sync on the copy, and they find nothing to do. Run without
 * the template (jest on its own), it is exactly Medusa's runner.
 */
export function zocoIntegrationTestRunner(options: RunnerOptions) {
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

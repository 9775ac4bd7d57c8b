import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Client } from "pg"

type RunnerOptions = Parameters<typeof medusaIntegrationTestRunner>[0]

let files = 0

/**
 * Medusa's `medusaIntegrationTestRunner`, with the test file's database copied from the template
 * that `npm test` migrated once (ZOCO_TEST_DB_TEMPLATE) instead of migrated from nothing. Medusa
 * still runs its migrations and link sync on the copy, and they find nothing to do. Run without
 * the template (jest on its own), it is exactly Medusa's runner.
 */
export function zocoIntegrationTestRunner(options: RunnerOptions) {
  const template = process.env.ZOCO_TEST_DB_TEMPLATE
  if (!template) return medusaIntegrationTestRunner(options)
  const worker = process.env.JEST_WORKER_ID ?? "1"
  const dbName = options.dbName ?? `zoco_http_${process.pid}_${worker}_${files++}`
  return medusaIntegrationTestRunner({
    ...options,
    dbName,
    hooks: {
      ...options.hooks,
      // Runs just before the runner creates the database, which then finds it there.
      beforeServerStart: async (container) => {
        await copyDatabase(template, dbName)
        await options.hooks?.beforeServerStart?.(container)
      },
    },
  })
}

async function copyDatabase(template: string, dbName: string) {
  const e = process.env
  const client = new Client({
    host: e.DB_HOST ?? "localhost",
    port: Number(e.DB_PORT ?? 5432),
    user: e.DB_USERNAME ?? "postgres",
    password: e.DB_PASSWORD || undefined,
    database: "postgres",
  })
  await client.connect()
  try {
    // Identifiers cannot be bound as parameters; both names are made by the test runner.
    await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
    await client.query(`CREATE DATABASE "${dbName}" TEMPLATE "${template}"`)
  } finally {
    await client.end()
  }
}

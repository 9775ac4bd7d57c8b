import { Client } from "pg"

/** The database `npm test` migrated once for this schema, when it made one. */
export const templateDatabase = (): string | undefined => process.env.ZOCO_TEST_DB_TEMPLATE

/** The `postgres` database of the server the test runner named with DB_HOST, DB_PORT, … */
export function maintenanceUrl(): string {
  const e = process.env
  const url = new URL("postgres://localhost/postgres")
  url.hostname = e.DB_HOST ?? "localhost"
  url.port = e.DB_PORT ?? "5432"
  url.username = e.DB_USERNAME ?? "postgres"
  url.password = e.DB_PASSWORD ?? ""
  return url.toString()
}

/**
 * Creates `database` as a copy of the migrated template (`CREATE DATABASE … TEMPLATE`), on the
 * server `serverUrl` names: Medusa's migrations then find nothing left to do. Returns false, and
 * creates nothing, when the run has no template.
 */
export async function copyTemplate(
  serverUrl: string,
  database: string,
  opts: { redis?: boolean } = {}
): Promise<boolean> {
  // With Redis, the copy whose recorded schema a Redis start expects, when the run made one.
  const template =
    (opts.redis ? process.env.ZOCO_TEST_DB_TEMPLATE_REDIS : undefined) ?? templateDatabase()
  if (!template) return false
  const url = new URL(serverUrl)
  url.pathname = "/postgres"
  const client = new Client({ connectionString: url.toString() })
  await client.connect()
  try {
    // Identifiers cannot be bound as parameters; both names are made by the test runner.
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    await client.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`)
    return true
  } finally {
    await client.end()
  }
}

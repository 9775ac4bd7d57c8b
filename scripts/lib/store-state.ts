import { Client } from "pg"

/** Questions the launcher asks the database before and after start, and what it records. */
export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function countProducts(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ n: string }>(
      "SELECT count(*) AS n FROM product WHERE deleted_at IS NULL"
    )
    return Number(rows[0].n)
  })
}

export async function adminUserExists(url: string, email: string): Promise<boolean> {
  return withClient(url, async (c) => {
    const { rowCount } = await c.query(
      `SELECT 1 FROM "user" WHERE lower(email) = lower($1) AND deleted_at IS NULL`,
      [email]
    )
    return Boolean(rowCount)
  })
}

export async function publishableKey(url: string): Promise<string | undefined> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ token: string }>(
      `SELECT token FROM api_key
        WHERE type = 'publishable' AND revoked_at IS NULL AND deleted_at IS NULL
        ORDER BY created_at ASC LIMIT 1`
    )
    return rows[0]?.token
  })
}

// Outside Medusa's tables: what the launcher last migrated this database to (scripts/lib/schema-hash.ts).
const STATE_TABLE = "zoco_launcher_state"

/** The schema fingerprint this database was last migrated to by `npm start`, if any. */
export async function migratedSchema(url: string): Promise<string | undefined> {
  return withClient(url, async (c) => {
    const { rows } = await c
      .query<{ value: string }>(`SELECT value FROM ${STATE_TABLE} WHERE key = 'schema'`)
      .catch(() => ({ rows: [] as { value: string }[] }))
    return rows[0]?.value
  })
}

export async function recordMigratedSchema(url: string, hash: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(
      `CREATE TABLE IF NOT EXISTS ${STATE_TABLE} (key text PRIMARY KEY, value text NOT NULL)`
    )
    await c.query(
      `INSERT INTO ${STATE_TABLE} (key, value) VALUES ('schema', $1)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [hash]
    )
  })
}

/** Key of the PostgreSQL advisory lock the launchers of one database set up under. */
const SETUP_LOCK = 7_431_001

/**
 * Runs `fn` (migrations, seed, first admin) while holding a PostgreSQL advisory lock, so that
 * launchers starting together on one database take turns instead of migrating at once.
 */
export async function withSetupLock<T>(
  url: string,
  say: (line: string) => void,
  fn: () => Promise<T>
): Promise<T> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1) AS locked",
      [SETUP_LOCK]
    )
    if (!rows[0].locked) {
      say("Another instance is setting up the database; waiting for it")
      await c.query("SELECT pg_advisory_lock($1)", [SETUP_LOCK])
    }
    try {
      return await fn()
    } finally {
      await c.query("SELECT pg_advisory_unlock($1)", [SETUP_LOCK])
    }
  })
}

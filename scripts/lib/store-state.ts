import { Client } from "pg"

/** Read-only questions the launcher asks the database before and after start. */
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

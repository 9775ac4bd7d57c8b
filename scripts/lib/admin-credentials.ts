import { randomBytes } from "crypto"
import { existsSync, readFileSync, writeFileSync } from "fs"
import path from "path"

export type AdminCredentials = {
  email: string
  /** Undefined when the admin already existed and its password is not known here. */
  password: string | undefined
  generated: boolean
}

const DEFAULT_EMAIL = "admin@zoco.local"

/**
 * The first admin's login: ADMIN_EMAIL / ADMIN_PASSWORD when set, else an
 * email and a generated password kept in `<dataDir>/admin.json` (mode 600) so
 * every start can print them.
 */
export function adminCredentials(dataDir: string, env: NodeJS.ProcessEnv): AdminCredentials {
  const file = path.join(dataDir, "admin.json")
  const stored = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as { email?: string; password?: string })
    : {}
  const email = env.ADMIN_EMAIL?.trim() || stored.email || DEFAULT_EMAIL
  if (env.ADMIN_PASSWORD) {
    return { email, password: env.ADMIN_PASSWORD, generated: false }
  }
  if (stored.password && stored.email === email) {
    return { email, password: stored.password, generated: true }
  }
  return { email, password: undefined, generated: false }
}

export function generateAdminPassword(dataDir: string, email: string): AdminCredentials {
  // base64url of 18 bytes: 24 characters, no ambiguity when copied from a terminal.
  const password = randomBytes(18).toString("base64url")
  writeFileSync(
    path.join(dataDir, "admin.json"),
    JSON.stringify({ email, password }, null, 2) + "\n",
    {
      mode: 0o600,
    }
  )
  return { email, password, generated: true }
}

/**
 * The environment of `medusa exec src/scripts/setup`: seed the catalogue or not, and the admin
 * to create, if any. Passed as variables, so a password starting with "-" reaches Medusa intact
 * (as a `medusa user` argument it was read as flags) and no process list shows it.
 */
export function setupEnv(opts: { seed: boolean; admin?: { email: string; password: string } }) {
  return {
    ZOCO_SETUP_SEED: opts.seed ? "1" : "0",
    ZOCO_SETUP_ADMIN_EMAIL: opts.admin?.email ?? "",
    ZOCO_SETUP_ADMIN_PASSWORD: opts.admin?.password ?? "",
  }
}

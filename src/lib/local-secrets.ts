import { randomBytes } from "crypto"
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "fs"
import path from "path"

export type LocalSecrets = { jwtSecret: string; cookieSecret: string }

/**
 * Development secrets, generated once and kept in `<dataDir>/secrets.json`
 * so that admin and customer sessions survive a restart. Never used in
 * production: there the environment must provide real secrets.
 */
export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json")
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>
    if (stored.jwtSecret && stored.cookieSecret) {
      return { jwtSecret: stored.jwtSecret, cookieSecret: stored.cookieSecret }
    }
  }
  const secrets: LocalSecrets = {
    jwtSecret: randomBytes(32).toString("hex"),
    cookieSecret: randomBytes(32).toString("hex"),
  }
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 })
  chmodSync(file, 0o600)
  return secrets
}

import path from "path"
import { ConfigError, parseEnv, type ZocoEnv } from "./env"
import { loadOrCreateLocalSecrets } from "./local-secrets"

/**
 * Reads the environment once for medusa-config.ts. A configuration error stops
 * the process with one line naming the variable, instead of a stack trace from
 * deep inside Medusa's loader.
 */
export function loadZocoEnv(source: NodeJS.ProcessEnv = process.env): ZocoEnv {
  try {
    return parseEnv(source, () =>
      source.NODE_ENV === "test"
        ? undefined
        : loadOrCreateLocalSecrets(source.ZOCO_DATA_DIR || path.join(process.cwd(), ".data"))
    )
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Zoco cannot start: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
}

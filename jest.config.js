const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// @medusajs/test-utils turns TLS on for every database host but the literal "localhost": a
// loopback address spelled otherwise would make every integration test hang on a handshake the
// server never answers. Jest's workers inherit this environment.
if (["127.0.0.1", "::1", "[::1]"].includes(process.env.DB_HOST)) {
  process.env.DB_HOST = "localhost"
}

const TIERS = {
  unit: ["<rootDir>/**/__tests__/**/*.unit.spec.ts"],
  "integration:modules": ["<rootDir>/src/modules/*/__tests__/**/*.spec.ts"],
  "integration:http": ["<rootDir>/integration-tests/http/**/*.spec.ts"],
  e2e: ["<rootDir>/integration-tests/e2e/**/*.spec.ts"],
}

const tier = process.env.TEST_TYPE || "unit"
if (!TIERS[tier]) {
  throw new Error(`Unknown TEST_TYPE "${tier}"; expected one of ${Object.keys(TIERS).join(", ")}`)
}

/** @type {import('jest').Config} */
module.exports = {
  transform: {
    "^.+\\.[jt]sx?$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true } } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  // The kit, and the sign-in wiring the app's config builds, from their sources: unit tests run
  // before any plugin is built.
  moduleNameMapper: {
    "^@zoco/plugin-kit/(.*)$": "<rootDir>/plugins/plugin-kit/src/$1",
    "^@zoco/auth-oidc/providers$": "<rootDir>/plugins/auth-oidc/src/providers",
  },
  modulePathIgnorePatterns: ["<rootDir>/.medusa/", "<rootDir>/.data/", "/dist/"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/.medusa/", "<rootDir>/plugins/"],
  testMatch: TIERS[tier],
  // Integration tiers boot a whole Medusa app per file.
  testTimeout: tier === "unit" ? 5_000 : 240_000,
  // Medusa's module loaders keep process-wide state that a second app booted
  // in the same worker trips over; a fresh worker per file avoids it.
  ...(tier === "unit" ? {} : { maxWorkers: 1, workerIdleMemoryLimit: "1KB" }),
  // An AxiosError is circular: a failed request would crash jest's worker instead of failing.
  ...(tier === "unit"
    ? {}
    : { setupFilesAfterEnv: ["<rootDir>/integration-tests/utils/plain-axios-errors.ts"] }),
}

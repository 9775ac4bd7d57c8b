/** @type {import('jest').Config} */
module.exports = {
  transform: {
    "^.+\\.[jt]s$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", decorators: true } } }],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["<rootDir>/.medusa/"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/.medusa/"],
  testMatch: ["**/__tests__/**/*.spec.ts"],
  // Unit tests run in process; the readiness test starts its own redis-server when one is installed.
  testTimeout: 10_000,
}

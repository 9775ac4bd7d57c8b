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
  // The outbox tests use the PostgreSQL the DB_* variables name; the provider test starts its own
  // SMTP server.
  testTimeout: 10_000,
}

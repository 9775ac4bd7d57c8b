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
  // Storage tests run in process (and against Redis when ZOCO_TEST_REDIS_URL is set).
  testTimeout: 10_000,
}

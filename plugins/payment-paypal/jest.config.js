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
  // Every test talks to an in-process fake over loopback; nothing should come close to this.
  testTimeout: 10_000,
}

const path = require("path")

/**
 * The jest settings every Zoco plugin's tests share: `preset: "@zoco/plugin-kit"` in a plugin's
 * jest.config.js. TypeScript through swc; `@zoco/plugin-kit/*` from its sources, so tests run
 * before the kit is built.
 * @type {import('jest').Config}
 */
module.exports = {
  transform: {
    "^.+\\.[jt]s$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", decorators: true } } }],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  moduleNameMapper: { "^@zoco/plugin-kit/(.*)$": path.join(__dirname, "src/$1") },
  modulePathIgnorePatterns: ["<rootDir>/.medusa/"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/.medusa/"],
  testMatch: ["**/__tests__/**/*.spec.ts"],
  testTimeout: 10_000,
}

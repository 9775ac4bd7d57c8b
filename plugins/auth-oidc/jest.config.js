/** @type {import('jest').Config} */
module.exports = { preset: "@zoco/plugin-kit" }

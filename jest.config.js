/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // test/package.test.ts packs and installs the package (~20 s): `npm run test:package` runs it.
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/package\\.test\\.ts$"],
  // swc strips types only: fast, and independent of the TypeScript version; `tsc --noEmit` type-checks.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  // A temporary directory per run; the run fails if a test leaves anything in it (cdktf.outdir.* included).
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  moduleFileExtensions: ["ts", "js", "json"],
};

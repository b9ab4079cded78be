/**
 * `npm test`: the behaviour that matters to users, in about a minute on two cores. The slow suites
 * (`*.slow.test.ts`: byte-identity checks of the synthesis patches and startup modules, which
 * compile and run the app in child processes, and the review at scale) run with
 * `npm run test:slow` (test/slow.jest.config.js), and the package test with `npm run test:package`;
 * .ci/run runs all three.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "\\.slow\\.test\\.ts$", "<rootDir>/test/package\\.test\\.ts$", "<rootDir>/test/package-cores\\.test\\.ts$"],
  // Every core: the suites are CPU-bound and independent (Jest's default leaves one core idle).
  maxWorkers: "100%",
  // swc strips types only: fast, and independent of the TypeScript version; `tsc --noEmit` type-checks.
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  // A temporary directory per run; the run fails if a test leaves anything in it (cdktf.outdir.* included).
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  moduleFileExtensions: ["ts", "js", "json"],
  // The examples import the package by its name, as a user's app does: here that name is the sources (tsconfig.json maps it for the type check).
  moduleNameMapper: {
    "^cdktf-eks-irsa$": "<rootDir>/modules/index.ts",
    "^cdktf-eks-irsa/speed$": "<rootDir>/modules/speed/index.ts",
  },
};

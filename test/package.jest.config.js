// `npm run test:package`: test/package.test.ts and test/package-cores.test.ts, which `npm test` leaves out (they pack, install
// and synthesize consumer apps: the cdktf package in a cdktf app; both packages, each in an app on its core).
const { join } = require("node:path");
const base = require("../jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: join(__dirname, ".."),
  testMatch: ["<rootDir>/test/package.test.ts", "<rootDir>/test/package-cores.test.ts"],
  // One file at a time: each packs the package, whose prepack empties and rebuilds dist/.
  maxWorkers: 1,
  testPathIgnorePatterns: ["/node_modules/"],
  // Each spawned step (npm, tsc, the cdktf CLI) takes seconds; the first npm install of a cold cache, minutes.
  testTimeout: 60_000,
};

// `npm run test:package`: only test/package.test.ts, which `npm test` leaves out (it packs, installs and synthesizes a consumer app).
const { join } = require("node:path");
const base = require("../jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: join(__dirname, ".."),
  testMatch: ["<rootDir>/test/package.test.ts"],
  testPathIgnorePatterns: ["/node_modules/"],
  // Each spawned step (npm, tsc, the cdktf CLI) takes seconds; the first npm install of a cold cache, minutes.
  testTimeout: 60_000,
};

// `npm run test:slow`: the suites `npm test` leaves out for time (*.slow.test.ts), run by .ci/run too.
const { join } = require("node:path");
const base = require("../jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: join(__dirname, ".."),
  testMatch: ["**/*.slow.test.ts"],
  testPathIgnorePatterns: ["/node_modules/"],
  // The agreement walks build thousands of platforms: a worker that grew past this is replaced between files.
  workerIdleMemoryLimit: "1GB",
};

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deferCdktfDependencies } from "../../startup/defer-cdktf-dependencies";
import { compileApp, entryWithout, expectSameSynthesis, node } from "../support/compiled-app";

/**
 * The deferral works on Node's own module cache, which Jest replaces with its registry: these tests
 * compile the app (main.ts, startup/ and modules/) to JavaScript with swc into a temporary directory and run
 * it in fresh Node processes, with and without the module preloaded.
 */
let work: string;
let preload: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "defer-cdktf-"));
  compileApp(join(work, "app"));
  preload = join(work, "app", "startup", "defer-cdktf-dependencies.js");
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("deferCdktfDependencies", () => {
  test("does nothing where Node's module cache is not in use (Jest)", () => {
    expect(deferCdktfDependencies()).toBeUndefined();
  });

  test("keeps archiver and semver unloaded until used, and asset archives are written as before", () => {
    // GIVEN a directory to archive as a TerraformAsset
    const assetDir = join(work, "asset");
    mkdirSync(assetDir);
    writeFileSync(join(assetDir, "hello.txt"), "hello\n");
    const script = `
      // A package is loaded when a file of it other than its entry point (the stand-in's path) is.
      const loaded = (name) => Object.keys(require.cache).some((f) => f.includes("/node_modules/cdktf/node_modules/" + name + "/") && !f.endsWith("/index.js"));
      const { App, TerraformStack, TerraformAsset, AssetType } = require("cdktf");
      const afterLoad = { archiver: loaded("archiver"), semver: loaded("semver") };
      const app = new App({ outdir: ${JSON.stringify(join(work, "asset-out"))} });
      const stack = new TerraformStack(app, "assets");
      new TerraformAsset(stack, "zip", { path: ${JSON.stringify(assetDir)}, type: AssetType.ARCHIVE });
      app.synth();
      const zip = require("node:fs").readdirSync(${JSON.stringify(join(work, "asset-out", "stacks", "assets", "assets"))}, { recursive: true }).filter((f) => f.endsWith(".zip"));
      const afterSynth = { archiver: loaded("archiver") };
      // Used through the stand-in, the real package is loaded and answers.
      const archiver = require(require.resolve("archiver", { paths: [require("node:path").dirname(require.resolve("cdktf/lib/private/fs"))] }));
      const answers = archiver.isRegisteredFormat("zip");
      console.log(JSON.stringify({ afterLoad, afterSynth, zip, answers, afterUse: { archiver: loaded("archiver") } }));
    `;

    // WHEN
    const deferred = node(["--require", preload, "-e", script]);
    const plain = node(["-e", script]);

    // THEN
    expect(deferred.stderr).toBe("");
    expect(JSON.parse(deferred.stdout)).toEqual({
      afterLoad: { archiver: false, semver: false },
      // cdktf writes archives in a child process (node cdktf/lib/private/fs.js), which loads archiver itself.
      afterSynth: { archiver: false },
      zip: [expect.stringMatching(/\.zip$/)],
      answers: true,
      afterUse: { archiver: true },
    });
    expect(JSON.parse(plain.stdout).afterLoad).toEqual({ archiver: true, semver: true });
  });

  test("leaves every file of the example app byte-identical", () => {
    expectSameSynthesis(work, join(work, "app", "main.js"), entryWithout(join(work, "app"), "defer-cdktf-dependencies"));
  });
});

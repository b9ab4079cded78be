import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { deferCdktfDependencies } from "../modules/defer-cdktf-dependencies";

/**
 * The deferral works on Node's own module cache, which Jest replaces with its registry: these tests
 * compile the app (main.ts and modules/) to JavaScript with swc into a temporary directory and run
 * it in fresh Node processes, with and without the module preloaded.
 */
const REPO = join(__dirname, "..");
const swc = require("@swc/core") as { transformFileSync: (file: string, options: object) => { code: string } };

/** Compiles main.ts and modules/**.ts into `dir`, keeping the layout. */
function compileApp(dir: string): void {
  const sources = ["main.ts", ...tsFiles(join(REPO, "modules")).map((f) => relative(REPO, f))];
  for (const source of sources) {
    const { code } = swc.transformFileSync(join(REPO, source), {
      jsc: { parser: { syntax: "typescript" }, target: "es2022" },
      module: { type: "commonjs" },
    });
    const out = join(dir, source.replace(/\.ts$/, ".js"));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
  }
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Runs node with `args` in the repository (so local state paths match), resolving packages from its node_modules. */
function node(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NODE_PATH: join(REPO, "node_modules"), CHECKPOINT_DISABLE: "1", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir`, as bytes, by relative path. */
function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

let work: string;
let preload: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "defer-cdktf-"));
  compileApp(join(work, "app"));
  preload = join(work, "app", "modules", "defer-cdktf-dependencies.js");
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
    const plainOut = join(work, "plain-out");
    const deferredOut = join(work, "deferred-out");
    const main = join(work, "app", "main.js");
    expect(node([main], { CDKTF_OUTDIR: plainOut }).status).toBe(0);
    expect(node(["--require", preload, main], { CDKTF_OUTDIR: deferredOut }).status).toBe(0);
    const plain = filesUnder(plainOut);
    const deferred = filesUnder(deferredOut);
    expect(plain.size).toBeGreaterThan(6);
    expect([...deferred.keys()].sort()).toEqual([...plain.keys()].sort());
    for (const [path, bytes] of plain) expect(deferred.get(path)!.equals(bytes)).toBe(true);
  });
});

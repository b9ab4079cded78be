import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/**
 * The app compiled to JavaScript with swc, for tests of what works on Node's own module loader
 * (which Jest replaces with its registry): they run it in fresh Node processes.
 */
export const REPO = join(__dirname, "..", "..");
const swc = require("@swc/core") as { transformFileSync: (file: string, options: object) => { code: string } };

/** Compiles main.ts, startup/**.ts and modules/**.ts into `dir`, keeping the layout. */
export function compileApp(dir: string): void {
  const sources = ["main.ts", ...["startup", "modules"].flatMap((d) => tsFiles(join(REPO, d))).map((f) => relative(REPO, f))];
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
export function node(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NODE_PATH: join(REPO, "node_modules"), CHECKPOINT_DISABLE: "1", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every file under `dir`, as bytes, by relative path. */
export function filesUnder(dir: string): Map<string, Buffer> {
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

/**
 * A copy of a compiled app's entry point (`<appDir>/main.js`) without the line that imports one of
 * its startup modules (`./startup/<module>`), next to it; fails when the entry point has no such line.
 *
 * @returns the copy's path
 */
export function entryWithout(appDir: string, module: string): string {
  const text = readFileSync(join(appDir, "main.js"), "utf8");
  const importLine = `require("./startup/${module}");`;
  if (!text.includes(importLine)) throw new Error(`${appDir}/main.js has no line ${importLine}`);
  const copy = join(appDir, `main-without-${module}.js`);
  writeFileSync(copy, text.replace(importLine, ""));
  return copy;
}

/** Fails unless both entry points synthesize the example (into `work`) with the same files, byte for byte. */
export function expectSameSynthesis(work: string, main: string, plainMain: string): void {
  const out = join(work, "same-synthesis-out");
  const plainOut = join(work, "same-synthesis-plain-out");
  const example = { EKS_IRSA_CONFIG: join(REPO, "examples", "platform", "platform.json") };
  expect(node([main], { ...example, CDKTF_OUTDIR: out }).status).toBe(0);
  expect(node([plainMain], { ...example, CDKTF_OUTDIR: plainOut }).status).toBe(0);
  const files = filesUnder(out);
  const plain = filesUnder(plainOut);
  expect(plain.size).toBeGreaterThan(6);
  expect([...files.keys()].sort()).toEqual([...plain.keys()].sort());
  for (const [path, bytes] of plain) expect(files.get(path)!.equals(bytes)).toBe(true);
}

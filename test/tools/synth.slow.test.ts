/**
 * `npm run synth` (tools/synth.ts) against `cdktf synth`: in a project made of this repository's
 * cdktf.json and the app compiled with swc into its dist/, both synthesize the example and a large
 * generated platform, each into its own directory in which a stack of an earlier synth is left; the
 * two directories must hold the same files, byte for byte, and both must print the same stack list.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatedConfig } from "../../tools/bench";
import { compileApp, filesUnder, REPO } from "../support/compiled-app";

const swc = require("@swc/core") as { transformFileSync: (file: string, options: object) => { code: string } };
const CLI = join(REPO, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf");

let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "synth-"));
  compileApp(join(project, "dist"));
  const { code } = swc.transformFileSync(join(REPO, "tools", "synth.ts"), {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
  });
  mkdirSync(join(project, "dist", "tools"), { recursive: true });
  writeFileSync(join(project, "dist", "tools", "synth.js"), code);
  copyFileSync(join(REPO, "cdktf.json"), join(project, "cdktf.json"));
  symlinkSync(join(REPO, "node_modules"), join(project, "node_modules"), "dir");
  // The compiled app finds the example and the schema's package root through package.json.
  copyFileSync(join(REPO, "package.json"), join(project, "package.json"));
  mkdirSync(join(project, "examples", "platform"), { recursive: true });
  copyFileSync(join(REPO, "examples", "platform", "platform.json"), join(project, "examples", "platform", "platform.json"));
  writeFileSync(join(project, "generated.json"), JSON.stringify(generatedConfig(700)));
}, 60_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Runs a command in the project; the environment without what could change the output. */
function inProject(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const base = { ...process.env };
  for (const key of ["CDKTF_OUTDIR", "CDKTF_CONTEXT_JSON", "EKS_IRSA_STATE_BUCKET", "EKS_IRSA_CONFIG"]) delete base[key];
  const result = spawnSync(process.execPath, args, {
    cwd: project,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...base, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An output directory with a stack left from an earlier synth (its directory holds terraform's files too). */
function outdirWithStaleStack(name: string): string {
  const outdir = join(project, name);
  mkdirSync(join(outdir, "stacks", "workloads-gone", ".terraform"), { recursive: true });
  writeFileSync(join(outdir, "stacks", "workloads-gone", "cdk.tf.json"), "{}");
  return outdir;
}

/** The CLI's colours and cursor moves (ESC [ ... letter) taken out. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");
const stripAnsi = (text: string) => text.replace(ANSI, "");

describe.each([
  ["the example", "examples/platform/platform.json"],
  ["700 bindings x 3 environments", "generated.json"],
])("npm run synth and cdktf synth: %s", (_name, config) => {
  let direct: ReturnType<typeof inProject>;
  let cli: ReturnType<typeof inProject>;
  const outdirs = { direct: "", cli: "" };

  beforeAll(() => {
    outdirs.direct = outdirWithStaleStack(`direct-${config}`);
    outdirs.cli = outdirWithStaleStack(`cli-${config}`);
    direct = inProject(["dist/tools/synth.js", "--output", outdirs.direct], { EKS_IRSA_CONFIG: config });
    cli = inProject([CLI, "synth", "--output", outdirs.cli], { EKS_IRSA_CONFIG: config });
  }, 240_000);

  test("both succeed, and write the same files byte for byte (the stale stack removed by both)", () => {
    expect(direct.stderr).toBe("");
    expect(direct.status).toBe(0);
    expect(cli.status).toBe(0);
    const mine = filesUnder(outdirs.direct);
    const theirs = filesUnder(outdirs.cli);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [file, bytes] of mine) expect(`${file} ${bytes.equals(theirs.get(file)!)}`).toBe(`${file} true`);
    expect(existsSync(join(outdirs.direct, "stacks", "workloads-gone"))).toBe(false);
    expect(mine.size).toBeGreaterThan(6);
  });

  test("print the same stack list, which ends the direct synth's output, after one line per stack", () => {
    const lines = direct.stdout.trimEnd().split("\n");
    const list = lines[lines.length - 1];
    expect(list).toBe("Generated Terraform code for the stacks: eks-dev, eks-prod, eks-staging, workloads-dev, workloads-prod, workloads-staging");
    // The CLI's terminal renderer wraps lines at 80 columns.
    expect(stripAnsi(cli.stdout).replace(/\s+/g, " ")).toContain(list);
    const manifest = JSON.parse(readFileSync(join(outdirs.direct, "manifest.json"), "utf8"));
    for (const stack of Object.keys(manifest.stacks))
      expect(lines.filter((l) => new RegExp(`^${stack} +[\\d,]+ resources, [\\d,]+ roles?, [\\d,]+ bindings?$`).test(l))).toHaveLength(1);
  });

  test("print the same warnings of stacks past the resource count", () => {
    const warnings = (text: string) =>
      [
        ...stripAnsi(text)
          .replace(/\s+/g, " ")
          .matchAll(/WARN \[[^\]]+\]: .*?docs\/stacks\.md\)/g),
      ].map((m) => m[0]);
    expect(warnings(direct.stdout)).toEqual(warnings(cli.stdout));
    expect(warnings(direct.stdout)).toHaveLength(config === "generated.json" ? 3 : 0);
  });
});

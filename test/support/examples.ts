import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { PlatformConfigSource } from "../../modules/platform/config-file";
import { Platform } from "../../modules/platform/platform";
import { REPO } from "./compiled-app";
import type { Synthesized } from "./helpers";

/** One scenario under examples/: what test/examples.test.ts synthesizes of it, and its other files. */
export interface ExampleScenario {
  /** The scenario's directory, relative to the repository. */
  readonly dir: string;
  /** Platform configuration files, read with `PlatformConfigSource.read` and synthesized by `Platform`. */
  readonly platforms: readonly string[];
  /** CDKTF apps (TypeScript that imports "cdktf-eks-irsa" as a user's app does), run as `cdktf synth` runs an app. */
  readonly apps: readonly string[];
  /** The scenario's other files (its README, the project around an app, manifests), each checked by test/examples.test.ts. */
  readonly files: readonly string[];
}

/**
 * Every scenario under examples/. test/examples.test.ts synthesizes each platform file and app, and
 * fails when a scenario holds a file not listed here; test/docs.test.ts accepts a marked code block
 * in README.md or docs/ only for a file listed here, so the docs show nothing that does not run.
 */
export const EXAMPLE_SCENARIOS: readonly ExampleScenario[] = [
  { dir: "examples/platform", platforms: ["platform.json"], apps: ["main.ts"], files: ["README.md"] },
  {
    dir: "examples/existing-cluster",
    platforms: [],
    apps: ["main.ts", "remote-state.ts", "without-oidc-provider.ts"],
    files: ["README.md", "package.json", "cdktf.json", "tsconfig.json"],
  },
  { dir: "examples/karpenter", platforms: ["platform.json"], apps: ["existing-cluster.ts"], files: ["README.md", "ec2nodeclass.yaml"] },
  { dir: "examples/irsa-to-pod-identity", platforms: ["1-irsa.json", "2-both.json", "3-pod-identity.json"], apps: [], files: ["README.md"] },
  { dir: "examples/compute", platforms: ["platform.json"], apps: [], files: ["README.md"] },
  { dir: "examples/cross-account", platforms: [], apps: ["target-account.ts"], files: ["README.md"] },
];

/** Directories under examples/ that are no scenario to synthesize, with the test that checks each. */
export const OTHER_EXAMPLES: { readonly [dir: string]: string } = {
  "examples/github": "test/tools/review-workflow.test.ts (the pull-request workflow of the access review)",
};

/** Every file of the scenarios, relative to the repository. */
export function exampleFiles(): string[] {
  return EXAMPLE_SCENARIOS.flatMap((s) => [...s.platforms, ...s.apps, ...s.files].map((f) => `${s.dir}/${f}`));
}

/** A synthesized app: its output directory (kept until the test file ends) and each stack's JSON by name. */
export interface SynthesizedExample {
  readonly outdir: string;
  readonly stacks: { readonly [name: string]: Synthesized };
}

/**
 * Reads every stack of a synthesized output directory (from its manifest), with `project` (a
 * directory that an absolute path in the stacks starts with) written as `<project>`.
 */
function readStacks(outdir: string, project?: string): { [name: string]: Synthesized } {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: { [name: string]: { synthesizedStackPath: string } } };
  const read = (file: string) => {
    const text = readFileSync(join(outdir, file), "utf8");
    return JSON.parse(project === undefined ? text : text.split(project).join("<project>"));
  };
  return Object.fromEntries(Object.entries(manifest.stacks).map(([name, stack]) => [name, read(stack.synthesizedStackPath)]));
}

/**
 * Synthesizes a platform configuration (a file, or the text of one) as the app does, with local
 * state beside the (random) output directory so that the relative state paths, and with them the
 * snapshots, do not depend on where the tests run. The output directory is removed when the test
 * file ends (test/support/setup.ts).
 */
export function synthPlatform(file: string, text?: string): SynthesizedExample {
  const source = text === undefined ? PlatformConfigSource.read(join(REPO, file), { cwd: REPO }) : PlatformConfigSource.parse(text, file);
  const app = Testing.app();
  source.locate(() => new Platform(app, { config: { localStateDir: join(app.outdir, "..", "state"), ...source.config } }));
  app.synth();
  return { outdir: app.outdir, stacks: readStacks(app.outdir) };
}

/**
 * Runs an example app as `cdktf synth` does: in a project directory of its own (a fresh temporary
 * one, so relative state paths are the same wherever the tests run), with `CDKTF_OUTDIR` naming
 * its output, in a module registry of its own (an app may patch cdktf for its process). cdktf's
 * default local backend is an absolute path in the project directory, read here as
 * `<project>/terraform.<stack>.tfstate`. Fails with what the app printed when it sets an exit code.
 * The project directory is removed afterwards.
 */
export function runExampleApp(file: string): { readonly stacks: { readonly [name: string]: Synthesized } } {
  const project = mkdtempSync(join(tmpdir(), "example-app-"));
  const outdir = join(project, "cdktf.out");
  const cwd = process.cwd();
  const saved = { outdir: process.env.CDKTF_OUTDIR, exitCode: process.exitCode };
  const printed: string[] = [];
  const error = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
  try {
    process.env.CDKTF_OUTDIR = outdir;
    process.chdir(project);
    jest.isolateModules(() => require(join(REPO, file)));
    if (process.exitCode) throw new Error(`${file} exited with ${process.exitCode}: ${printed.join("\n")}`);
    return { stacks: readStacks(outdir, project) };
  } finally {
    process.chdir(cwd);
    if (saved.outdir === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = saved.outdir;
    process.exitCode = saved.exitCode;
    error.mockRestore();
    rmSync(project, { recursive: true, force: true });
  }
}

/**
 * `npm run synth`: what `cdktf synth` does for this project, without cdktf-cli. The CLI starts its
 * own Node process (~1 s and ~270 MB before and after the app), runs `node dist/main.js` in a child
 * with a few environment variables, and reads the manifest the app wrote. Here the app runs in this
 * process, with the same variables, and the same steps follow: the same files in cdktf.out
 * (test/tools/synth.slow.test.ts compares them byte for byte with `cdktf synth`'s), stack directories
 * of stacks that no longer exist removed, the stacks' annotations printed and an error annotation
 * failing the synth, and the same closing line, `Generated Terraform code for the stacks: ...`.
 *
 *   npm run synth [-- --output <dir>]     (package.json: node -r ./tools/fresh.cjs dist/tools/synth.js)
 *
 * `npx cdktf synth`, `deploy` and `diff` work as before; `npm run deploy` and `npm run diff` run this
 * synth and then the CLI with `--skip-synth`, so that an error is printed once, by the app.
 */
// The app first: its startup modules must run before anything loads cdktf.
import { run } from "../main";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

/** The app command this synth runs in its own process; cdktf.json must name it. */
export const APP_COMMAND = "node dist/main.js";

/** What cdktf-cli reads of cdktf.json for a synth. */
interface CdktfJson {
  readonly app?: string;
  readonly output?: string;
  readonly context?: Record<string, unknown>;
  readonly terraformModules?: readonly unknown[];
  readonly terraformProviders?: readonly unknown[];
}

/** An annotation of a stack in manifest.json. */
interface Annotation {
  readonly constructPath: string;
  readonly level: string;
  readonly message: string;
  readonly stacktrace?: readonly string[];
}

/** The options of the command line. */
export interface SynthOptions {
  /** The output directory; default cdktf.json's `output`, else cdktf.out (as `cdktf synth --output`). */
  readonly output?: string;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run synth [-- --output <dir>]

Synthesizes the app as \`cdktf synth\` does (the same files, the same stack list), in one process and
without cdktf-cli; builds dist/ first when a source changed. For cdktf synth's other options
(--hcl, --app) run \`npx cdktf synth\`.

  -o, --output <dir>  the output directory (default: cdktf.json's "output", else cdktf.out)
  -h, --help          print this help
`;

/** Reads the command line; throws on anything `cdktf synth` would take that this synth does not. */
export function parseArgs(argv: readonly string[]): SynthOptions {
  let output: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") help = true;
    else if (arg === "-o" || arg === "--output") {
      output = argv[++i];
      if (output === undefined || output === "") throw new Error(`${arg} needs a directory`);
    } else if (arg.startsWith("--output=")) {
      output = arg.slice("--output=".length);
      if (output === "") throw new Error("--output= needs a directory");
    } else {
      throw new Error(
        `${JSON.stringify(arg)} is not an option of npm run synth: it takes --output <dir> (for cdktf synth's other options, run npx cdktf synth)`,
      );
    }
  }
  return { output, help };
}

/**
 * The environment cdktf-cli 0.21 gives the app (@cdktf/cli-core's SynthStack.synth): TF_VAR_*
 * removed, CDKTF_OUTDIR, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, the context (cdktf.json's
 * `context` replaces CDKTF_CONTEXT_JSON, as the CLI's config reader does, and `cdktfRelativeModules`
 * is added) and SYNTH_HCL_OUTPUT. Not NODE_OPTIONS' `--max-old-space-size=4096`, which only a new
 * process could take: the app needs less than 200 MB at 1000 bindings x 3 environments.
 */
export function cliEnvironment(env: NodeJS.ProcessEnv, config: CdktfJson, outdir: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("TF_VAR_")));
  if (config.context) out.CDKTF_CONTEXT_JSON = JSON.stringify(config.context);
  const context = out.CDKTF_CONTEXT_JSON ? JSON.parse(out.CDKTF_CONTEXT_JSON) : {};
  return {
    ...out,
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
    CDKTF_CONTEXT_JSON: JSON.stringify({ ...context, cdktfRelativeModules: [] }),
    SYNTH_HCL_OUTPUT: "false",
  };
}

/** cdktf.json of the project, checked for what this synth can do. */
function readCdktfJson(cwd: string): CdktfJson {
  const file = join(cwd, "cdktf.json");
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run synth in the project directory`);
  const config = JSON.parse(readFileSync(file, "utf8")) as CdktfJson;
  if (config.app !== APP_COMMAND) {
    throw new Error(
      `cdktf.json's app is ${JSON.stringify(config.app)}: npm run synth runs ${JSON.stringify(APP_COMMAND)} in its own process; run npx cdktf synth`,
    );
  }
  if ((config.terraformModules?.length ?? 0) > 0 || (config.terraformProviders?.length ?? 0) > 0) {
    throw new Error("cdktf.json lists terraformModules or terraformProviders, whose bindings cdktf get makes and cdktf synth checks: run npx cdktf synth");
  }
  return config;
}

/** The stacks' directories under an output directory. */
function stackDirectories(outdir: string): string[] {
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

/**
 * Runs the synth in the current directory with `argv`: the app, then what the CLI does after it.
 * Lines go to `out` (the app's stack lines, the annotations, the stack list) and `err` (errors).
 * @returns the exit code
 */
export function synth(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  const cwd = process.cwd();
  let options: SynthOptions;
  let config: CdktfJson;
  try {
    options = parseArgs(argv);
    if (options.help) {
      out(USAGE.trimEnd());
      return 0;
    }
    config = readCdktfJson(cwd);
  } catch (error) {
    err(`cdktf-eks-irsa: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const outdir = options.output ?? config.output ?? "cdktf.out";
  const before = stackDirectories(resolve(cwd, outdir));
  const env = cliEnvironment(process.env, config, outdir);
  // The app reads its environment (App's outdir and context) from process.env.
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
  const code = run(process.env);
  if (code !== 0) return code;

  const manifest = JSON.parse(readFileSync(resolve(cwd, outdir, "manifest.json"), "utf8"));
  const names = Object.keys(manifest.stacks);
  for (const orphan of before.filter((dir) => !names.includes(dir))) rmSync(resolve(cwd, outdir, "stacks", orphan), { recursive: true });
  let failed = false;
  for (const name of names) {
    for (const annotation of (manifest.stacks[name].annotations ?? []) as Annotation[]) {
      const level =
        annotation.level === "@cdktf/warn"
          ? "WARN"
          : annotation.level === "@cdktf/error"
            ? "ERROR"
            : annotation.level === "@cdktf/info"
              ? "INFO"
              : annotation.level;
      out(`${level} [${annotation.constructPath}]: ${annotation.message}`);
      if (level === "ERROR") {
        failed = true;
        if (annotation.stacktrace) out(annotation.stacktrace.join("\n"));
      }
    }
  }
  if (failed) {
    err("While synthesizing one or more error annotations have been encountered. Please check the log output above.");
    return 1;
  }
  out(`Generated Terraform code for the stacks: ${names.join(", ")}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = synth(
    process.argv.slice(2),
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
}

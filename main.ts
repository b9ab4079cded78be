// First, before anything loads cdktf or zod: V8 flags for a short run (startup/app-v8-flags.ts),
// packages' inline source maps are not kept in memory (startup/drop-inline-source-maps.ts), cdktf's
// archiver and semver load when used (startup/defer-cdktf-dependencies.ts), and so do zod's locales
// other than English (startup/defer-zod-locales.ts).
import "./startup/app-v8-flags";
import "./startup/drop-inline-source-maps";
import "./startup/defer-cdktf-dependencies";
import "./startup/defer-zod-locales";
import { PlatformConfigSource } from "./modules/platform/config-file";
import { Platform } from "./modules/platform/platform";
import { AppSynthesis } from "./modules/platform/synthesize";
import { speedUpSynthesis } from "./modules/speed/synthesis-speed";
import { skipTokenCreationStacks } from "./modules/speed/token-stacks";

/** Where the app's lines go: `info` to standard output, `error` to standard error. */
export interface AppOutput {
  /** The configuration file chosen, and one line per synthesized stack. */
  readonly info: (line: string) => void;
  /** Each error, once. */
  readonly error: (line: string) => void;
}

const STANDARD_OUTPUT: AppOutput = {
  info: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

/**
 * The app that `cdktf synth`, `deploy` and `diff` run (cdktf.json: `node dist/main.js`), and that
 * `npm run synth` runs without the CLI (tools/synth.ts): it reads the platform configuration
 * (`platform.json` in the project directory, or the file `EKS_IRSA_CONFIG` names), builds the
 * Platform (an `eks-<env>` stack and its workloads stacks per environment) and synthesizes it.
 * `EKS_IRSA_STATE_BUCKET` replaces the configuration's state bucket. On success it prints one line
 * per stack; an invalid configuration prints every error found (file:line:column: field, value,
 * what is allowed) once, exits 1 and leaves no stack files of an earlier synth behind. Only errors
 * go to standard error, which cdktf-cli shows in red.
 *
 * @returns the exit code
 */
export function main(env: NodeJS.ProcessEnv = process.env, output: AppOutput = STANDARD_OUTPUT): number {
  const choice = PlatformConfigSource.fileChoice(env);
  if (choice.fromEnvironment) output.info(`cdktf-eks-irsa: configuration ${choice.file} (from EKS_IRSA_CONFIG)`);
  const synthesis = new AppSynthesis({ outdir: env.CDKTF_OUTDIR ?? "cdktf.out", info: output.info, error: (line) => output.error(`cdktf-eks-irsa: ${line}`) });
  return synthesis.run((app) => {
    const source = PlatformConfigSource.read(choice.file, { stateBucket: env.EKS_IRSA_STATE_BUCKET });
    source.locate(() => new Platform(app, { config: source.config }));
  });
}

/**
 * The app as a process runs it: cdktf made faster for this run, then {@link main}.
 * @returns the exit code
 */
export function run(env: NodeJS.ProcessEnv = process.env): number {
  // Half the synthesis time of a large app goes to stack traces that cdktf records for every token
  // and only shows in resolution errors (modules/speed/token-stacks.ts). EKS_IRSA_TOKEN_STACKS=1 keeps them.
  if (env.EKS_IRSA_TOKEN_STACKS !== "1") skipTokenCreationStacks();
  // cdktf's resolve, stack merge and JSON writer made faster, output byte-identical (modules/speed/synthesis-speed.ts).
  speedUpSynthesis();
  return main(env);
}

if (require.main === module) process.exitCode = run();

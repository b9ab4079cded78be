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
import { synthesizeApp } from "./modules/platform/synthesize";
import { speedUpSynthesis } from "./modules/speed/synthesis-speed";
import { skipTokenCreationStacks } from "./modules/speed/token-stacks";

/**
 * The app that `cdktf synth`, `deploy` and `diff` run (cdktf.json: `node dist/main.js`): it reads the
 * platform configuration (`platform.json` in the project directory, or the file `EKS_IRSA_CONFIG`
 * names), builds the Platform (an `eks-<env>` and a `workloads-<env>` stack per environment) and
 * synthesizes it. `EKS_IRSA_STATE_BUCKET` replaces the configuration's state bucket. An invalid
 * configuration prints every error found (file:line:column: field, value, what is allowed) and
 * exits 1, leaving no stack files of an earlier synth behind.
 *
 * @param log where messages go (stderr)
 * @returns the exit code
 */
export function main(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = (line) => console.error(line)): number {
  const choice = PlatformConfigSource.fileChoice(env);
  if (choice.fromEnvironment) log(`cdktf-eks-irsa: configuration ${choice.file} (from EKS_IRSA_CONFIG)`);
  const failure = synthesizeApp(env.CDKTF_OUTDIR ?? "cdktf.out", (app) => {
    const source = PlatformConfigSource.read(choice.file, { stateBucket: env.EKS_IRSA_STATE_BUCKET });
    source.locate(() => new Platform(app, { config: source.config }));
  });
  if (failure === undefined) return 0;
  log(`cdktf-eks-irsa: ${failure}`);
  return 1;
}

if (require.main === module) {
  // Half the synthesis time of a large app goes to stack traces that cdktf records for every token
  // and only shows in resolution errors (modules/speed/token-stacks.ts). EKS_IRSA_TOKEN_STACKS=1 keeps them.
  if (process.env.EKS_IRSA_TOKEN_STACKS !== "1") skipTokenCreationStacks();
  // cdktf's resolve, stack merge and JSON writer made faster, output byte-identical (modules/speed/synthesis-speed.ts).
  speedUpSynthesis();
  process.exitCode = main();
}

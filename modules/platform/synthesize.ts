import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";

/**
 * Builds an app with `build` and synthesizes it into `outdir`, as an app's entry point does. When
 * building or synthesizing fails, it removes the previous output's stack files instead
 * (`manifest.json` and each `stacks/<stack>/cdk.tf.json`), so that no stale or half-written stack is
 * left for `cdktf deploy --skip-synth` to pick up, and returns the error's message (no stack trace:
 * input errors say everything in their message). Nothing else in `outdir` is touched: not
 * `.terraform/`, not a lock file, and not a state file that an older layout may have kept there.
 * @returns undefined on success, else the message to print
 */
export function synthesizeApp(outdir: string, build: (app: App) => void): string | undefined {
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    return undefined;
  } catch (error) {
    removeSynthesizedStacks(outdir);
    return error instanceof Error ? error.message : String(error);
  }
}

/** Removes the files a synth writes (the manifest and each stack's JSON), and only those. */
function removeSynthesizedStacks(outdir: string): void {
  rmSync(join(outdir, "manifest.json"), { force: true });
  const stacks = join(outdir, "stacks");
  if (!existsSync(stacks)) return;
  for (const entry of readdirSync(stacks, { withFileTypes: true })) {
    if (entry.isDirectory()) rmSync(join(stacks, entry.name, "cdk.tf.json"), { force: true });
  }
}

#!/usr/bin/env node
/**
 * `cdktf-eks-irsa-review`: who can assume which IRSA role with which permissions, read from a
 * synthesized cdktf.out (no terraform, no AWS), as Markdown for a pull request, optionally
 * diffed against the base branch's cdktf.out. Node built-ins only: it reads JSON.
 *
 *   npm run --silent review -- [--out <cdktf.out>] [--base <base cdktf.out>] [--fail-on-widen]
 */
import { runReview } from "./review/cli";

export { parseArgs, runReview, USAGE } from "./review/cli";
export type { ReviewOptions, ReviewResult } from "./review/cli";
export { diffAccess } from "./review/diff";
export type { AccessDiff, Finding, FindingKind } from "./review/diff";
export { readCdktfOut, ReviewError, synthOutput } from "./review/load";
export type { SynthOutput } from "./review/load";
export { renderMarkdown } from "./review/markdown";
export { mermaidGraph, mermaidLabel } from "./review/mermaid";
export { buildAccessReport } from "./review/model";
export type { AccessReport, Carrier, Policy, RoleAccess, StackAccess, TrustedSubject } from "./review/model";

/**
 * Prints the run's output and sets its exit code; node exits once stdout has drained, so a pipe
 * gets the whole report. A reader that goes away early (`| head`) is no error worth a trace.
 */
function main(): void {
  const result = runReview(process.argv.slice(2));
  process.exitCode = result.exitCode;
  process.stdout.on("error", () => process.exit(result.exitCode));
  if (result.stderr) process.stderr.write(result.stderr);
  process.stdout.write(result.stdout);
}

if (require.main === module) main();

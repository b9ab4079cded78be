#!/usr/bin/env node
/**
 * `cdktf-eks-irsa-review`: who can assume which workload IAM role (IRSA, EKS Pod Identity, kube2iam
 * trust) with which permissions, read from a synthesized cdktf.out (no terraform, no AWS), as
 * Markdown sized for a pull-request comment or as versioned JSON, optionally diffed against the
 * base branch's cdktf.out. Node built-ins only: it reads JSON.
 *
 *   npm run --silent review -- [--out <cdktf.out>] [--base <base cdktf.out>] [--fail-on-widen]
 *     [--format markdown|json] [--max-bytes N] [--full-report <file>] [--full-report-url <url>]
 */
import { runReview } from "./review/cli";

// The review's programmatic entry: review() with the command line's options, and the types of its
// result and of its JSON document (--format json). Its parts are internal (the tests import them by path).
export { review } from "./review/cli";
export type { ReviewInput, ReviewOptions, ReviewResult } from "./review/cli";
export type { ReviewDocument, ReviewSummary, StackSummary } from "./review/document";

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

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

export { DEFAULT_MAX_BYTES, parseArgs, runReview, USAGE } from "./review/cli";
export type { ReviewOptions, ReviewResult } from "./review/cli";
export { countSeverities, SEVERITIES } from "./review/changes";
export type { Change, ChangeDetail, ChangeTarget, MechanismName, PolicyRef, ReplaceReason, Severity, SeverityCounts, SubjectRef } from "./review/changes";
export { diffAccess } from "./review/diff";
export type { AccessDiff } from "./review/diff";
export { REVIEW_FORMAT_VERSION, reviewDocument } from "./review/document";
export type { ReviewDocument, ReviewSummary, StackSummary } from "./review/document";
export { readCdktfOut, ReviewError, synthOutput } from "./review/load";
export type { SynthOutput } from "./review/load";
export { FOLD_ROLES, renderMarkdown, REPORT_TITLE } from "./review/markdown";
export type { MarkdownOptions } from "./review/markdown";
export { MERMAID_LIMITS, mermaidChangeGraph, mermaidGraph, mermaidLabel } from "./review/mermaid";
export { buildAccessReport } from "./review/model";
export type {
  AccessReport,
  AudienceCondition,
  Carrier,
  CarrierKind,
  InfrastructureItem,
  Mechanism,
  PodIdentityPin,
  PodIdentityTrust,
  Policy,
  RoleAccess,
  RoleTrust,
  StackAccess,
  TrustedPrincipal,
  TrustedSubject,
} from "./review/report";

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

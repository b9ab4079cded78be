/**
 * The review as data: what `--format json` prints, and what the Markdown is rendered from.
 * The shape is versioned: a consumer checks `version` and refuses a version it does not know.
 */
import { type Change, countSeverities, type SeverityCounts } from "./changes";
import type { AccessDiff } from "./diff";
import type { AccessReport, Mechanism, StackAccess } from "./report";

/** The version of the JSON shape below. Additions of optional fields keep it; anything else bumps it. */
export const REVIEW_FORMAT_VERSION = 1;

/** One stack in a few numbers. */
export interface StackSummary {
  readonly name: string;
  /** Workload roles (IRSA, Pod Identity or kube2iam trust) and Fargate pod execution roles. */
  readonly roles: number;
  /** Workload roles by mechanism. */
  readonly mechanisms: { readonly [M in Mechanism]: number };
  /** Workload roles with kube2iam transitional trust. */
  readonly kube2iam: number;
  /** Service accounts annotated with a workload role of this stack (IRSA). */
  readonly serviceAccounts: number;
  readonly podIdentityAssociations: number;
  readonly addOns: number;
  /** Fargate pod execution roles among the roles, when there are any. */
  readonly fargatePodExecutionRoles?: number;
  /** EKS access entries (who can do what in the stack's clusters), when the stack has any. */
  readonly accessEntries?: number;
  /** The changes of this stack by severity (with a base). */
  readonly changes?: SeverityCounts;
}

/** The whole review in numbers. */
export interface ReviewSummary {
  readonly stacks: readonly StackSummary[];
  /** All changes by severity (with a base). */
  readonly changes?: SeverityCounts;
}

/** What `--format json` prints. */
export interface ReviewDocument {
  /** {@link REVIEW_FORMAT_VERSION}. */
  readonly version: typeof REVIEW_FORMAT_VERSION;
  /** Always `cdktf-eks-irsa-review`. */
  readonly tool: "cdktf-eks-irsa-review";
  readonly summary: ReviewSummary;
  /** The head (the change under review): every stack, workload role and carrier. */
  readonly report: AccessReport;
  /** With `--base`: the changes from the base to the head, sorted by stack, target, severity and type. */
  readonly changes?: readonly Change[];
}

function stackSummary(stack: StackAccess, changes: readonly Change[] | undefined): StackSummary {
  const mechanisms = { irsa: 0, podIdentity: 0, both: 0, none: 0 };
  const carriers = { serviceAccount: 0, podIdentityAssociation: 0, addOn: 0 };
  for (const role of stack.roles) {
    mechanisms[role.mechanism]++;
    for (const c of role.carriers) carriers[c.kind]++;
  }
  let counts: SeverityCounts | undefined;
  if (changes) counts = countSeverities(changes.filter((c) => c.target.stack === stack.name));
  const fargate = stack.roles.filter((r) => r.fargateProfiles !== undefined).length;
  return {
    name: stack.name,
    roles: stack.roles.length,
    mechanisms,
    kube2iam: stack.roles.filter((r) => r.kube2iam).length,
    serviceAccounts: carriers.serviceAccount,
    podIdentityAssociations: carriers.podIdentityAssociation,
    addOns: carriers.addOn,
    ...(fargate > 0 ? { fargatePodExecutionRoles: fargate } : {}),
    ...(stack.accessEntries && stack.accessEntries.length > 0 ? { accessEntries: stack.accessEntries.length } : {}),
    ...(counts ? { changes: counts } : {}),
  };
}

/** The review of a head report, and of its changes from a base when there is a diff. */
export function reviewDocument(report: AccessReport, diff?: AccessDiff): ReviewDocument {
  const summary: ReviewSummary = {
    stacks: report.stacks.map((s) => stackSummary(s, diff?.changes)),
    ...(diff ? { changes: diff.counts } : {}),
  };
  return { version: REVIEW_FORMAT_VERSION, tool: "cdktf-eks-irsa-review", summary, report, ...(diff ? { changes: diff.changes } : {}) };
}

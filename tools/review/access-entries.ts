import { asList, asObject, asString, asStrings, compare, type JsonObject, sortedUnique } from "./json";
import type { SynthOutput } from "./load";
import { clusterLabel, display, displayArn, roleLabel } from "./names";
import { blockOf, constructPath, isLiteral, refsIn } from "./refs";
import type { AccessEntryAccess, AccessPolicyGrant } from "./report";

/**
 * Who can do what in a cluster, read from the synthesized JSON: each `aws_eks_access_entry` with
 * the `aws_eks_access_policy_association`s of its principal (a policy and its scope), and policies
 * associated with a principal whose entry this output does not make.
 */

const ENTRY = "aws_eks_access_entry";
const ASSOCIATION = "aws_eks_access_policy_association";

/** How the review names the principal of the cluster creator's entry (the caller's session issuer). */
export const CREATOR_PRINCIPAL = "the cluster creator (whoever runs Terraform)";

/** The blocks of one type of a stack, as [logical id, body], in logical id order. */
function blocksOf(out: SynthOutput, stack: string, type: string): [string, JsonObject][] {
  const byName = asObject(asObject(out.stacks.get(stack)?.resource)?.[type]) ?? {};
  return Object.keys(byName)
    .sort(compare)
    .map((name): [string, JsonObject] => [name, asObject(byName[name]) ?? {}]);
}

/** A principal for a human: a literal ARN, the creator (the caller's identity), a role of the output by name, or the expression. */
function principalOf(out: SynthOutput, stack: string, raw: string): { label: string; creator: boolean } {
  if (isLiteral(raw)) return { label: raw, creator: false };
  const refs = refsIn(out, stack, raw);
  if (refs.some((r) => r.data && (r.type === "aws_iam_session_context" || r.type === "aws_caller_identity")))
    return { label: CREATOR_PRINCIPAL, creator: true };
  const role = refs.find((r) => r.type === "aws_iam_role" && !r.data);
  const name = role ? asString(blockOf(out, role)?.name) : undefined;
  // A role of the output by its name, even one only known at apply time (`KarpenterNodeRole-${...}`).
  if (name !== undefined) return { label: isLiteral(name) ? name : `role ${display(name)}`, creator: false };
  if (role) return { label: roleLabel(out, stack, raw), creator: false };
  return { label: displayArn(raw), creator: false };
}

/** The policy's name from its ARN (`arn:<partition>:eks::aws:cluster-access-policy/<name>`), else the ARN for display. */
function policyName(arn: string): string {
  return /:cluster-access-policy\/([A-Za-z0-9]+)$/.exec(arn)?.[1] ?? displayArn(arn);
}

/** The condition EksCluster gives the creator's entry: the cluster was created without EKS's bootstrap admin. */
export const WITHOUT_BOOTSTRAP = "the cluster was created without EKS's bootstrap admin";

/** A `count` for a human, when the block has one that is not a plain 1. */
function conditionOf(count: unknown): string | undefined {
  if (count === undefined || count === 1) return undefined;
  if (typeof count !== "string") return String(count);
  return /bootstrap_cluster_creator_admin_permissions \? 0 : 1\}$/.test(count) ? WITHOUT_BOOTSTRAP : display(count);
}

function grantOf(stack: string, logicalId: string, body: JsonObject): AccessPolicyGrant {
  const scope = asObject(body.access_scope) ?? asObject(asList(body.access_scope)[0]);
  const type = asString(scope?.type) ?? "?";
  return {
    key: `${stack}/${constructPath(stack, ASSOCIATION, logicalId, body)}`,
    logicalId,
    policy: policyName(asString(body.policy_arn) ?? "?"),
    scope: type,
    namespaces: type === "cluster" ? [] : sortedUnique(asStrings(scope?.namespaces).map(display)),
  };
}

interface EntryBuilder extends Omit<AccessEntryAccess, "policies"> {
  readonly policies: AccessPolicyGrant[];
  /** The raw `principal_arn` and `cluster_name`, to match associations that do not refer to the entry. */
  readonly rawPrincipal: string;
  readonly rawCluster: string;
}

/** The access entries of a stack, with the policies associated with their principals, sorted by path. */
export function accessEntriesOf(out: SynthOutput, stack: string): AccessEntryAccess[] {
  const entries = new Map<string, EntryBuilder>();
  const byLogicalId = new Map<string, EntryBuilder>();
  for (const [logicalId, body] of blocksOf(out, stack, ENTRY)) {
    const rawPrincipal = asString(body.principal_arn) ?? "?";
    const rawCluster = asString(body.cluster_name) ?? "?";
    const principal = principalOf(out, stack, rawPrincipal);
    const groups = asStrings(body.kubernetes_groups).map(display);
    const userName = asString(body.user_name);
    const conditional = conditionOf(body.count);
    const path = constructPath(stack, ENTRY, logicalId, body);
    const entry: EntryBuilder = {
      key: `${stack}/${path}`,
      stack,
      path,
      logicalId,
      cluster: clusterLabel(out, stack, rawCluster).label,
      principal: principal.label,
      creator: principal.creator,
      type: display(asString(body.type) ?? "STANDARD"),
      kubernetesGroups: sortedUnique(groups),
      ...(userName !== undefined ? { userName: display(userName) } : {}),
      policies: [],
      ...(conditional !== undefined ? { conditional } : {}),
      rawPrincipal,
      rawCluster,
    };
    entries.set(entry.key, entry);
    byLogicalId.set(logicalId, entry);
  }
  for (const [logicalId, body] of blocksOf(out, stack, ASSOCIATION)) {
    const rawPrincipal = asString(body.principal_arn) ?? "?";
    const rawCluster = asString(body.cluster_name) ?? "?";
    const ref = refsIn(out, stack, rawPrincipal).find((r) => r.type === ENTRY && !r.data && r.stack === stack);
    let entry = ref ? byLogicalId.get(ref.name) : undefined;
    entry ??= [...entries.values()].find((e) => e.rawPrincipal === rawPrincipal && e.rawCluster === rawCluster);
    if (!entry) {
      // A principal whose entry is made elsewhere: its policies still grant access here.
      const principal = principalOf(out, stack, rawPrincipal);
      const path = constructPath(stack, ASSOCIATION, logicalId, body);
      entry = {
        key: `${stack}/${path}`,
        stack,
        path,
        logicalId,
        cluster: clusterLabel(out, stack, rawCluster).label,
        principal: principal.label,
        creator: principal.creator,
        type: "STANDARD",
        kubernetesGroups: [],
        policies: [],
        madeElsewhere: true,
        rawPrincipal,
        rawCluster,
      };
      entries.set(entry.key, entry);
    }
    entry.policies.push(grantOf(stack, logicalId, body));
  }
  return [...entries.values()]
    .map(({ rawPrincipal: _p, rawCluster: _c, ...entry }) => ({ ...entry, policies: [...entry.policies].sort((a, b) => compare(a.policy, b.policy)) }))
    .sort((a, b) => compare(a.path, b.path));
}

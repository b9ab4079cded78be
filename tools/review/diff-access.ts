import type { AccessGrantRef, ReplaceReason } from "./changes";
import { type Finding, finding } from "./finding";
import { hasWildcard, sortedUnique } from "./json";
import type { AccessEntryAccess, AccessPolicyGrant } from "./report";

/**
 * The changes of one access entry from a base to a head: who gains or loses access to a cluster,
 * which access policies at which scope, and which Kubernetes groups. Widened: a new entry, policy,
 * namespace, cluster-wide scope or group; narrowed: the reverse.
 */

function grantRef(g: AccessPolicyGrant): AccessGrantRef {
  return { policy: g.policy, scope: g.scope, namespaces: g.namespaces };
}

/** Whether a grant reaches namespaces by pattern (EKS matches `*`) or everything at cluster scope with a `*` name. */
function patterned(namespaces: readonly string[]): boolean {
  return namespaces.some(hasWildcard);
}

/** How a base entry and a head entry were matched (see `pairUp` in diff.ts). */
export type AccessPairing = "key" | "movedInState" | "sameName";

/** Facts of a replacement: the Terraform addresses and keys of both sides, and whether a `moved` block moves one to the other. */
export interface AccessReplacement {
  readonly pairing: AccessPairing;
  readonly baseAddress: string;
  readonly headAddress: string;
  readonly movedInState: boolean;
}

function replacement(base: AccessEntryAccess, head: AccessEntryAccess, r: AccessReplacement): Finding[] {
  if (r.pairing === "movedInState" || (r.baseAddress !== r.headAddress && r.movedInState)) {
    return [finding("other", { type: "accessEntryMovedInState", before: r.baseAddress, after: r.headAddress })];
  }
  const replaced = (reason: ReplaceReason | "typeChanged", before: string, after: string) =>
    finding("replaced", { type: "accessEntryReplaced", reason, before, after });
  const out: Finding[] = [];
  if (r.pairing === "sameName") out.push(replaced("moved", base.key, head.key));
  else if (r.baseAddress !== r.headAddress) out.push(replaced("logicalIdChanged", r.baseAddress, r.headAddress));
  // EKS cannot change an entry's type: Terraform replaces it.
  if (base.type !== head.type) out.push(replaced("typeChanged", base.type, head.type));
  return out;
}

/** The findings of one access entry; `replacement` when both sides exist. */
export function diffAccessEntry(base: AccessEntryAccess | undefined, head: AccessEntryAccess | undefined, r?: AccessReplacement): Finding[] {
  if (head && !base) {
    const grants = head.policies.map(grantRef);
    return [
      finding(
        "widened",
        {
          type: "accessEntryAdded",
          cluster: head.cluster,
          entryType: head.type,
          grants,
          kubernetesGroups: head.kubernetesGroups,
          ...(head.conditional !== undefined ? { conditional: head.conditional } : {}),
        },
        grants.some((g) => patterned(g.namespaces)),
      ),
    ];
  }
  if (base && !head) {
    return [
      finding("narrowed", { type: "accessEntryRemoved", cluster: base.cluster, grants: base.policies.map(grantRef), kubernetesGroups: base.kubernetesGroups }),
    ];
  }
  if (!base || !head) return [];
  const out = r ? replacement(base, head, r) : [];
  const before = new Map(base.policies.map((g) => [g.policy, g]));
  const after = new Map(head.policies.map((g) => [g.policy, g]));
  for (const [policy, g] of after) {
    const was = before.get(policy);
    if (!was) {
      out.push(finding("widened", { type: "accessPolicyAdded", ...grantRef(g) }, patterned(g.namespaces)));
      continue;
    }
    if (was.scope === g.scope && was.namespaces.join("\u0000") === g.namespaces.join("\u0000")) continue;
    // `*` stands for the whole cluster: a scope that became cluster-wide adds it, one that narrowed to namespaces removes it.
    const newly = (now: AccessPolicyGrant, then: AccessPolicyGrant) =>
      now.scope === "cluster"
        ? then.scope === "cluster"
          ? []
          : ["*"]
        : then.scope === "cluster"
          ? []
          : now.namespaces.filter((n) => !then.namespaces.includes(n));
    const added = newly(g, was);
    const removed = newly(was, g);
    out.push(
      finding(
        added.length > 0 ? "widened" : "narrowed",
        {
          type: "accessScopeChanged",
          policy,
          before: { scope: was.scope, namespaces: was.namespaces },
          after: { scope: g.scope, namespaces: g.namespaces },
          added,
          removed,
        },
        patterned(added),
      ),
    );
  }
  for (const [policy, g] of before) if (!after.has(policy)) out.push(finding("narrowed", { type: "accessPolicyRemoved", ...grantRef(g) }));
  const groupsAdded = head.kubernetesGroups.filter((g) => !base.kubernetesGroups.includes(g));
  const groupsRemoved = base.kubernetesGroups.filter((g) => !head.kubernetesGroups.includes(g));
  if (groupsAdded.length > 0 || groupsRemoved.length > 0) {
    out.push(
      finding(groupsAdded.length > 0 ? "widened" : "narrowed", {
        type: "accessGroupsChanged",
        added: sortedUnique(groupsAdded),
        removed: sortedUnique(groupsRemoved),
      }),
    );
  }
  if (base.userName !== head.userName) {
    out.push(
      finding("other", {
        type: "accessUserNameChanged",
        ...(base.userName !== undefined ? { before: base.userName } : {}),
        ...(head.userName !== undefined ? { after: head.userName } : {}),
      }),
    );
  }
  if (base.conditional !== head.conditional) {
    out.push(
      finding("other", {
        type: "accessConditionChanged",
        ...(base.conditional !== undefined ? { before: base.conditional } : {}),
        ...(head.conditional !== undefined ? { after: head.conditional } : {}),
      }),
    );
  }
  return out;
}

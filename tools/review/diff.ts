import { type Change, type ChangeTarget, countSeverities, SEVERITIES, type SeverityCounts } from "./changes";
import { diffAccessEntry } from "./diff-access";
import { diffPermissions } from "./diff-permissions";
import { diffTrust } from "./diff-trust";
import { type Finding, finding } from "./finding";
import { compare } from "./json";
import type { AccessEntryAccess, AccessReport, Carrier, RoleAccess, StackAccess } from "./report";

/** The changes of workload access from a base to a head. */
export interface AccessDiff {
  /** Sorted by stack, target, severity (widened, replaced, narrowed, other), type. */
  readonly changes: readonly Change[];
  readonly counts: SeverityCounts;
  /** The base's role matched with each head role (by key, `moved` block or name), by the head role's key. */
  readonly baseRoles: ReadonlyMap<string, RoleAccess>;
}

/** A role of a report, and whether it is a workload role there (else one of the stack's other roles). */
interface RoleOf {
  readonly role: RoleAccess;
  readonly workload: boolean;
}

/** How a base and a head entry were matched. */
type Pairing = "key" | "movedInState" | "sameName";

interface Pair<T> {
  readonly base?: T;
  readonly head?: T;
  readonly pairing?: Pairing;
}

/** A role with no trust and no permissions: diffing a new role against it lists what it brings. */
function emptyRole(head: RoleAccess): RoleAccess {
  return { ...head, mechanism: "none", kube2iam: false, trust: { irsa: [], kube2iamNodeRoles: [], principals: [] }, policies: [], carriers: [] };
}

function roleTarget(role: RoleAccess): ChangeTarget {
  return { kind: "role", key: role.key, stack: role.stack, path: role.path, name: role.name };
}

function carrierTarget(c: Carrier): ChangeTarget {
  return { kind: c.kind, key: c.key, stack: c.stack, path: c.path, name: c.label };
}

/** Terraform's address of a resource. */
function address(type: string, logicalId: string): string {
  return `${type}.${logicalId}`;
}

/** A role or carrier without what is diffed apart (a role's carriers), as text: equal texts have no change. */
function fingerprint(value: RoleAccess | Carrier): string {
  if (!("carriers" in value)) return JSON.stringify(value);
  const { carriers: _carriers, ...rest } = value;
  return JSON.stringify(rest);
}

/** What {@link pairUp} needs to know of an entry. */
interface Pairable {
  readonly key: string;
  readonly stack: string;
  /** Terraform's address: `<type>.<logical id>`. */
  readonly address: string;
  /** What makes it the same thing outside Terraform (a role's name); undefined when nothing does. */
  readonly identity?: string;
}

/**
 * Matches base and head entries: by key first; then by a `moved` block of the head stack
 * (Terraform moves the resource, no replacement); then by identity when it is unique on both
 * sides (the same role name, the same service account), which Terraform sees as one resource
 * destroyed and another created.
 */
function pairUp<T>(head: AccessReport, base: ReadonlyMap<string, T>, now: ReadonlyMap<string, T>, facts: (t: T) => Pairable): Pair<T>[] {
  const pairs: Pair<T>[] = [];
  const baseLeft: T[] = [];
  for (const [key, b] of base) {
    const h = now.get(key);
    if (h !== undefined) pairs.push({ base: b, head: h, pairing: "key" });
    else baseLeft.push(b);
  }
  const headLeft = new Map<string, T>();
  const byAddress = new Map<string, string>();
  const byIdentity = new Map<string, string[]>();
  for (const [key, h] of now) {
    if (base.has(key)) continue;
    headLeft.set(key, h);
    const f = facts(h);
    byAddress.set(`${f.stack} ${f.address}`, key);
    if (f.identity !== undefined) byIdentity.set(f.identity, [...(byIdentity.get(f.identity) ?? []), key]);
  }
  const moved = new Map(head.stacks.map((s) => [s.name, s.moved]));
  const unpaired: T[] = [];
  for (const b of baseLeft) {
    const f = facts(b);
    const to = moved.get(f.stack)?.[f.address];
    const key = to !== undefined ? byAddress.get(`${f.stack} ${to}`) : undefined;
    const h = key !== undefined ? headLeft.get(key) : undefined;
    if (h === undefined) {
      unpaired.push(b);
      continue;
    }
    headLeft.delete(key!);
    pairs.push({ base: b, head: h, pairing: "movedInState" });
  }
  const baseIdentities = new Map<string, number>();
  for (const b of unpaired) {
    const id = facts(b).identity;
    if (id !== undefined) baseIdentities.set(id, (baseIdentities.get(id) ?? 0) + 1);
  }
  for (const b of unpaired) {
    const id = facts(b).identity;
    const keys = id !== undefined && baseIdentities.get(id) === 1 ? byIdentity.get(id)?.filter((k) => headLeft.has(k)) : undefined;
    if (keys?.length === 1) {
      pairs.push({ base: b, head: headLeft.get(keys[0])!, pairing: "sameName" });
      headLeft.delete(keys[0]);
    } else {
      pairs.push({ base: b });
    }
  }
  for (const h of headLeft.values()) pairs.push({ head: h });
  return pairs;
}

function stackOf(report: AccessReport, name: string): StackAccess | undefined {
  return report.stacks.find((s) => s.name === name);
}

/** Whether the head stack's `moved` blocks move the base resource's address to the head's. */
function movedInState(head: AccessReport, base: Pairable, to: Pairable): boolean {
  return base.stack === to.stack && stackOf(head, to.stack)?.moved[base.address] === to.address;
}

function roleFacts(r: RoleOf): Pairable {
  // A role without a name gets one from Terraform: no identity.
  return {
    key: r.role.key,
    stack: r.role.stack,
    address: address("aws_iam_role", r.role.logicalId),
    identity: r.role.name !== r.role.path ? r.role.name : undefined,
  };
}

/** What makes a carrier the same one in Kubernetes or EKS: a service account's namespace and name, an association's cluster, namespace and name. */
function carrierIdentity(c: Carrier): string {
  return c.kind === "podIdentityAssociation" ? `${c.kind} ${c.cluster} ${c.label}` : `${c.kind} ${c.stack} ${c.label}`;
}

function carrierFacts(c: Carrier): Pairable {
  return { key: c.key, stack: c.stack, address: address(c.type, c.logicalId), identity: carrierIdentity(c) };
}

/**
 * Replacement findings of a matched pair: a new address without a `moved` block, a construct
 * moved. `before`/`after` are keys for a moved construct, Terraform addresses for a new address.
 */
function replacement(pairing: Pairing, base: Pairable, head: Pairable, type: "role" | "carrier", moved: boolean): Finding[] {
  const [replaced, inState] = type === "role" ? (["roleReplaced", "roleMovedInState"] as const) : (["carrierReplaced", "carrierMovedInState"] as const);
  if (pairing === "movedInState") return [finding("other", { type: inState, before: base.address, after: head.address })];
  if (pairing === "sameName") return [finding("replaced", { type: replaced, reason: "moved", before: base.key, after: head.key })];
  if (base.address === head.address) return [];
  if (moved) return [finding("other", { type: inState, before: base.address, after: head.address })];
  return [finding("replaced", { type: replaced, reason: "logicalIdChanged", before: base.address, after: head.address })];
}

function diffRole(pair: Pair<RoleOf>, head: AccessReport): Finding[] {
  const base = pair.base?.role;
  const now = pair.head?.role;
  // Roles that are workload roles on neither side are no business of this review.
  if (!pair.base?.workload && !pair.head?.workload) return [];
  if (now && !base) {
    // A new role is new access; its wildcards are worth a finding each.
    const wildcards = [...diffTrust(emptyRole(now), now), ...diffPermissions(emptyRole(now), now)].filter((c) => c.wildcard);
    return [finding("widened", { type: "roleAdded", mechanism: now.mechanism, kube2iam: now.kube2iam }), ...wildcards];
  }
  if (base && !now) return [finding("narrowed", { type: "roleRemoved", role: base })];
  if (!base || !now) return [];
  const [was, is] = [roleFacts(pair.base!), roleFacts(pair.head!)];
  const changes = replacement(pair.pairing!, was, is, "role", movedInState(head, was, is));
  if (base.name !== now.name) changes.push(finding("replaced", { type: "roleReplaced", reason: "renamed", before: base.name, after: now.name }));
  if (pair.pairing === "key" && pair.base!.workload === pair.head!.workload && fingerprint(base) === fingerprint(now)) return changes;
  changes.push(...diffTrust(base, now), ...diffPermissions(base, now));
  if (pair.base?.workload && !pair.head?.workload) changes.push(finding("other", { type: "workloadTrustLost", principals: now.trust.principals }));
  if (!pair.base?.workload && pair.head?.workload) changes.push(finding("other", { type: "workloadTrustGained", mechanism: now.mechanism }));
  return changes;
}

function diffCarrier(pair: Pair<Carrier>, head: AccessReport, roleMap: ReadonlyMap<string, string>, roleNames: ReadonlyMap<string, string>): Finding[] {
  const { base, head: now } = pair;
  const grants = (base ?? now)!.kind === "podIdentityAssociation";
  const roleOf = (c: Carrier, mapped: boolean) => {
    const key = c.roleKey !== undefined && mapped ? (roleMap.get(c.roleKey) ?? c.roleKey) : c.roleKey;
    return key ?? c.roleExpression;
  };
  const roleName = (c: Carrier) => (c.roleKey !== undefined ? (roleNames.get(c.roleKey) ?? c.roleExpression) : c.roleExpression);
  const trusted = (c: Carrier) => (c.trusted !== undefined ? { trusted: c.trusted } : {});
  if (now && !base) return [finding(grants ? "widened" : "other", { type: "carrierAdded", role: roleName(now), ...trusted(now) })];
  if (base && !now) return [finding(grants ? "narrowed" : "other", { type: "carrierRemoved", role: roleName(base) })];
  if (!base || !now) return [];
  if (pair.pairing === "key" && fingerprint(base) === fingerprint(now)) return [];
  const [was, is] = [carrierFacts(base), carrierFacts(now)];
  const changes = replacement(pair.pairing!, was, is, "carrier", movedInState(head, was, is));
  if (carrierIdentity(base) !== carrierIdentity(now)) {
    const label = (c: Carrier) => (c.cluster !== undefined ? `${c.cluster}: ${c.label}` : c.label);
    changes.push(finding("replaced", { type: "carrierReplaced", reason: "renamed", before: label(base), after: label(now) }));
  }
  if (roleOf(base, true) !== roleOf(now, false)) {
    changes.push(finding(grants ? "widened" : "other", { type: "carrierRoleChanged", before: roleName(base), after: roleName(now), ...trusted(now) }));
  }
  if (base.targetRoleArn !== now.targetRoleArn) {
    const detail = {
      type: "associationTargetChanged" as const,
      ...(base.targetRoleArn ? { before: base.targetRoleArn } : {}),
      ...(now.targetRoleArn ? { after: now.targetRoleArn } : {}),
    };
    changes.push(finding(now.targetRoleArn !== undefined ? "widened" : "narrowed", detail));
  }
  const sessionPolicy = sessionPolicyChange(base, now);
  if (sessionPolicy) changes.push(sessionPolicy);
  if (base.disableSessionTags !== now.disableSessionTags) {
    const detail = {
      type: "associationSessionTagsChanged" as const,
      ...(base.disableSessionTags !== undefined ? { before: base.disableSessionTags } : {}),
      ...(now.disableSessionTags !== undefined ? { after: now.disableSessionTags } : {}),
    };
    changes.push(finding("other", detail));
  }
  return changes;
}

function accessEntryTarget(e: AccessEntryAccess): ChangeTarget {
  return { kind: "accessEntry", key: e.key, stack: e.stack, path: e.path, name: e.principal };
}

/** What makes an access entry the same one in EKS: its cluster and principal (EKS allows one entry per principal). */
function accessEntryFacts(e: AccessEntryAccess): Pairable {
  const type = e.madeElsewhere ? "aws_eks_access_policy_association" : "aws_eks_access_entry";
  return { key: e.key, stack: e.stack, address: address(type, e.logicalId), identity: `accessEntry ${e.cluster} ${e.principal}` };
}

/** The Allow grants of a session policy, as `<action> on <resource>`. */
function sessionGrants(c: Carrier): string[] {
  return (c.sessionPolicy?.statements ?? [])
    .filter((s) => s.effect === "Allow")
    .flatMap((s) => s.actions.flatMap((a) => s.resources.map((r) => `${a} on ${r}`)));
}

/** How an association's session policy changed: it only ever narrows what the role gives, so losing it widens. */
function sessionPolicyChange(base: Carrier, now: Carrier): Finding | undefined {
  if (base.sessionPolicy === undefined && now.sessionPolicy === undefined) return undefined;
  if (base.sessionPolicy === undefined) return finding("narrowed", { type: "associationSessionPolicyChanged", change: "added", added: [] });
  if (now.sessionPolicy === undefined) return finding("widened", { type: "associationSessionPolicyChanged", change: "removed", added: [] });
  if (JSON.stringify(base.sessionPolicy) === JSON.stringify(now.sessionPolicy)) return undefined;
  const before = new Set(sessionGrants(base));
  const added = sessionGrants(now).filter((g) => !before.has(g));
  // A policy that cannot be read may allow anything.
  const widened = added.length > 0 || now.sessionPolicy.unreadable !== undefined;
  return finding(widened ? "widened" : "narrowed", { type: "associationSessionPolicyChanged", change: "changed", added: [...new Set(added)].sort() });
}

function compareChanges(a: Change, b: Change): number {
  return (
    compare(a.target.stack, b.target.stack) ||
    compare(a.target.key, b.target.key) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    compare(a.type, b.type) ||
    compare(JSON.stringify(a), JSON.stringify(b))
  );
}

/**
 * The changes of workload access from `base` to `head`. Roles, carriers and access entries are
 * matched by stack name and construct path, which survive reordering and unrelated additions; what
 * is left is matched by a `moved` block (no replacement) or by name (a replacement: Terraform
 * destroys one and creates the other).
 */
export function diffAccess(base: AccessReport, head: AccessReport): AccessDiff {
  const changes: Change[] = [];
  const roles = (report: AccessReport) =>
    new Map(
      report.stacks.flatMap((s) => [
        ...s.otherRoles.map((role): [string, RoleOf] => [role.key, { role, workload: false }]),
        ...s.roles.map((role): [string, RoleOf] => [role.key, { role, workload: true }]),
      ]),
    );
  const rolePairs = pairUp(head, roles(base), roles(head), roleFacts);
  const roleMap = new Map<string, string>();
  const baseRoles = new Map<string, RoleAccess>();
  const roleNames = new Map<string, string>();
  for (const pair of rolePairs) for (const r of [pair.base, pair.head]) if (r) roleNames.set(r.role.key, r.role.name);
  for (const pair of rolePairs) {
    if (pair.base && pair.head) {
      roleMap.set(pair.base.role.key, pair.head.role.key);
      baseRoles.set(pair.head.role.key, pair.base.role);
    }
    const { role } = (pair.head ?? pair.base)!;
    for (const f of diffRole(pair, head)) changes.push({ ...f, target: roleTarget(role) });
  }

  const carriers = (report: AccessReport) => {
    const all = new Map<string, Carrier>();
    for (const stack of report.stacks) {
      for (const role of [...stack.roles, ...stack.otherRoles]) for (const c of role.carriers) all.set(c.key, c);
      for (const c of stack.strayCarriers) all.set(c.key, c);
    }
    return all;
  };
  const carrierPairs = pairUp(head, carriers(base), carriers(head), carrierFacts);
  for (const pair of carrierPairs) {
    const carrier = (pair.head ?? pair.base)!;
    for (const f of diffCarrier(pair, head, roleMap, roleNames)) changes.push({ ...f, target: carrierTarget(carrier) });
  }

  // Who can do what in the clusters: access entries, matched like roles.
  const entries = (report: AccessReport) => new Map(report.stacks.flatMap((s) => (s.accessEntries ?? []).map((e): [string, AccessEntryAccess] => [e.key, e])));
  for (const pair of pairUp(head, entries(base), entries(head), accessEntryFacts)) {
    const entry = (pair.head ?? pair.base)!;
    const facts = pair.base && pair.head ? ([accessEntryFacts(pair.base), accessEntryFacts(pair.head)] as const) : undefined;
    const replacement = facts && {
      pairing: pair.pairing!,
      baseAddress: facts[0].address,
      headAddress: facts[1].address,
      movedInState: movedInState(head, facts[0], facts[1]),
    };
    if (pair.pairing === "key" && JSON.stringify(pair.base) === JSON.stringify(pair.head)) continue;
    for (const f of diffAccessEntry(pair.base, pair.head, replacement)) changes.push({ ...f, target: accessEntryTarget(entry) });
  }
  changes.sort(compareChanges);
  return { changes, counts: countSeverities(changes), baseRoles };
}

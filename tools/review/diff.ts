import { compare, globMatches, hasWildcard, sortedUnique } from "./json";
import { code, codeList } from "./md";
import type { AccessReport, Carrier, Policy, RoleAccess, TrustedSubject } from "./model";
import { conditionText } from "./policy";

/** How a change affects access. Only `widened` fails `--fail-on-widen`. */
export type FindingKind = "widened" | "added" | "removed" | "narrowed" | "changed";

/** One change between the base and the head. */
export interface Finding {
  readonly stack: string;
  /** What changed, in Markdown: a role or a service account. */
  readonly target: string;
  /** The identity of what changed (`<stack>/<construct path>`), for a stable order. */
  readonly key: string;
  readonly kind: FindingKind;
  /** The change, in Markdown. */
  readonly text: string;
  /** Whether it brings in a wildcard (`*`, `?`, NotAction, any subject). */
  readonly wildcard: boolean;
}

/** The changes of IRSA access from a base to a head. */
export interface AccessDiff {
  /** Sorted by stack, then by what changed. */
  readonly findings: readonly Finding[];
  /** How many findings widen access. */
  readonly widened: number;
}

type Change = Omit<Finding, "stack" | "target" | "key">;

const KIND_ORDER: readonly FindingKind[] = ["widened", "added", "removed", "narrowed", "changed"];

function change(kind: FindingKind, text: string, wildcard = false): Change {
  return { kind, text: wildcard ? `**wildcard:** ${text}` : text, wildcard };
}

/** Whether an action is a wildcard pattern or a NotAction entry. */
function isBroadAction(action: string): boolean {
  return hasWildcard(action) || action.startsWith("NOT ");
}

/**
 * Whether a resource reaches beyond named resources: `*`, NotResource, or a wildcard in the ARN's
 * service, region or account, or in what names the resource (the bucket of an S3 ARN, the type
 * and id of others: `arn:aws:s3:::team-*`, `table/*`). A wildcard only below a named resource
 * (`arn:aws:s3:::reports/*`, `table/orders/index/*`) scopes rather than widens, and flagging it in
 * every bucket policy would drown the real wildcards. It is still reported as a new resource.
 */
export function isBroadResource(resource: string): boolean {
  if (resource.startsWith("NOT ")) return true;
  if (!hasWildcard(resource)) return false;
  const fields = resource.split(":");
  if (fields[0] !== "arn" || fields.length < 6) return true;
  const segments = fields.slice(5).join(":").split(/[/:]/);
  const naming = segments.slice(0, fields[2] === "s3" ? 1 : 2);
  return fields.slice(2, 5).some(hasWildcard) || naming.some((s) => s === "" || hasWildcard(s));
}

// ---- trust --------------------------------------------------------------------------------------

/** A subject for a human: `<namespace>/<name>` of a service account, else the raw `sub`. */
export function subjectLabel(t: TrustedSubject): string {
  return t.namespace !== undefined && t.serviceAccount !== undefined ? `${t.namespace}/${t.serviceAccount}` : t.subject;
}

function subjectText(t: TrustedSubject): string {
  return t.match === "any" ? `any service account of cluster ${code(t.cluster)}` : `${code(subjectLabel(t))} in cluster ${code(t.cluster)} (${t.match})`;
}

function isLike(match: string): boolean {
  return match.includes("Like");
}

/** Whether a subject is a pattern that matches more than one service account. */
function subjectIsWild(t: TrustedSubject): boolean {
  return t.match === "any" || (isLike(t.match) && hasWildcard(t.subject));
}

function diffTrust(base: RoleAccess, head: RoleAccess): Change[] {
  const changes: Change[] = [];
  const id = (t: TrustedSubject) => `${t.cluster}\n${t.subject}`;
  const before = new Map(base.trust.map((t) => [id(t), t]));
  const after = new Map(head.trust.map((t) => [id(t), t]));
  const clusters = new Set(base.trust.map((t) => t.cluster));
  for (const t of head.trust) {
    const old = before.get(id(t));
    const wild = subjectIsWild(t);
    if (!old) {
      // A subject some base pattern already matched adds nobody.
      const covered = base.trust.some((b) => b.cluster === t.cluster && (b.match === "any" || (isLike(b.match) && globMatches(b.subject, t.subject))));
      if (covered && !wild) changes.push(change("changed", `trust now lists ${subjectText(t)}, which a pattern already matched`));
      else if (clusters.size > 0 && !clusters.has(t.cluster)) changes.push(change("widened", `trust: a new cluster is trusted: ${subjectText(t)}`, wild));
      else if (t.match === "any") changes.push(change("widened", `trust: ${subjectText(t)} may assume the role (no \`sub\` condition)`, true));
      else changes.push(change("widened", `trust: new subject ${subjectText(t)}`, wild));
    } else if (old.match !== t.match) {
      const widened = !isLike(old.match) && isLike(t.match);
      const text = `trust: ${code(subjectLabel(t))} in cluster ${code(t.cluster)} now matched with ${t.match} (was ${old.match})`;
      changes.push(change(widened ? "widened" : "changed", text, widened && wild));
    }
  }
  for (const t of base.trust) {
    if (!after.has(id(t))) changes.push(change("narrowed", `trust: no longer trusts ${subjectText(t)}`));
  }
  for (const note of head.trustNotes) if (!base.trustNotes.includes(note)) changes.push(change("widened", `trust: ${note}`));
  for (const note of base.trustNotes) if (!head.trustNotes.includes(note)) changes.push(change("narrowed", `trust no longer: ${note}`));
  return changes;
}

// ---- permissions --------------------------------------------------------------------------------

/** One action on one resource under a set of conditions, from one policy. */
interface Grant {
  readonly effect: "Allow" | "Deny";
  readonly action: string;
  readonly resource: string;
  readonly conditions: readonly string[];
  readonly policy: string;
}

function policyLabel(p: Policy): string {
  return `${p.kind === "customer" ? "policy" : "inline policy"} ${code(p.name)}`;
}

function grantsOf(role: RoleAccess): Grant[] {
  const grants: Grant[] = [];
  for (const p of role.policies) {
    for (const s of p.document?.statements ?? []) {
      const conditions = sortedUnique(s.conditions.map(conditionText));
      for (const action of s.actions) {
        for (const resource of s.resources.length > 0 ? s.resources : ["(no resource)"]) {
          grants.push({ effect: s.effect, action, resource, conditions, policy: policyLabel(p) });
        }
      }
    }
  }
  return grants;
}

/** Whether grant `b` allows at least everything `g` does: its patterns match, and it asks no condition `g` lacks. */
function covers(b: Grant, g: Grant): boolean {
  return (
    globMatches(b.action, g.action, true) && globMatches(b.resource, g.resource) && b.conditions.every((c) => g.conditions.includes(c))
  );
}

/** Groups grants by action (case-insensitive, as IAM reads actions). */
function byAction(grants: readonly Grant[]): Map<string, Grant[]> {
  const groups = new Map<string, Grant[]>();
  for (const g of [...grants].sort((a, b) => compare(a.action, b.action))) {
    const key = g.action.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), g]);
  }
  return groups;
}

function resourcesOf(grants: readonly Grant[]): string[] {
  return sortedUnique(grants.map((g) => g.resource));
}

function policiesOf(grants: readonly Grant[]): string {
  return sortedUnique(grants.map((g) => g.policy)).join(", ");
}

/** Actions that share the same resources and policies, so that one line can name them all. */
interface ActionGroup {
  readonly actions: string[];
  readonly resources: readonly string[];
  readonly policies: string;
}

/** Groups grants by action, then actions with the same resources and policies, in a stable order. */
function groupActions(grants: readonly Grant[]): ActionGroup[] {
  const groups = new Map<string, ActionGroup>();
  for (const forAction of byAction(grants).values()) {
    const resources = resourcesOf(forAction);
    const policies = policiesOf(forAction);
    const key = `${resources.join("\n")}\n\n${policies}`;
    const group = groups.get(key);
    if (group) group.actions.push(forAction[0].action);
    else groups.set(key, { actions: [forAction[0].action], resources, policies });
  }
  return [...groups.values()];
}

/** The Allow grants of the head that no base grant covers: new actions, new resources, fewer conditions. */
function widenedAllows(base: readonly Grant[], head: readonly Grant[]): Change[] {
  const uncovered = head.filter((g) => !base.some((b) => covers(b, g)));
  const actionKnown = (g: Grant) => base.some((b) => globMatches(b.action, g.action, true));
  const resourceKnown = (g: Grant) => base.some((b) => globMatches(b.action, g.action, true) && globMatches(b.resource, g.resource));
  const newActions = uncovered.filter((g) => !actionKnown(g));
  const newResources = uncovered.filter((g) => actionKnown(g) && !resourceKnown(g));
  const looser = uncovered.filter((g) => actionKnown(g) && resourceKnown(g));
  const s = (g: ActionGroup) => (g.actions.length === 1 ? "" : "s");
  return [
    ...groupActions(newActions).map((g) =>
      change(
        "widened",
        `permissions: new action${s(g)} ${codeList(g.actions)} on ${codeList(g.resources)} (${g.policies})`,
        g.actions.some(isBroadAction) || g.resources.some(isBroadResource),
      ),
    ),
    ...groupActions(newResources).map((g) =>
      change("widened", `permissions: ${codeList(g.actions)} now also on ${codeList(g.resources)} (${g.policies})`, g.resources.some(isBroadResource)),
    ),
    ...groupActions(looser).map((g) =>
      change("widened", `permissions: ${codeList(g.actions)} on ${codeList(g.resources)} now with fewer or other conditions (${g.policies})`),
    ),
  ];
}

/** Grants of `from` that `to` does not have exactly, with the same resources grouped into one change. */
function missing(from: readonly Grant[], to: readonly Grant[], describe: (actions: string, resources: string) => Change): Change[] {
  const key = (g: Grant) => `${g.action.toLowerCase()}\n${g.resource}\n${g.conditions.join("\n")}`;
  const present = new Set(to.map(key));
  return groupActions(from.filter((g) => !present.has(key(g)))).map((g) => describe(codeList(g.actions), codeList(g.resources)));
}

function diffPermissions(base: RoleAccess, head: RoleAccess): Change[] {
  const changes: Change[] = [];
  const managed = (r: RoleAccess) => r.policies.filter((p) => p.kind === "managed").map((p) => p.name);
  for (const arn of managed(head)) if (!managed(base).includes(arn)) changes.push(change("widened", `permissions: new managed policy ${code(arn)}`));
  for (const arn of managed(base)) if (!managed(head).includes(arn)) changes.push(change("narrowed", `permissions: managed policy ${code(arn)} detached`));

  const named = (r: RoleAccess) => new Map(r.policies.filter((p) => p.kind !== "managed").map((p) => [`${p.kind} ${p.name}`, p]));
  const before = named(base);
  const after = named(head);
  for (const [id, p] of after) {
    const old = before.get(id);
    if (!old) changes.push(change("changed", `${policyLabel(p)} added`));
    // What cannot be read cannot be judged: flag it, so that a person reads it.
    if (p.document?.unreadable !== undefined && old?.document?.unreadable !== p.document.unreadable) {
      changes.push(change("widened", `permissions: ${policyLabel(p)} cannot be read here (${code(p.document.unreadable)}): review it by hand`));
    }
  }
  for (const [id, p] of before) if (!after.has(id)) changes.push(change("changed", `${policyLabel(p)} removed`));

  const grants = (r: RoleAccess, effect: "Allow" | "Deny") => grantsOf(r).filter((g) => g.effect === effect);
  const baseAllow = grants(base, "Allow");
  const headAllow = grants(head, "Allow");
  changes.push(...widenedAllows(baseAllow, headAllow));
  changes.push(
    ...missing(baseAllow.filter((b) => !headAllow.some((h) => covers(h, b))), [], (a, r) =>
      change("narrowed", `permissions: no longer allows ${a} on ${r}`),
    ),
  );
  changes.push(...missing(grants(base, "Deny"), grants(head, "Deny"), (a, r) => change("widened", `permissions: Deny of ${a} on ${r} removed`)));
  changes.push(...missing(grants(head, "Deny"), grants(base, "Deny"), (a, r) => change("narrowed", `permissions: new Deny of ${a} on ${r}`)));

  if (base.permissionsBoundary !== head.permissionsBoundary) {
    if (head.permissionsBoundary === undefined) {
      changes.push(change("widened", `permissions boundary ${code(base.permissionsBoundary!)} removed`));
    } else if (base.permissionsBoundary === undefined) {
      changes.push(change("narrowed", `permissions boundary ${code(head.permissionsBoundary)} added`));
    } else {
      changes.push(change("changed", `permissions boundary now ${code(head.permissionsBoundary)} (was ${code(base.permissionsBoundary)})`));
    }
  }
  return changes;
}

// ---- roles and carriers -------------------------------------------------------------------------

/** A role with no trust and no permissions: diffing a new role against it lists what it brings. */
function emptyRole(head: RoleAccess): RoleAccess {
  return { ...head, trust: [], trustNotes: [], policies: [], permissionsBoundary: head.permissionsBoundary, carriers: [] };
}

function roleTarget(role: RoleAccess): string {
  return `role ${code(role.name)} (${code(role.path)})`;
}

/** A one-line summary of a new role: who may assume it, and what it may do. */
function newRoleText(role: RoleAccess): string {
  const who = role.trust.length > 0 ? role.trust.map(subjectText).join("; ") : "nobody readable (see the trust notes)";
  const managed = role.policies.filter((p) => p.kind === "managed").map((p) => p.name);
  const actions = sortedUnique(grantsOf(role).filter((g) => g.effect === "Allow").map((g) => g.action));
  const can = [
    ...(managed.length > 0 ? [`managed ${codeList(managed)}`] : []),
    ...(actions.length > 0 ? [`actions ${codeList(actions)}`] : []),
  ];
  return `new role, assumable by ${who}; grants ${can.length > 0 ? can.join(", ") : "no permissions"}`;
}

function diffRoles(base: RoleAccess | undefined, head: RoleAccess | undefined): Change[] {
  if (head && !base) {
    // A new role is new access; its wildcards are worth a line each.
    const wildcards = [...diffTrust(emptyRole(head), head), ...diffPermissions(emptyRole(head), head)].filter((c) => c.wildcard);
    return [change("widened", newRoleText(head)), ...wildcards];
  }
  if (base && !head) {
    const who = base.trust.length > 0 ? base.trust.map(subjectText).join("; ") : "nobody readable";
    return [change("removed", `the role is gone; it was assumable by ${who}`)];
  }
  if (!base || !head) return [];
  const changes = [...diffTrust(base, head), ...diffPermissions(base, head)];
  if (base.name !== head.name) changes.push(change("changed", `renamed from ${code(base.name)} (IAM replaces the role)`));
  return changes;
}

interface CarrierOf {
  readonly carrier: Carrier;
  /** The role's identity, or the raw expression of a role not in the output. */
  readonly roleKey: string;
  readonly roleName: string;
}

function carriersOf(report: AccessReport): Map<string, CarrierOf> {
  const carriers = new Map<string, CarrierOf>();
  for (const stack of report.stacks) {
    for (const role of stack.roles) for (const c of role.carriers) carriers.set(c.key, { carrier: c, roleKey: role.key, roleName: role.name });
    for (const c of stack.strayCarriers) carriers.set(c.key, { carrier: c, roleKey: c.roleExpression, roleName: c.roleExpression });
  }
  return carriers;
}

function carrierTarget(c: Carrier): string {
  return `${c.kind} ${code(c.label)}`;
}

function diffCarriers(base: CarrierOf | undefined, head: CarrierOf | undefined): Change[] {
  const untrusted = head?.carrier.trusted === false ? " — **not trusted by the role's trust policy: its pods will be denied**" : "";
  if (head && !base) return [change("added", `carries role ${code(head.roleName)}${untrusted}`)];
  if (base && !head) return [change("removed", `carried role ${code(base.roleName)}`)];
  if (base && head && base.roleKey !== head.roleKey) {
    return [change("changed", `now carries role ${code(head.roleName)} (was ${code(base.roleName)})${untrusted}`)];
  }
  return [];
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compare(a.stack, b.stack) ||
    compare(a.key, b.key) ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    compare(a.text, b.text)
  );
}

/**
 * The changes of IRSA access from `base` to `head`. Roles and carriers are matched by stack name
 * and construct path, which survive reordering and unrelated additions, unlike logical ids of
 * renamed constructs or positions in a list.
 */
export function diffAccess(base: AccessReport, head: AccessReport): AccessDiff {
  const findings: Finding[] = [];
  const roles = (report: AccessReport) => new Map(report.stacks.flatMap((s) => s.roles.map((r): [string, RoleAccess] => [r.key, r])));
  const baseRoles = roles(base);
  const headRoles = roles(head);
  for (const key of sortedUnique([...baseRoles.keys(), ...headRoles.keys()])) {
    const role = (headRoles.get(key) ?? baseRoles.get(key))!;
    for (const c of diffRoles(baseRoles.get(key), headRoles.get(key))) findings.push({ ...c, stack: role.stack, key, target: roleTarget(role) });
  }
  const baseCarriers = carriersOf(base);
  const headCarriers = carriersOf(head);
  for (const key of sortedUnique([...baseCarriers.keys(), ...headCarriers.keys()])) {
    const { carrier } = (headCarriers.get(key) ?? baseCarriers.get(key))!;
    for (const c of diffCarriers(baseCarriers.get(key), headCarriers.get(key))) {
      findings.push({ ...c, stack: carrier.stack, key, target: carrierTarget(carrier) });
    }
  }
  findings.sort(compareFindings);
  return { findings, widened: findings.filter((f) => f.kind === "widened").length };
}

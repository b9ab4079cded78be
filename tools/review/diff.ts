import { compare, globMatches, hasWildcard, sortedUnique } from "./json";
import { code, codeList } from "./md";
import type { AccessReport, Carrier, Policy, RoleAccess, TrustedPrincipal, TrustedSubject } from "./model";
import { audienceNote } from "./model";
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

/** A subject without its cluster, for a finding that names the cluster once. */
function subjectOnlyText(t: TrustedSubject): string {
  return t.match === "any" ? "any service account (no `sub` condition)" : `${code(subjectLabel(t))} (${t.match})`;
}

function isLike(match: string): boolean {
  return match.includes("Like");
}

/** Whether a subject is a pattern that matches more than one service account. */
function subjectIsWild(t: TrustedSubject): boolean {
  return t.match === "any" || (isLike(t.match) && hasWildcard(t.subject));
}

/** The audience that EKS-projected tokens carry for STS, which an IRSA trust statement pins. */
const STS_AUDIENCE = "sts.amazonaws.com";

/** The trust of a role through one OIDC provider: its cluster, subjects and audiences. */
interface ProviderTrust {
  readonly provider: string;
  readonly cluster: string;
  readonly subjects: TrustedSubject[];
  /** Whether every statement for this provider has an `aud` condition. */
  readonly pinned: boolean;
  /** The audiences its `aud` conditions name. */
  readonly audiences: readonly string[];
  /** The operators of its `aud` conditions. */
  readonly matches: readonly string[];
}

/** What an IRSA trust statement written by the modules accepts: `aud` StringEquals `sts.amazonaws.com`. */
const PINNED_TO_STS = { pinned: true, audiences: [STS_AUDIENCE], matches: ["StringEquals"] };

function providerTrusts(role: RoleAccess): Map<string, ProviderTrust> {
  const byProvider = new Map<string, TrustedSubject[]>();
  for (const t of role.trust) byProvider.set(t.provider, [...(byProvider.get(t.provider) ?? []), t]);
  const trusts = new Map<string, ProviderTrust>();
  for (const [provider, subjects] of byProvider) {
    const conditions = subjects.flatMap((t) => t.audiences);
    trusts.set(provider, {
      provider,
      cluster: subjects[0].cluster,
      subjects,
      pinned: subjects.every((t) => t.audiences.length > 0),
      audiences: sortedUnique(conditions.flatMap((c) => c.values)),
      matches: sortedUnique(conditions.map((c) => c.match)),
    });
  }
  return trusts;
}

/** An OIDC provider for a human: its cluster, and the provider itself when it names more than the cluster. */
function providerText(p: ProviderTrust): string {
  return p.cluster === p.provider ? `OIDC provider ${code(p.provider)}` : `cluster ${code(p.cluster)} (OIDC provider ${code(p.provider)})`;
}

/**
 * The `aud` changes of a provider's trust statements: no `aud` condition any more, a new audience,
 * an operator turned StringLike widen; the reverse narrows. A provider new to the role is compared
 * with what the modules write: StringEquals `sts.amazonaws.com`.
 */
function diffAudiences(base: Pick<ProviderTrust, "pinned" | "audiences" | "matches">, head: ProviderTrust, isNew: boolean): Change[] {
  const changes: Change[] = [];
  const where = `for ${providerText(head)}`;
  if (!head.pinned) {
    if (base.pinned) {
      const text = isNew ? `no \`aud\` condition ${where}` : `\`aud\` condition removed ${where}`;
      changes.push(change("widened", `trust: ${text}: tokens minted for any audience are accepted`));
    }
    return changes;
  }
  if (!base.pinned) {
    changes.push(change("narrowed", `trust: \`aud\` condition now ${where}: ${codeList(head.audiences)} (${head.matches.join(", ")})`));
    return changes;
  }
  const added = head.audiences.filter((a) => !base.audiences.includes(a));
  const like = head.matches.some(isLike);
  if (added.length > 0) {
    const text = `trust: new audience${added.length === 1 ? "" : "s"} ${codeList(added)} accepted ${where} (${head.matches.join(", ")})`;
    changes.push(change("widened", text, like && added.some(hasWildcard)));
  }
  if (like && !base.matches.some(isLike)) {
    changes.push(change("widened", `trust: audience ${where} now matched with ${head.matches.join(", ")} (was ${base.matches.join(", ")})`, head.audiences.some(hasWildcard)));
  }
  const removed = base.audiences.filter((a) => !head.audiences.includes(a));
  if (removed.length > 0) changes.push(change("narrowed", `trust: no longer accepts audience${removed.length === 1 ? "" : "s"} ${codeList(removed)} ${where}`));
  if (!like && base.matches.some(isLike)) {
    changes.push(change("narrowed", `trust: audience ${where} now matched with ${head.matches.join(", ")} (was ${base.matches.join(", ")})`));
  }
  return changes;
}

/** A trusted principal for a human: `Service \`ec2.amazonaws.com\` (\`sts:AssumeRole\`)`. */
export function principalText(p: TrustedPrincipal): string {
  const conditions = p.conditions.length > 0 ? ` if ${codeList(p.conditions)}` : "";
  return `${p.type} ${code(p.identifier)} (${codeList(p.actions)})${conditions}`;
}

/** Whether a principal is anybody, or nearly (`*`, a wildcard, NotPrincipal). */
function principalIsWild(p: TrustedPrincipal): boolean {
  return p.type === "*" || p.type.startsWith("NOT ") || hasWildcard(p.identifier);
}

/** Principals other than a cluster's service accounts: new ones, new actions and fewer conditions widen. */
function diffPrincipals(base: RoleAccess, head: RoleAccess): Change[] {
  const changes: Change[] = [];
  const id = (p: TrustedPrincipal) => `${p.type}\n${p.identifier}`;
  const before = new Map(base.principals.map((p) => [id(p), p]));
  const after = new Map(head.principals.map((p) => [id(p), p]));
  for (const p of head.principals) {
    const old = before.get(id(p));
    const who = `${p.type} ${code(p.identifier)}`;
    if (!old) {
      changes.push(change("widened", `trust: newly trusts ${principalText(p)}`, principalIsWild(p)));
      continue;
    }
    const actions = p.actions.filter((a) => !old.actions.some((o) => globMatches(o, a, true)));
    if (actions.length > 0) changes.push(change("widened", `trust: ${who} may now also ${codeList(actions)}`, actions.some(hasWildcard)));
    if (old.conditions.some((c) => !p.conditions.includes(c))) {
      changes.push(change("widened", `trust: ${who} now trusted with fewer or other conditions (${p.conditions.length > 0 ? codeList(p.conditions) : "none"})`));
    }
  }
  for (const p of base.principals) if (!after.has(id(p))) changes.push(change("narrowed", `trust: no longer trusts ${principalText(p)}`));
  return changes;
}

function diffTrust(base: RoleAccess, head: RoleAccess): Change[] {
  const changes: Change[] = [];
  const baseProviders = providerTrusts(base);
  const headProviders = providerTrusts(head);
  // Against a role that trusted some provider, a provider it did not is a trust of its own: one
  // finding lists what it lets in. A role that trusted none gets its subjects listed one by one.
  const newProvider = (t: TrustedSubject) => baseProviders.size > 0 && !baseProviders.has(t.provider);
  const goneProvider = (t: TrustedSubject) => headProviders.size > 0 && !headProviders.has(t.provider);
  for (const p of headProviders.values()) {
    const old = baseProviders.get(p.provider);
    if (!old && baseProviders.size > 0) {
      const text = `trust widened (new cluster/provider): ${providerText(p)} is now trusted, for ${p.subjects.map(subjectOnlyText).join("; ")}`;
      changes.push(change("widened", text, p.subjects.some(subjectIsWild)));
    }
    changes.push(...diffAudiences(old ?? PINNED_TO_STS, p, !old));
  }
  for (const p of baseProviders.values()) {
    if (!headProviders.has(p.provider) && headProviders.size > 0) changes.push(change("narrowed", `trust: no longer trusts ${providerText(p)}`));
  }

  const id = (t: TrustedSubject) => `${t.provider}\n${t.subject}`;
  const before = new Map(base.trust.map((t) => [id(t), t]));
  const after = new Map(head.trust.map((t) => [id(t), t]));
  for (const t of head.trust) {
    if (newProvider(t)) continue;
    const old = before.get(id(t));
    const wild = subjectIsWild(t);
    if (!old) {
      // A subject some base pattern already matched adds nobody.
      const covered = base.trust.some((b) => b.provider === t.provider && (b.match === "any" || (isLike(b.match) && globMatches(b.subject, t.subject))));
      if (covered && !wild) changes.push(change("changed", `trust now lists ${subjectText(t)}, which a pattern already matched`));
      else if (t.match === "any") changes.push(change("widened", `trust: ${subjectText(t)} may assume the role (no \`sub\` condition)`, true));
      else changes.push(change("widened", `trust: new subject ${subjectText(t)}`, wild));
    } else if (old.match !== t.match) {
      const widened = !isLike(old.match) && isLike(t.match);
      const text = `trust: ${code(subjectLabel(t))} in cluster ${code(t.cluster)} now matched with ${t.match} (was ${old.match})`;
      changes.push(change(widened ? "widened" : "changed", text, widened && wild));
    }
  }
  for (const t of base.trust) {
    if (!after.has(id(t)) && !goneProvider(t)) changes.push(change("narrowed", `trust: no longer trusts ${subjectText(t)}`));
  }
  changes.push(...diffPrincipals(base, head));
  // Audiences are compared above, per provider.
  const audienceNotes = new Set([...base.trust, ...head.trust].map((t) => audienceNote(t.cluster)));
  const notes = (r: RoleAccess) => r.trustNotes.filter((n) => !audienceNotes.has(n));
  for (const note of notes(head)) if (!base.trustNotes.includes(note)) changes.push(change("widened", `trust: ${note}`));
  for (const note of notes(base)) if (!head.trustNotes.includes(note)) changes.push(change("narrowed", `trust no longer: ${note}`));
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
  return { ...head, trust: [], principals: [], trustNotes: [], policies: [], permissionsBoundary: head.permissionsBoundary, carriers: [] };
}

/** Who may assume a role, in one line. */
function whoText(role: RoleAccess): string | undefined {
  const who = [...role.trust.map(subjectText), ...role.principals.map(principalText)];
  return who.length > 0 ? who.join("; ") : undefined;
}

function roleTarget(role: RoleAccess): string {
  return `role ${code(role.name)} (${code(role.path)})`;
}

/** A one-line summary of a new role: who may assume it, and what it may do. */
function newRoleText(role: RoleAccess): string {
  const who = whoText(role) ?? "nobody readable (see the trust notes)";
  const managed = role.policies.filter((p) => p.kind === "managed").map((p) => p.name);
  const actions = sortedUnique(grantsOf(role).filter((g) => g.effect === "Allow").map((g) => g.action));
  const can = [
    ...(managed.length > 0 ? [`managed ${codeList(managed)}`] : []),
    ...(actions.length > 0 ? [`actions ${codeList(actions)}`] : []),
  ];
  return `new role, assumable by ${who}; grants ${can.length > 0 ? can.join(", ") : "no permissions"}`;
}

/** A role of a report, and whether it is an IRSA role there (else one of the stack's other roles). */
interface RoleOf {
  readonly role: RoleAccess;
  readonly irsa: boolean;
}

function diffRoles(baseOf: RoleOf | undefined, headOf: RoleOf | undefined): Change[] {
  const base = baseOf?.role;
  const head = headOf?.role;
  // Roles that are IRSA roles on neither side are no business of this review.
  if (!baseOf?.irsa && !headOf?.irsa) return [];
  if (head && !base) {
    // A new role is new access; its wildcards are worth a line each.
    const wildcards = [...diffTrust(emptyRole(head), head), ...diffPermissions(emptyRole(head), head)].filter((c) => c.wildcard);
    return [change("widened", newRoleText(head)), ...wildcards];
  }
  if (base && !head) {
    return [change("removed", `the role is gone; it was assumable by ${whoText(base) ?? "nobody readable"}`)];
  }
  if (!base || !head) return [];
  const changes = [...diffTrust(base, head), ...diffPermissions(base, head)];
  if (baseOf?.irsa && !headOf?.irsa) {
    const still = whoText(head);
    const text = `no longer an IRSA role: its trust policy has no readable \`sts:AssumeRoleWithWebIdentity\` statement${still ? `; still assumable by ${still}` : ""}`;
    changes.push(change("changed", text));
  }
  if (!baseOf?.irsa && headOf?.irsa) changes.push(change("changed", "now an IRSA role: its trust policy gained a `sts:AssumeRoleWithWebIdentity` statement"));
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
    for (const c of stack.strayCarriers) carriers.set(c.key, { carrier: c, roleKey: c.roleKey ?? c.roleExpression, roleName: c.roleExpression });
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
  const roles = (report: AccessReport) =>
    new Map(
      report.stacks.flatMap((s) => [
        ...(s.otherRoles ?? []).map((role): [string, RoleOf] => [role.key, { role, irsa: false }]),
        ...s.roles.map((role): [string, RoleOf] => [role.key, { role, irsa: true }]),
      ]),
    );
  const baseRoles = roles(base);
  const headRoles = roles(head);
  for (const key of sortedUnique([...baseRoles.keys(), ...headRoles.keys()])) {
    const { role } = (headRoles.get(key) ?? baseRoles.get(key))!;
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

import type { PolicyRef } from "./changes";
import { type Finding, finding } from "./finding";
import { compare, globMatches, hasWildcard, sortedUnique } from "./json";
import { conditionText } from "./policy";
import type { Policy, RoleAccess } from "./report";

/** Whether an action is a wildcard pattern or a NotAction entry. */
export function isBroadAction(action: string): boolean {
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

/** One action on one resource under a set of conditions, from one policy. */
interface Grant {
  readonly effect: "Allow" | "Deny";
  readonly action: string;
  readonly resource: string;
  readonly conditions: readonly string[];
  readonly policy: PolicyRef;
}

/** The placeholder resource of a statement that names none. */
const NO_RESOURCE = "(no resource)";

function grantsOf(role: RoleAccess): Grant[] {
  const grants: Grant[] = [];
  for (const p of role.policies) {
    const policy = { kind: p.kind, name: p.name };
    for (const s of p.document?.statements ?? []) {
      const conditions = sortedUnique(s.conditions.map(conditionText));
      for (const action of s.actions) {
        for (const resource of s.resources.length > 0 ? s.resources : [NO_RESOURCE]) {
          grants.push({ effect: s.effect, action, resource, conditions, policy });
        }
      }
    }
  }
  return grants;
}

/** The Allow actions of a role's readable policies, sorted (for a new role's summary). */
export function allowedActions(role: RoleAccess): string[] {
  return sortedUnique(
    grantsOf(role)
      .filter((g) => g.effect === "Allow")
      .map((g) => g.action),
  );
}

/** Whether grant `b` allows at least everything `g` does: its patterns match, and it asks no condition `g` lacks. */
function covers(b: Grant, g: Grant): boolean {
  return globMatches(b.action, g.action, true) && globMatches(b.resource, g.resource) && b.conditions.every((c) => g.conditions.includes(c));
}

function policyId(p: PolicyRef): string {
  return `${p.kind} ${p.name}`;
}

/** Actions that share the same resources and policies, so that one change can name them all. */
interface ActionGroup {
  readonly actions: string[];
  readonly resources: readonly string[];
  readonly policies: readonly PolicyRef[];
}

/** Groups grants by action (case-insensitive, as IAM reads actions), then actions with the same resources and policies, in a stable order. */
function groupActions(grants: readonly Grant[]): ActionGroup[] {
  const byAction = new Map<string, Grant[]>();
  for (const g of [...grants].sort((a, b) => compare(a.action, b.action))) {
    const key = g.action.toLowerCase();
    byAction.set(key, [...(byAction.get(key) ?? []), g]);
  }
  const groups = new Map<string, ActionGroup>();
  for (const forAction of byAction.values()) {
    const resources = sortedUnique(forAction.map((g) => g.resource));
    const policies = [...new Map(forAction.map((g) => [policyId(g.policy), g.policy])).values()].sort((a, b) => compare(policyId(a), policyId(b)));
    const key = `${resources.join("\n")}\n\n${policies.map(policyId).join("\n")}`;
    const group = groups.get(key);
    if (group) group.actions.push(forAction[0].action);
    else groups.set(key, { actions: [forAction[0].action], resources, policies });
  }
  return [...groups.values()];
}

/** The Allow grants of the head that no base grant covers: new actions, new resources, fewer conditions. */
function widenedAllows(base: readonly Grant[], head: readonly Grant[]): Finding[] {
  const uncovered = head.filter((g) => !base.some((b) => covers(b, g)));
  const actionKnown = (g: Grant) => base.some((b) => globMatches(b.action, g.action, true));
  const resourceKnown = (g: Grant) => base.some((b) => globMatches(b.action, g.action, true) && globMatches(b.resource, g.resource));
  const newActions = uncovered.filter((g) => !actionKnown(g));
  const newResources = uncovered.filter((g) => actionKnown(g) && !resourceKnown(g));
  const looser = uncovered.filter((g) => actionKnown(g) && resourceKnown(g));
  return [
    ...groupActions(newActions).map((g) =>
      finding("widened", { type: "actionsAdded", ...g }, g.actions.some(isBroadAction) || g.resources.some(isBroadResource)),
    ),
    ...groupActions(newResources).map((g) => finding("widened", { type: "resourcesAdded", ...g }, g.resources.some(isBroadResource))),
    ...groupActions(looser).map((g) => finding("widened", { type: "conditionsLoosened", ...g })),
  ];
}

/** Grants of `from` that `to` does not have exactly, grouped by resources. */
function missing(from: readonly Grant[], to: readonly Grant[]): ActionGroup[] {
  const key = (g: Grant) => `${g.action.toLowerCase()}\n${g.resource}\n${g.conditions.join("\n")}`;
  const present = new Set(to.map(key));
  return groupActions(from.filter((g) => !present.has(key(g))));
}

function policyRef(p: Policy): PolicyRef {
  return { kind: p.kind, name: p.name };
}

/** The permission changes of a role: managed policies, readable statements (Allow and Deny), the permissions boundary. */
export function diffPermissions(base: RoleAccess, head: RoleAccess): Finding[] {
  const changes: Finding[] = [];
  const managed = (r: RoleAccess) => r.policies.filter((p) => p.kind === "managed").map((p) => p.name);
  for (const arn of managed(head))
    if (!managed(base).includes(arn)) changes.push(finding("widened", { type: "managedPolicyAttached", arn }, arn.endsWith("/AdministratorAccess")));
  for (const arn of managed(base)) if (!managed(head).includes(arn)) changes.push(finding("narrowed", { type: "managedPolicyDetached", arn }));

  const named = (r: RoleAccess) => new Map(r.policies.filter((p) => p.kind !== "managed").map((p) => [policyId(p), p]));
  const before = named(base);
  const after = named(head);
  for (const [id, p] of after) {
    const old = before.get(id);
    if (!old) changes.push(finding("other", { type: "policyAdded", policy: policyRef(p) }));
    // What cannot be read cannot be judged: flag it, so that a person reads it.
    if (p.document?.unreadable !== undefined && old?.document?.unreadable !== p.document.unreadable) {
      changes.push(finding("widened", { type: "policyUnreadable", policy: policyRef(p), expression: p.document.unreadable }));
    }
  }
  for (const [id, p] of before) if (!after.has(id)) changes.push(finding("other", { type: "policyRemoved", policy: policyRef(p) }));

  const grants = (r: RoleAccess, effect: "Allow" | "Deny") => grantsOf(r).filter((g) => g.effect === effect);
  const baseAllow = grants(base, "Allow");
  const headAllow = grants(head, "Allow");
  changes.push(...widenedAllows(baseAllow, headAllow));
  const dropped = baseAllow.filter((b) => !headAllow.some((h) => covers(h, b)));
  changes.push(...missing(dropped, []).map((g) => finding("narrowed", { type: "allowRemoved", actions: g.actions, resources: g.resources })));
  changes.push(
    ...missing(grants(base, "Deny"), grants(head, "Deny")).map((g) => finding("widened", { type: "denyRemoved", actions: g.actions, resources: g.resources })),
  );
  changes.push(
    ...missing(grants(head, "Deny"), grants(base, "Deny")).map((g) => finding("narrowed", { type: "denyAdded", actions: g.actions, resources: g.resources })),
  );

  const [was, now] = [base.permissionsBoundary, head.permissionsBoundary];
  if (was !== now) {
    if (now === undefined) changes.push(finding("widened", { type: "boundaryRemoved", before: was! }));
    else if (was === undefined) changes.push(finding("narrowed", { type: "boundaryAdded", after: now }));
    else changes.push(finding("other", { type: "boundaryChanged", before: was, after: now }));
  }
  return changes;
}

import type { MechanismName, SubjectRef } from "./changes";
import { type Finding, finding } from "./finding";
import { globMatches, hasWildcard, sortedUnique } from "./json";
import type { PodIdentityPin, PodIdentityTrust, RoleAccess, TrustedPrincipal, TrustedSubject } from "./report";
import { isLike, NAMESPACE_TAG_KEY, SERVICE_ACCOUNT_TAG_KEY } from "./trust";

/** The subject fields a change names. */
export function subjectRef(t: TrustedSubject): SubjectRef {
  return {
    cluster: t.cluster,
    provider: t.provider,
    match: t.match,
    subject: t.subject,
    ...(t.namespace !== undefined ? { namespace: t.namespace } : {}),
    ...(t.serviceAccount !== undefined ? { serviceAccount: t.serviceAccount } : {}),
  };
}

/** Whether a role may be assumed through a mechanism. */
export function hasMechanism(role: RoleAccess, mechanism: MechanismName): boolean {
  return role.mechanism === mechanism || role.mechanism === "both";
}

/** The audience that EKS-projected tokens carry for STS, which an IRSA trust statement pins. */
const STS_AUDIENCE = "sts.amazonaws.com";

/** The IRSA trust of a role through one OIDC provider. */
interface ProviderTrust {
  readonly provider: string;
  readonly cluster: string;
  readonly subjects: TrustedSubject[];
  /** Whether every statement for this provider has an `aud` condition. */
  readonly pinned: boolean;
  readonly audiences: readonly string[];
  readonly matches: readonly string[];
}

/** What an IRSA trust statement written by the modules accepts: `aud` StringEquals `sts.amazonaws.com`. */
const PINNED_TO_STS = { pinned: true, audiences: [STS_AUDIENCE], matches: ["StringEquals"] };

function providerTrusts(role: RoleAccess): Map<string, ProviderTrust> {
  const byProvider = new Map<string, TrustedSubject[]>();
  for (const t of role.trust.irsa) byProvider.set(t.provider, [...(byProvider.get(t.provider) ?? []), t]);
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

/**
 * The `aud` changes of a provider's trust statements: no `aud` condition any more, a new audience,
 * an operator turned `...Like` widen; the reverse narrows. A provider new to the role is compared
 * with what the modules write: StringEquals `sts.amazonaws.com`.
 */
function diffAudiences(base: Pick<ProviderTrust, "pinned" | "audiences" | "matches">, head: ProviderTrust, isNew: boolean): Finding[] {
  const where = { provider: head.provider, cluster: head.cluster };
  if (!head.pinned) return base.pinned ? [finding("widened", { type: "audienceUnpinned", ...where, newProvider: isNew })] : [];
  if (!base.pinned) return [finding("narrowed", { type: "audiencePinned", ...where, values: head.audiences, matches: head.matches })];
  const changes: Finding[] = [];
  const added = head.audiences.filter((a) => !base.audiences.includes(a));
  const like = head.matches.some(isLike);
  if (added.length > 0)
    changes.push(finding("widened", { type: "audiencesAdded", ...where, values: added, matches: head.matches }, like && added.some(hasWildcard)));
  const wasLike = base.matches.some(isLike);
  if (like !== wasLike) {
    const detail = { type: "audienceMatchChanged" as const, ...where, before: base.matches, after: head.matches };
    changes.push(like ? finding("widened", detail, head.audiences.some(hasWildcard)) : finding("narrowed", detail));
  }
  const removed = base.audiences.filter((a) => !head.audiences.includes(a));
  if (removed.length > 0) changes.push(finding("narrowed", { type: "audiencesRemoved", ...where, values: removed }));
  return changes;
}

function diffIrsa(base: RoleAccess, head: RoleAccess): Finding[] {
  const changes: Finding[] = [];
  const baseProviders = providerTrusts(base);
  const headProviders = providerTrusts(head);
  // Against a role that trusted some provider, a provider it did not is a trust of its own: one
  // finding lists what it lets in. A role that trusted none gets its subjects listed one by one.
  const newProvider = (t: TrustedSubject) => baseProviders.size > 0 && !baseProviders.has(t.provider);
  const goneProvider = (t: TrustedSubject) => headProviders.size > 0 && !headProviders.has(t.provider);
  for (const p of headProviders.values()) {
    const old = baseProviders.get(p.provider);
    if (!old && baseProviders.size > 0) {
      const detail = { type: "providerAdded" as const, provider: p.provider, cluster: p.cluster, subjects: p.subjects.map(subjectRef) };
      changes.push(
        finding(
          "widened",
          detail,
          p.subjects.some((t) => t.wildcard),
        ),
      );
    }
    changes.push(...diffAudiences(old ?? PINNED_TO_STS, p, !old));
  }
  for (const p of baseProviders.values()) {
    if (!headProviders.has(p.provider) && headProviders.size > 0)
      changes.push(finding("narrowed", { type: "providerRemoved", provider: p.provider, cluster: p.cluster }));
  }

  const id = (t: TrustedSubject) => `${t.provider}\n${t.subject}`;
  const before = new Map(base.trust.irsa.map((t) => [id(t), t]));
  const after = new Map(head.trust.irsa.map((t) => [id(t), t]));
  for (const t of head.trust.irsa) {
    if (newProvider(t)) continue;
    const old = before.get(id(t));
    if (!old) {
      // A subject some base pattern already matched adds nobody.
      const cover = base.trust.irsa.find((b) => b.provider === t.provider && (b.match === "any" || (isLike(b.match) && globMatches(b.subject, t.subject))));
      if (cover && !t.wildcard) changes.push(finding("other", { type: "subjectCovered", ...subjectRef(t), coveredBy: cover.subject }));
      else changes.push(finding("widened", { type: "subjectAdded", ...subjectRef(t) }, t.wildcard));
    } else if (old.match !== t.match) {
      const widened = !isLike(old.match) && isLike(t.match);
      const detail = { type: "subjectMatchChanged" as const, ...subjectRef(t), before: old.match };
      changes.push(widened ? finding("widened", detail, t.wildcard) : finding(old.wildcard && !t.wildcard ? "narrowed" : "other", detail));
    }
  }
  for (const t of base.trust.irsa) {
    if (!after.has(id(t)) && !goneProvider(t)) changes.push(finding("narrowed", { type: "subjectRemoved", ...subjectRef(t) }));
  }
  return changes;
}

type PinCondition = "aws:SourceArn" | "aws:SourceAccount";

/** A Pod Identity pin: removed or given new values widens; added or fewer values narrows. */
function diffPin(condition: PinCondition, before: PodIdentityPin | undefined, after: PodIdentityPin | undefined): Finding[] {
  if (!before && !after) return [];
  const added = after ? after.values.filter((v) => !before?.values.includes(v)) : [];
  const removed = before ? before.values.filter((v) => !after?.values.includes(v)) : [];
  const like = (p: PodIdentityPin | undefined) => p?.matches.some(isLike) ?? false;
  const turnedLike = like(after) && !like(before);
  if (before && after && added.length === 0 && removed.length === 0 && !turnedLike && before.matches.join() === after.matches.join()) return [];
  const detail = {
    type: "podIdentityPinChanged" as const,
    condition,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    added,
    removed,
  };
  const severity = !after
    ? "widened"
    : !before
      ? "narrowed"
      : added.length > 0 || turnedLike
        ? "widened"
        : removed.length > 0 || (like(before) && !like(after))
          ? "narrowed"
          : "other";
  const wildcard = !after ? condition === "aws:SourceArn" : like(after) && after.values.some(hasWildcard);
  return [finding(severity, detail, severity === "widened" && wildcard)];
}

function diffPodIdentity(base: PodIdentityTrust | undefined, head: PodIdentityTrust | undefined): Finding[] {
  if (!base || !head) return [];
  const changes = [...diffPin("aws:SourceArn", base.sourceArn, head.sourceArn), ...diffPin("aws:SourceAccount", base.sourceAccount, head.sourceAccount)];
  const actions = head.actions.filter((a) => !base.actions.some((b) => globMatches(b, a, true)));
  // The service account pins are compared as the pairs they admit, below: a namespace condition
  // that one statement per namespace splits is no loosening.
  const serviceAccountPin = (c: string) => {
    const key = c.split(" ")[1]?.toLowerCase();
    return key === NAMESPACE_TAG_KEY || key === SERVICE_ACCOUNT_TAG_KEY;
  };
  const conditions = base.conditions.filter((c) => !head.conditions.includes(c) && !(serviceAccountPin(c) && head.serviceAccounts !== undefined));
  if (actions.length > 0 || conditions.length > 0) {
    changes.push(finding("widened", { type: "podIdentityTrustLoosened", actions, conditions }, actions.some(hasWildcard)));
  }
  const admitted = (t: PodIdentityTrust) => t.serviceAccounts ?? ["*/*"];
  const added = admitted(head).filter((sa) => !admitted(base).some((b) => globMatches(b, sa, false)));
  const removed = admitted(base).filter((sa) => !admitted(head).some((h) => globMatches(h, sa, false)));
  if (added.length > 0) {
    changes.push(finding("widened", { type: "podIdentityServiceAccounts", added, removed: [] }, added.some(hasWildcard)));
  } else if (removed.length > 0) {
    changes.push(finding("narrowed", { type: "podIdentityServiceAccounts", added: [], removed }, false));
  }
  return changes;
}

/** Whether a principal is anybody, or nearly (`*`, a wildcard, NotPrincipal). */
function principalIsWild(p: TrustedPrincipal): boolean {
  return p.type === "*" || p.type.startsWith("NOT ") || hasWildcard(p.identifier);
}

/** Principals other than a cluster's pods: new ones, new actions and fewer conditions widen. */
function diffPrincipals(base: RoleAccess, head: RoleAccess): Finding[] {
  const changes: Finding[] = [];
  const id = (p: TrustedPrincipal) => `${p.type}\n${p.identifier}`;
  const before = new Map(base.trust.principals.map((p) => [id(p), p]));
  const after = new Map(head.trust.principals.map((p) => [id(p), p]));
  for (const p of head.trust.principals) {
    const old = before.get(id(p));
    if (!old) {
      changes.push(finding("widened", { type: "principalAdded", principal: p }, principalIsWild(p)));
      continue;
    }
    const who = { principalType: p.type, identifier: p.identifier };
    const actions = p.actions.filter((a) => !old.actions.some((o) => globMatches(o, a, true)));
    if (actions.length > 0) changes.push(finding("widened", { type: "principalActionsAdded", ...who, actions }, actions.some(hasWildcard)));
    if (old.conditions.some((c) => !p.conditions.includes(c))) {
      changes.push(finding("widened", { type: "principalConditionsLoosened", ...who, before: old.conditions, after: p.conditions }));
    }
  }
  for (const p of base.trust.principals) if (!after.has(id(p))) changes.push(finding("narrowed", { type: "principalRemoved", principal: p }));
  return changes;
}

/** The mechanisms a role gained or lost; a new Pod Identity trust without an `aws:SourceArn` pin is a wildcard. */
function diffMechanisms(base: RoleAccess, head: RoleAccess): Finding[] {
  const changes: Finding[] = [];
  for (const mechanism of ["irsa", "podIdentity"] as const) {
    if (hasMechanism(head, mechanism) && !hasMechanism(base, mechanism)) {
      const unpinned = mechanism === "podIdentity" && head.trust.unreadable === undefined && !head.trust.podIdentity?.sourceArn;
      changes.push(finding("widened", { type: "mechanismAdded", mechanism }, unpinned));
    }
    if (hasMechanism(base, mechanism) && !hasMechanism(head, mechanism)) changes.push(finding("narrowed", { type: "mechanismRemoved", mechanism }));
  }
  return changes;
}

/** The trust changes of a role: mechanisms, IRSA subjects and audiences, Pod Identity pins, kube2iam node roles, other principals. */
export function diffTrust(base: RoleAccess, head: RoleAccess): Finding[] {
  const changes = [...diffMechanisms(base, head), ...diffIrsa(base, head), ...diffPodIdentity(base.trust.podIdentity, head.trust.podIdentity)];
  for (const nodeRole of head.trust.kube2iamNodeRoles) {
    if (!base.trust.kube2iamNodeRoles.includes(nodeRole)) changes.push(finding("widened", { type: "kube2iamTrustAdded", nodeRole }, hasWildcard(nodeRole)));
  }
  for (const nodeRole of base.trust.kube2iamNodeRoles) {
    if (!head.trust.kube2iamNodeRoles.includes(nodeRole)) changes.push(finding("narrowed", { type: "kube2iamTrustRemoved", nodeRole }));
  }
  changes.push(...diffPrincipals(base, head));
  if (head.trust.unreadable !== undefined && head.trust.unreadable !== base.trust.unreadable) {
    changes.push(finding("widened", { type: "trustUnreadable", expression: head.trust.unreadable }));
  }
  if (base.trust.unreadable !== undefined && head.trust.unreadable === undefined) {
    changes.push(finding("narrowed", { type: "trustReadable", expression: base.trust.unreadable }));
  }
  return changes;
}

/** Markdown text for the typed data: one line per change, and the phrases the report shares. */
import type { AccessGrantRef, AccessScopeRef, Change, ChangeTarget, PolicyRef, SubjectRef } from "./changes";
import { WITHOUT_BOOTSTRAP } from "./access-entries";
import { allowedActions } from "./diff-permissions";
import { code, codeList } from "./md";
import type { AccessEntryAccess, Carrier, CarrierKind, FargateProfileUse, Mechanism, PodIdentityPin, RoleAccess, TrustedPrincipal } from "./report";

/** A mechanism for a human. */
export function mechanismText(mechanism: Mechanism | "kube2iam"): string {
  switch (mechanism) {
    case "irsa":
      return "IRSA";
    case "podIdentity":
      return "Pod Identity";
    case "both":
      return "IRSA and Pod Identity";
    case "kube2iam":
      return "kube2iam";
    case "none":
      return "no IRSA or Pod Identity";
  }
}

/** A role's mechanisms in a few words: `IRSA`, `Pod Identity + kube2iam trust`, `Fargate pod execution role`, ... */
export function roleMechanismText(role: Pick<RoleAccess, "mechanism" | "kube2iam" | "fargateProfiles">): string {
  const fargate = role.fargateProfiles !== undefined;
  if (role.mechanism === "none")
    return role.kube2iam ? `kube2iam trust only${fargate ? " + Fargate pod execution" : ""}` : fargate ? "Fargate pod execution role" : mechanismText("none");
  return `${mechanismText(role.mechanism)}${role.kube2iam ? " + kube2iam trust" : ""}${fargate ? " + Fargate pod execution" : ""}`;
}

/** A Fargate profile that uses a role, for a human: what it runs on Fargate, and what that means for the pods' credentials. */
export function fargateProfileText(p: FargateProfileUse, stack: string): string {
  const where = p.stack === stack ? "" : ` in stack ${code(p.stack)}`;
  return (
    `Fargate profile ${code(p.name)} of cluster ${code(p.cluster)}${where}: Fargate pulls the images and writes the logs of the pods of ${codeList(p.selectors)} with this role; ` +
    "those pods get no credentials from it, and only IRSA reaches them (EKS Pod Identity does not run on Fargate)"
  );
}

/** A carrier kind for a human. */
export function carrierKindText(kind: CarrierKind): string {
  return kind === "serviceAccount" ? "service account" : kind === "addOn" ? "add-on" : "Pod Identity association";
}

/** A subject for a human: `<namespace>/<name>` of a service account, else the raw `sub`. */
export function subjectLabel(t: Pick<SubjectRef, "subject" | "namespace" | "serviceAccount">): string {
  return t.namespace !== undefined && t.serviceAccount !== undefined ? `${t.namespace}/${t.serviceAccount}` : t.subject;
}

function subjectText(t: SubjectRef): string {
  return t.match === "any" ? `any service account of cluster ${code(t.cluster)}` : `${code(subjectLabel(t))} in cluster ${code(t.cluster)} (${t.match})`;
}

/** A subject without its cluster, for a change that names the cluster once. */
function subjectOnlyText(t: SubjectRef): string {
  return t.match === "any" ? "any service account (no `sub` condition)" : `${code(subjectLabel(t))} (${t.match})`;
}

/** An OIDC provider for a human: its cluster, and the provider itself when it names more than the cluster. */
function providerText(p: { readonly provider: string; readonly cluster: string }): string {
  return p.cluster === p.provider ? `OIDC provider ${code(p.provider)}` : `cluster ${code(p.cluster)} (OIDC provider ${code(p.provider)})`;
}

/** A trusted principal for a human: `Service \`ec2.amazonaws.com\` (\`sts:AssumeRole\`)`. */
export function principalText(p: TrustedPrincipal): string {
  const conditions = p.conditions.length > 0 ? ` if ${codeList(p.conditions)}` : "";
  return `${p.type} ${code(p.identifier)} (${codeList(p.actions)})${conditions}`;
}

function policyText(p: PolicyRef): string {
  return `${p.kind === "managed" ? "managed policy" : p.kind === "customer" ? "policy" : "inline policy"} ${code(p.name)}`;
}

function policiesText(policies: readonly PolicyRef[]): string {
  return policies.map(policyText).join(", ");
}

function plural(n: number, word: string, words = `${word}s`): string {
  return n === 1 ? word : words;
}

function pinText(p: PodIdentityPin): string {
  return `${codeList(p.values)} (${p.matches.join(", ")})`;
}

/** Who may assume a role, in one line; undefined when nobody readable. */
export function whoText(role: RoleAccess): string | undefined {
  const who = [...role.trust.irsa.map(subjectText)];
  const pi = role.trust.podIdentity;
  if (pi) {
    const associations = role.carriers.filter((c) => c.kind === "podIdentityAssociation");
    const given = associations.map((c) => `${code(c.label)} in cluster ${code(c.cluster ?? "?")}`);
    if (!pi.sourceArn)
      who.push(`any Pod Identity association in the account (no \`aws:SourceArn\` pin)${given.length > 0 ? `, today ${given.join(", ")}` : ""}`);
    else who.push(`Pod Identity associations of cluster ${codeList(pi.clusters)}${given.length > 0 ? `: ${given.join(", ")}` : " (none yet)"}`);
  }
  who.push(...role.trust.kube2iamNodeRoles.map((n) => `pods on nodes of role ${code(n)} (kube2iam)`));
  who.push(...role.trust.principals.map(principalText));
  return who.length > 0 ? who.join("; ") : undefined;
}

/** A one-line summary of a new role: who may assume it, and what it may do. */
function newRoleText(role: RoleAccess | undefined, mechanism: Mechanism, kube2iam: boolean): string {
  const how = roleMechanismText({ mechanism, kube2iam });
  if (!role) return `new role (${how})`;
  const who = whoText(role) ?? "nobody readable (see its trust policy)";
  const managed = role.policies.filter((p) => p.kind === "managed").map((p) => p.name);
  const actions = allowedActions(role);
  const can = [...(managed.length > 0 ? [`managed ${codeList(managed)}`] : []), ...(actions.length > 0 ? [`actions ${codeList(actions)}`] : [])];
  return `new role (${how}), assumable by ${who}; grants ${can.length > 0 ? can.join(", ") : "no permissions"}`;
}

/** The warning for a carrier the role's trust does not let in. */
function untrustedText(kind: ChangeTarget["kind"], trusted: boolean | undefined): string {
  if (trusted !== false) return "";
  return kind === "podIdentityAssociation"
    ? " — **not trusted by the role's trust policy (no Pod Identity trust for this cluster): its pods will be denied**"
    : " — **not trusted by the role's trust policy: its pods will be denied**";
}

const MOVE_HINT = "add a `moved` block (cdktf: `moveFromId`/`moveTo`) to keep it";

function replacedText(what: "role" | CarrierKind | "accessEntry", reason: string, before: string, after: string): string {
  const thing = what === "role" ? "the role" : what === "accessEntry" ? "the access entry" : `the ${carrierKindText(what)}`;
  const consequence =
    what === "role"
      ? "IAM deletes and recreates the role: running pods keep the old role's credentials until they restart"
      : what === "accessEntry"
        ? "EKS deletes and recreates the entry: the principal has no access in between, and the create fails if it runs first (one entry per principal)"
        : what === "serviceAccount"
          ? "Kubernetes deletes and recreates the service account: pods that use it must be restarted"
          : what === "podIdentityAssociation"
            ? "EKS deletes and recreates the association: its pods get no credentials from it in between, and the create fails if it runs first"
            : "EKS deletes and recreates the add-on's role binding";
  switch (reason) {
    case "renamed":
      return `**replaced:** now ${code(after)} (was ${code(before)}): ${consequence}`;
    case "logicalIdChanged":
      return `**replaced:** Terraform address changes from ${code(before)} to ${code(after)}, so Terraform destroys and recreates ${thing}; ${MOVE_HINT}. ${consequence}`;
    default:
      return `**replaced:** construct moved from ${code(before)}: Terraform destroys the old one and creates this one (with the same name, the create fails if it runs first); ${MOVE_HINT}. ${consequence}`;
  }
}

/** The text of one change, without its target, in Markdown. `roleOf` finds a role of the head by key. */
export function changeText(c: Change, roleOf: (key: string) => RoleAccess | undefined): string {
  const text = changeBody(c, roleOf);
  return c.wildcard ? `**wildcard:** ${text}` : text;
}

function changeBody(c: Change, roleOf: (key: string) => RoleAccess | undefined): string {
  switch (c.type) {
    case "roleAdded":
      return newRoleText(roleOf(c.target.key), c.mechanism, c.kube2iam);
    case "roleRemoved":
      return `the role is gone; it was assumable by ${whoText(c.role) ?? "nobody readable"}`;
    case "roleReplaced":
      return replacedText("role", c.reason, c.before, c.after);
    case "roleMovedInState":
      return `moved in Terraform state from ${code(c.before)} by a \`moved\` block: not replaced`;
    case "workloadTrustLost": {
      const still = c.principals.map(principalText).join("; ");
      return `no longer a workload role: its trust policy has no readable IRSA, Pod Identity or kube2iam statement${still ? `; still assumable by ${still}` : ""}`;
    }
    case "workloadTrustGained":
      return `now a workload role (${mechanismText(c.mechanism)})`;
    case "mechanismAdded": {
      if (c.mechanism === "irsa") return "trust: now assumable through IRSA (web identity)";
      const pi = roleOf(c.target.key)?.trust.podIdentity;
      const pin = pi?.sourceArn
        ? `, pinned to cluster ${codeList(pi.clusters)}`
        : pi
          ? " with no `aws:SourceArn` pin: a Pod Identity association in any cluster of the account can hand it out"
          : "";
      return `trust: now assumable through EKS Pod Identity${pin}`;
    }
    case "mechanismRemoved":
      return `trust: no longer assumable through ${mechanismText(c.mechanism)}`;
    case "kube2iamTrustAdded":
      return `trust: kube2iam node role ${code(c.nodeRole)} may assume the role: any pod on those nodes, through kube2iam`;
    case "kube2iamTrustRemoved":
      return `trust: kube2iam node role ${code(c.nodeRole)} no longer trusted`;
    case "providerAdded":
      return `trust widened (new cluster/provider): ${providerText(c)} is now trusted, for ${c.subjects.map(subjectOnlyText).join("; ")}`;
    case "providerRemoved":
      return `trust: no longer trusts ${providerText(c)}`;
    case "subjectAdded":
      return c.match === "any" ? `trust: ${subjectText(c)} may assume the role (no \`sub\` condition)` : `trust: new subject ${subjectText(c)}`;
    case "subjectCovered":
      return `trust now lists ${subjectText(c)}, which ${code(c.coveredBy)} already matched`;
    case "subjectRemoved":
      return `trust: no longer trusts ${subjectText(c)}`;
    case "subjectMatchChanged":
      return `trust: ${code(subjectLabel(c))} in cluster ${code(c.cluster)} now matched with ${c.match} (was ${c.before})`;
    case "audienceUnpinned":
      return `trust: ${c.newProvider ? "no `aud` condition" : "`aud` condition removed"} for ${providerText(c)}: tokens minted for any audience are accepted`;
    case "audiencePinned":
      return `trust: \`aud\` condition now for ${providerText(c)}: ${codeList(c.values)} (${c.matches.join(", ")})`;
    case "audiencesAdded":
      return `trust: new ${plural(c.values.length, "audience")} ${codeList(c.values)} accepted for ${providerText(c)} (${c.matches.join(", ")})`;
    case "audiencesRemoved":
      return `trust: no longer accepts ${plural(c.values.length, "audience")} ${codeList(c.values)} for ${providerText(c)}`;
    case "audienceMatchChanged":
      return `trust: audience for ${providerText(c)} now matched with ${c.after.join(", ")} (was ${c.before.join(", ")})`;
    case "podIdentityPinChanged": {
      const key = code(c.condition);
      if (!c.after) {
        const who =
          c.condition === "aws:SourceArn"
            ? "a Pod Identity association in any cluster of the account can hand out the role"
            : "associations are no longer pinned to an account";
        return `trust: Pod Identity ${key} pin removed (was ${pinText(c.before!)}): ${who}`;
      }
      if (!c.before) return `trust: Pod Identity now pinned with ${key} ${pinText(c.after)}`;
      const parts = [
        ...(c.added.length > 0 ? [`now also accepts ${codeList(c.added)}`] : []),
        ...(c.removed.length > 0 ? [`no longer accepts ${codeList(c.removed)}`] : []),
      ];
      if (c.before.matches.join() !== c.after.matches.join()) parts.push(`now matched with ${c.after.matches.join(", ")} (was ${c.before.matches.join(", ")})`);
      const clusters = c.condition === "aws:SourceArn" ? roleOf(c.target.key)?.trust.podIdentity?.clusters : undefined;
      return `trust: Pod Identity ${key} pin ${parts.join("; ")}${clusters && clusters.length > 0 ? ` (now cluster ${codeList(clusters)})` : ""}`;
    }
    case "podIdentityServiceAccounts":
      return c.added.length > 0
        ? `trust: Pod Identity now also admits service ${c.added.length === 1 ? "account" : "accounts"} ${codeList(c.added)}`
        : `trust: Pod Identity no longer admits service ${c.removed.length === 1 ? "account" : "accounts"} ${codeList(c.removed)}`;
    case "podIdentityTrustLoosened": {
      const parts = [
        ...(c.actions.length > 0 ? [`now also allows ${codeList(c.actions)}`] : []),
        ...(c.conditions.length > 0 ? [`no longer asks ${codeList(c.conditions)}`] : []),
      ];
      return `trust: Pod Identity ${parts.join("; ")}`;
    }
    case "principalAdded":
      return `trust: newly trusts ${principalText(c.principal)}`;
    case "principalRemoved":
      return `trust: no longer trusts ${principalText(c.principal)}`;
    case "principalActionsAdded":
      return `trust: ${c.principalType} ${code(c.identifier)} may now also ${codeList(c.actions)}`;
    case "principalConditionsLoosened":
      return `trust: ${c.principalType} ${code(c.identifier)} now trusted with fewer or other conditions (${c.after.length > 0 ? codeList(c.after) : "none"})`;
    case "trustUnreadable":
      return `trust policy cannot be read here (${code(c.expression)}): review it by hand`;
    case "trustReadable":
      return `trust policy can be read again (was ${code(c.expression)})`;
    case "managedPolicyAttached":
      return `permissions: new managed policy ${code(c.arn)}`;
    case "managedPolicyDetached":
      return `permissions: managed policy ${code(c.arn)} detached`;
    case "policyAdded":
      return `${policyText(c.policy)} added`;
    case "policyRemoved":
      return `${policyText(c.policy)} removed`;
    case "policyUnreadable":
      return `permissions: ${policyText(c.policy)} cannot be read here (${code(c.expression)}): review it by hand`;
    case "actionsAdded":
      return `permissions: new ${plural(c.actions.length, "action")} ${codeList(c.actions)} on ${codeList(c.resources)} (${policiesText(c.policies)})`;
    case "resourcesAdded":
      return `permissions: ${codeList(c.actions)} now also on ${codeList(c.resources)} (${policiesText(c.policies)})`;
    case "conditionsLoosened":
      return `permissions: ${codeList(c.actions)} on ${codeList(c.resources)} now with fewer or other conditions (${policiesText(c.policies)})`;
    case "allowRemoved":
      return `permissions: no longer allows ${codeList(c.actions)} on ${codeList(c.resources)}`;
    case "denyRemoved":
      return `permissions: Deny of ${codeList(c.actions)} on ${codeList(c.resources)} removed`;
    case "denyAdded":
      return `permissions: new Deny of ${codeList(c.actions)} on ${codeList(c.resources)}`;
    case "boundaryRemoved":
      return `permissions boundary ${code(c.before)} removed`;
    case "boundaryAdded":
      return `permissions boundary ${code(c.after)} added`;
    case "boundaryChanged":
      return `permissions boundary now ${code(c.after)} (was ${code(c.before)})`;
    case "carrierAdded":
      return c.target.kind === "podIdentityAssociation"
        ? `new Pod Identity association: gives role ${code(c.role)} to its pods${untrustedText(c.target.kind, c.trusted)}`
        : `carries role ${code(c.role)}${untrustedText(c.target.kind, c.trusted)}`;
    case "carrierRemoved":
      return c.target.kind === "podIdentityAssociation" ? `Pod Identity association removed (gave role ${code(c.role)})` : `carried role ${code(c.role)}`;
    case "carrierRoleChanged":
      return `now ${c.target.kind === "podIdentityAssociation" ? "gives" : "carries"} role ${code(c.after)} (was ${code(c.before)})${untrustedText(c.target.kind, c.trusted)}`;
    case "carrierReplaced":
      return replacedText(c.target.kind as CarrierKind, c.reason, c.before, c.after);
    case "carrierMovedInState":
      return `moved in Terraform state from ${code(c.before)} by a \`moved\` block: not replaced`;
    case "associationTargetChanged":
      if (c.after === undefined) return `no longer chains to role ${code(c.before!)} (\`target_role_arn\`)`;
      return `now chains to role ${code(c.after)} (\`target_role_arn\`)${c.before !== undefined ? ` (was ${code(c.before)})` : ""}: its pods get that role's permissions`;
    case "associationSessionTagsChanged":
      return `session tags now ${c.after === true ? "disabled" : "enabled"} (\`disable_session_tags\`)`;
    case "associationSessionPolicyChanged":
      if (c.change === "added") return "now scoped by a session policy (`policy`): its pods get only what the role and the policy both allow";
      if (c.change === "removed") return "session policy (`policy`) removed: its pods get the role's full permissions";
      return c.added.length > 0
        ? `session policy (\`policy\`) now allows ${codeList(c.added)}`
        : "session policy (`policy`) changed: it allows nothing it did not";
    case "accessEntryAdded": {
      const access = accessText(c.grants, c.kubernetesGroups, c.entryType);
      const when = c.conditional !== undefined ? ` (only when ${entryConditionText(c.conditional)})` : "";
      return `new access entry (${c.entryType}) in cluster ${code(c.cluster)}${when}: ${access}`;
    }
    case "accessEntryRemoved":
      return `access entry removed from cluster ${code(c.cluster)}: it had ${accessText(c.grants, c.kubernetesGroups)}`;
    case "accessEntryReplaced":
      if (c.reason === "typeChanged") {
        return `**replaced:** type now ${code(c.after)} (was ${code(c.before)}): EKS deletes and recreates the entry, and the principal has no access in between`;
      }
      return replacedText("accessEntry", c.reason, c.before, c.after);
    case "accessEntryMovedInState":
      return `moved in Terraform state from ${code(c.before)} by a \`moved\` block: not replaced`;
    case "accessPolicyAdded":
      return `access: now ${grantText(c)}`;
    case "accessPolicyRemoved":
      return `access: no longer ${grantText(c)}`;
    case "accessScopeChanged":
      return `access: ${code(c.policy)} now ${scopeText(c.after)} (was ${scopeText(c.before)})`;
    case "accessGroupsChanged":
      return [
        ...(c.added.length > 0 ? [`now in Kubernetes ${plural(c.added.length, "group")} ${codeList(c.added)} (whatever RBAC binds to them)`] : []),
        ...(c.removed.length > 0 ? [`no longer in ${plural(c.removed.length, "group")} ${codeList(c.removed)}`] : []),
      ].join("; ");
    case "accessUserNameChanged":
      return `Kubernetes user name now ${c.after !== undefined ? code(c.after) : "EKS's"} (was ${c.before !== undefined ? code(c.before) : "EKS's"})`;
    case "accessConditionChanged":
      return `the entry now exists ${c.after !== undefined ? `only when ${entryConditionText(c.after)}` : "always"} (was ${c.before !== undefined ? `only when ${entryConditionText(c.before)}` : "always"})`;
  }
}

/** An entry's condition for a human: the creator's in words, any other as code. */
function entryConditionText(condition: string): string {
  return condition === WITHOUT_BOOTSTRAP ? condition : code(condition);
}

/** Where an access policy applies, for a human: `on the whole cluster`, `in namespaces \`a\`, \`b-*\``. */
function scopeText(s: AccessScopeRef): string {
  if (s.scope === "cluster") return "on the whole cluster";
  if (s.scope === "namespace") return `in ${plural(s.namespaces.length, "namespace")} ${codeList(s.namespaces)}`;
  return `at scope ${code(s.scope)}`;
}

/** An access policy and its scope: `` `AmazonEKSEditPolicy` in namespace `orders` ``. */
function grantText(g: AccessGrantRef): string {
  return `${code(g.policy)} ${scopeText(g)}`;
}

/** What an entry grants, in one line: its policies with their scopes, and its groups (a node entry: what EKS grants nodes). */
export function accessText(grants: readonly AccessGrantRef[], groups: readonly string[], type = "STANDARD"): string {
  const parts = [
    ...(type !== "STANDARD" ? [`what EKS grants ${type} nodes`] : []),
    ...grants.map(grantText),
    ...(groups.length > 0 ? [`Kubernetes ${plural(groups.length, "group")} ${codeList(groups)}`] : []),
  ];
  return parts.length > 0 ? parts.join("; ") : "no access policy or group (the API's discovery only)";
}

/** An access entry for a human, in a table row's cells: principal, cluster, type, access, user name. */
export function accessEntryCells(e: AccessEntryAccess): string[] {
  const notes = [
    ...(e.conditional !== undefined ? [`only when ${entryConditionText(e.conditional)}`] : []),
    ...(e.madeElsewhere ? ["entry made elsewhere"] : []),
  ];
  return [
    `${code(e.principal)}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`,
    code(e.cluster),
    e.type,
    accessText(e.policies, e.kubernetesGroups, e.type),
    e.userName !== undefined ? code(e.userName) : "",
  ];
}

/** What a change is about, for its line: `` `stack` role `name` (`path`) ``. */
export function targetText(t: ChangeTarget): string {
  if (t.kind === "role") return `${code(t.stack)} role ${code(t.name)} (${code(t.path)})`;
  if (t.kind === "accessEntry") return `${code(t.stack)} access entry of ${code(t.name)}`;
  return `${code(t.stack)} ${carrierKindText(t.kind)} ${code(t.name)}`;
}

/** A carrier for a human: kind, label, cluster of an association, stack when not `stack`, and a warning when untrusted. */
export function carrierText(c: Carrier, stack: string): string {
  const where = c.stack === stack ? "" : ` in stack ${code(c.stack)}`;
  const cluster = c.kind === "podIdentityAssociation" ? ` in cluster ${code(c.cluster ?? "?")}` : "";
  const extras = [
    ...(c.targetRoleArn !== undefined ? [`chains to role ${code(c.targetRoleArn)}`] : []),
    ...(c.disableSessionTags === true ? ["session tags disabled"] : []),
    ...(c.sessionPolicy !== undefined ? ["scoped by a session policy"] : []),
  ];
  const fargate =
    c.onFargate !== undefined
      ? ` — **runs on Fargate (profile ${code(c.onFargate)} takes its namespace), where EKS Pod Identity does not work: its pods get no credentials from it**`
      : "";
  return `${carrierKindText(c.kind)} ${code(c.label)}${cluster}${where}${extras.length > 0 ? ` (${extras.join(", ")})` : ""}${untrustedText(c.kind, c.trusted)}${fargate}`;
}

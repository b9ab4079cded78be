/**
 * The typed changes a diff of two access reports produces, part of the JSON the review prints
 * with `--format json`. Every change says what it is about (`target`), how it affects access
 * (`severity`) and what changed (`type` and its fields); the Markdown is rendered from these.
 */
import type { AccessPolicyGrant, CarrierKind, Mechanism, PodIdentityPin, Policy, RoleAccess, TrustedPrincipal, TrustedSubject } from "./report";

/**
 * How a change affects access:
 * - `widened`: someone may now assume a role, or a role may now do more (fails `--fail-on-widen`);
 * - `replaced`: Terraform will destroy and recreate a role, service account or association;
 * - `narrowed`: someone may no longer assume a role, or a role may do less;
 * - `other`: neither (a policy split in two, a service account pointed at another role, ...).
 */
export type Severity = "widened" | "replaced" | "narrowed" | "other";

/** The severities in report order. */
export const SEVERITIES: readonly Severity[] = ["widened", "replaced", "narrowed", "other"];

/** What a change is about: a role, a carrier or an access entry, as in the head (or the base, when it is gone). */
export interface ChangeTarget {
  readonly kind: "role" | CarrierKind | "accessEntry";
  /** `<stack>/<construct path>`: joins `report.stacks[].roles[].key` or a carrier's `key`. */
  readonly key: string;
  readonly stack: string;
  readonly path: string;
  /** The role's name, the carrier's label (`<namespace>/<name>`, an add-on's name), or the access entry's principal. */
  readonly name: string;
}

/** An access policy of an access entry, as a change names it. */
export type AccessGrantRef = Pick<AccessPolicyGrant, "policy" | "scope" | "namespaces">;

/** An access scope, as a change names it. */
export interface AccessScopeRef {
  readonly scope: string;
  readonly namespaces: readonly string[];
}

/** A policy a permission change comes from. */
export interface PolicyRef {
  readonly kind: Policy["kind"];
  readonly name: string;
}

/** An IRSA subject named by a change. */
export type SubjectRef = Pick<TrustedSubject, "cluster" | "provider" | "match" | "subject" | "namespace" | "serviceAccount">;

/** Why Terraform replaces something: its name (or identity) changed, its address changed, or its construct moved. */
export type ReplaceReason = "renamed" | "logicalIdChanged" | "moved";

/** A mechanism a role gained or lost. */
export type MechanismName = Exclude<Mechanism, "both" | "none">;

/** The change itself, by `type`. */
export type ChangeDetail =
  // ---- roles
  /** A new workload role; its trust and permissions are the head report's role of `target.key`. */
  | { readonly type: "roleAdded"; readonly mechanism: Mechanism; readonly kube2iam: boolean }
  /** A workload role that is gone; `role` is the base's. */
  | { readonly type: "roleRemoved"; readonly role: RoleAccess }
  /** Terraform replaces the role: `before` and `after` are names (`renamed`), logical ids, or keys (`moved`). */
  | { readonly type: "roleReplaced"; readonly reason: ReplaceReason; readonly before: string; readonly after: string }
  /** The role's resource moved in Terraform state by a `moved` block: not replaced. */
  | { readonly type: "roleMovedInState"; readonly before: string; readonly after: string }
  /** No IRSA, Pod Identity or kube2iam trust any more; `principals` may still assume it. */
  | { readonly type: "workloadTrustLost"; readonly principals: readonly TrustedPrincipal[] }
  /** A role of the base's other roles gained workload trust. */
  | { readonly type: "workloadTrustGained"; readonly mechanism: Mechanism }
  // ---- trust
  /** The role may now be assumed through a mechanism it was not (IRSA, Pod Identity). */
  | { readonly type: "mechanismAdded"; readonly mechanism: MechanismName }
  | { readonly type: "mechanismRemoved"; readonly mechanism: MechanismName }
  /** A node role newly trusted through the kube2iam migration statement: any pod on those nodes. */
  | { readonly type: "kube2iamTrustAdded"; readonly nodeRole: string }
  | { readonly type: "kube2iamTrustRemoved"; readonly nodeRole: string }
  /** An OIDC provider (cluster) newly trusted by a role that trusted another, with the subjects it lets in. */
  | { readonly type: "providerAdded"; readonly provider: string; readonly cluster: string; readonly subjects: readonly SubjectRef[] }
  | { readonly type: "providerRemoved"; readonly provider: string; readonly cluster: string }
  /** A new IRSA subject (`match` `any`: no `sub` condition, any service account of the cluster). */
  | ({ readonly type: "subjectAdded" } & SubjectRef)
  /** A new IRSA subject that a pattern of the base already matched: nobody new. */
  | ({ readonly type: "subjectCovered"; readonly coveredBy: string } & SubjectRef)
  | ({ readonly type: "subjectRemoved" } & SubjectRef)
  /** The operator of a subject changed; widened when it became a `...Like`. */
  | ({ readonly type: "subjectMatchChanged"; readonly before: string } & SubjectRef)
  /** No `aud` condition any more for a provider (or none on a newly trusted one): tokens for any audience. */
  | { readonly type: "audienceUnpinned"; readonly provider: string; readonly cluster: string; readonly newProvider: boolean }
  | {
      readonly type: "audiencePinned";
      readonly provider: string;
      readonly cluster: string;
      readonly values: readonly string[];
      readonly matches: readonly string[];
    }
  | {
      readonly type: "audiencesAdded";
      readonly provider: string;
      readonly cluster: string;
      readonly values: readonly string[];
      readonly matches: readonly string[];
    }
  | { readonly type: "audiencesRemoved"; readonly provider: string; readonly cluster: string; readonly values: readonly string[] }
  /** The operators of the `aud` conditions changed; widened when one became a `...Like`. */
  | {
      readonly type: "audienceMatchChanged";
      readonly provider: string;
      readonly cluster: string;
      readonly before: readonly string[];
      readonly after: readonly string[];
    }
  /**
   * A Pod Identity pin (`aws:SourceArn`, `aws:SourceAccount`) changed: removed (`after` absent),
   * added (`before` absent), or its values changed (`added`, `removed`: the values it accepts that
   * it did not, and no longer accepts). Widened when removed, when it accepts a new value, or when
   * its operator became a `...Like`; else narrowed (or `other` when only the operator changed).
   */
  | {
      readonly type: "podIdentityPinChanged";
      readonly condition: "aws:SourceArn" | "aws:SourceAccount";
      readonly before?: PodIdentityPin;
      readonly after?: PodIdentityPin;
      readonly added: readonly string[];
      readonly removed: readonly string[];
    }
  /**
   * The service accounts Pod Identity trust admits through its session tag pins changed (`*` stands
   * for any namespace or name): widened when it admits one it did not (`added`), else narrowed.
   */
  | { readonly type: "podIdentityServiceAccounts"; readonly added: readonly string[]; readonly removed: readonly string[] }
  /** Pod Identity trust allows more actions, or asks fewer of its other conditions. */
  | { readonly type: "podIdentityTrustLoosened"; readonly actions: readonly string[]; readonly conditions: readonly string[] }
  | { readonly type: "principalAdded"; readonly principal: TrustedPrincipal }
  | { readonly type: "principalRemoved"; readonly principal: TrustedPrincipal }
  | { readonly type: "principalActionsAdded"; readonly principalType: string; readonly identifier: string; readonly actions: readonly string[] }
  | {
      readonly type: "principalConditionsLoosened";
      readonly principalType: string;
      readonly identifier: string;
      readonly before: readonly string[];
      readonly after: readonly string[];
    }
  /** The trust policy cannot be read here any more (`expression`): review it by hand. */
  | { readonly type: "trustUnreadable"; readonly expression: string }
  | { readonly type: "trustReadable"; readonly expression: string }
  // ---- permissions
  | { readonly type: "managedPolicyAttached"; readonly arn: string }
  | { readonly type: "managedPolicyDetached"; readonly arn: string }
  | { readonly type: "policyAdded"; readonly policy: PolicyRef }
  | { readonly type: "policyRemoved"; readonly policy: PolicyRef }
  /** A customer or inline policy cannot be read here (`expression`): review it by hand. */
  | { readonly type: "policyUnreadable"; readonly policy: PolicyRef; readonly expression: string }
  /** Allowed actions the base allowed on no resource. */
  | { readonly type: "actionsAdded"; readonly actions: readonly string[]; readonly resources: readonly string[]; readonly policies: readonly PolicyRef[] }
  /** Allowed actions on resources the base did not allow them on. */
  | { readonly type: "resourcesAdded"; readonly actions: readonly string[]; readonly resources: readonly string[]; readonly policies: readonly PolicyRef[] }
  /** Allowed actions on resources the base allowed only under conditions the head no longer asks. */
  | { readonly type: "conditionsLoosened"; readonly actions: readonly string[]; readonly resources: readonly string[]; readonly policies: readonly PolicyRef[] }
  | { readonly type: "allowRemoved"; readonly actions: readonly string[]; readonly resources: readonly string[] }
  | { readonly type: "denyRemoved"; readonly actions: readonly string[]; readonly resources: readonly string[] }
  | { readonly type: "denyAdded"; readonly actions: readonly string[]; readonly resources: readonly string[] }
  | { readonly type: "boundaryRemoved"; readonly before: string }
  | { readonly type: "boundaryAdded"; readonly after: string }
  | { readonly type: "boundaryChanged"; readonly before: string; readonly after: string }
  // ---- carriers
  /** A new carrier of a role; widened for a Pod Identity association (it grants the role). `trusted` as in {@link Carrier}. */
  | { readonly type: "carrierAdded"; readonly role: string; readonly trusted?: boolean }
  /** A carrier that is gone; narrowed for a Pod Identity association. */
  | { readonly type: "carrierRemoved"; readonly role: string }
  /** A carrier now names another role; widened for a Pod Identity association. */
  | { readonly type: "carrierRoleChanged"; readonly before: string; readonly after: string; readonly trusted?: boolean }
  /** Terraform replaces the carrier: `before`/`after` are labels (`renamed`), logical ids, or keys (`moved`). */
  | { readonly type: "carrierReplaced"; readonly reason: ReplaceReason; readonly before: string; readonly after: string }
  | { readonly type: "carrierMovedInState"; readonly before: string; readonly after: string }
  /** An association's `target_role_arn` (role chaining) changed; widened when one is set. */
  | { readonly type: "associationTargetChanged"; readonly before?: string; readonly after?: string }
  | { readonly type: "associationSessionTagsChanged"; readonly before?: boolean; readonly after?: boolean }
  /**
   * An association's session policy: added (narrowed: its pods get less than the role), removed
   * (widened: the role's full permissions), or changed (widened when it allows an action on a
   * resource it did not: `added`, as `<action> on <resource>`).
   */
  | { readonly type: "associationSessionPolicyChanged"; readonly change: "added" | "removed" | "changed"; readonly added: readonly string[] }
  // ---- access entries (who can do what in a cluster)
  /** A principal gains access to a cluster: its entry, its access policies with their scopes, its Kubernetes groups. */
  | {
      readonly type: "accessEntryAdded";
      readonly cluster: string;
      readonly entryType: string;
      readonly grants: readonly AccessGrantRef[];
      readonly kubernetesGroups: readonly string[];
      readonly conditional?: string;
    }
  /** A principal's entry is gone, and with it its access. */
  | { readonly type: "accessEntryRemoved"; readonly cluster: string; readonly grants: readonly AccessGrantRef[]; readonly kubernetesGroups: readonly string[] }
  /** Terraform replaces the entry: `before`/`after` are logical ids, keys (`moved`), or types (`typeChanged`). */
  | { readonly type: "accessEntryReplaced"; readonly reason: ReplaceReason | "typeChanged"; readonly before: string; readonly after: string }
  | { readonly type: "accessEntryMovedInState"; readonly before: string; readonly after: string }
  /** An access policy newly associated with the entry. */
  | ({ readonly type: "accessPolicyAdded" } & AccessGrantRef)
  | ({ readonly type: "accessPolicyRemoved" } & AccessGrantRef)
  /**
   * A policy's scope changed: `added` and `removed` are namespaces (patterns as written), `*` for the
   * whole cluster. Widened when it reaches something it did not (`added` not empty).
   */
  | {
      readonly type: "accessScopeChanged";
      readonly policy: string;
      readonly before: AccessScopeRef;
      readonly after: AccessScopeRef;
      readonly added: readonly string[];
      readonly removed: readonly string[];
    }
  /** Kubernetes groups added (widened: RBAC may grant them anything) or removed. */
  | { readonly type: "accessGroupsChanged"; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly type: "accessUserNameChanged"; readonly before?: string; readonly after?: string }
  /** The condition (`count`) under which the entry exists changed. */
  | { readonly type: "accessConditionChanged"; readonly before?: string; readonly after?: string };

/** One change between the base and the head. */
export type Change = ChangeDetail & {
  readonly severity: Severity;
  readonly target: ChangeTarget;
  /** Whether it brings in a wildcard: a subject pattern, `*` in an action or resource, NotAction, any principal. */
  readonly wildcard: boolean;
};

/** The number of changes of each severity. */
export type SeverityCounts = { readonly [S in Severity]: number };

/** Counts changes by severity. */
export function countSeverities(changes: readonly Change[]): SeverityCounts {
  const counts = { widened: 0, replaced: 0, narrowed: 0, other: 0 };
  for (const c of changes) counts[c.severity]++;
  return counts;
}

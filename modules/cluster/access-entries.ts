import { Fn, type IResolvable, Lazy, ref, Token } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { type AccessEntryType, type EksAccessPolicyName, POLICY_ENTRY_TYPES } from "../core/access-policies";
import { validateArn } from "../core/arns";
import { ValidationError } from "../core/errors";
import { checkRule, idFromName, isToken, rules, validateDistinct, validateOneOf } from "../core/naming";
import { ACCESS_ENTRY_TYPES } from "../core/access-policies";

/**
 * Who can do what in the cluster: EKS access entries (an IAM principal's Kubernetes identity) and
 * the EKS access policies associated with them, each scoped to the cluster or to namespaces; and
 * what the principal that creates the cluster gets. `EksCluster` calls {@link addAccessEntries}.
 */

/** An EKS access policy associated with an access entry, and where it applies. */
export interface AccessPolicyAssociation {
  /** The access policy, by its AWS name: `AmazonEKSClusterAdminPolicy`, `AmazonEKSAdminPolicy`, `AmazonEKSEditPolicy`, `AmazonEKSViewPolicy`, ... */
  readonly policy: EksAccessPolicyName;
  /**
   * Where the policy's permissions apply: `cluster` (every namespace, and cluster-wide resources) or
   * `namespace` (only the objects of `namespaces`).
   */
  readonly scope: "cluster" | "namespace";
  /**
   * The namespaces of a `namespace` scope (at least one); `*` matches any characters (`dev-*`). Not
   * with scope `cluster`.
   * @default none (required with scope `namespace`)
   */
  readonly namespaces?: readonly string[];
}

/** An IAM principal's access to the cluster's Kubernetes API. */
export interface AccessEntry {
  /**
   * ARN of the IAM role or user (`arn:aws:iam::<account>:role/<path/><name>`), as IAM names it: not
   * an assumed-role session ARN (`arn:aws:sts::...:assumed-role/...`). Each principal has one entry
   * per cluster.
   */
  readonly principalArn: string;
  /**
   * The entry's type: `STANDARD` for people and tools; `EC2_LINUX`, `EC2_WINDOWS`, `FARGATE_LINUX`,
   * `HYBRID_LINUX`, `EC2` (Auto Mode node classes) or `HYPERPOD_LINUX` for the roles of nodes EKS
   * does not manage itself, which take an IAM role ARN and get their permissions from EKS. Changing
   * it replaces the entry.
   * @default "STANDARD"
   */
  readonly type?: AccessEntryType;
  /**
   * Kubernetes groups the principal belongs to (the names of `kind: Group` subjects in your
   * RoleBindings and ClusterRoleBindings), for RBAC on top of or instead of access policies. Not
   * `system:` groups. `STANDARD` entries only.
   * @default none
   */
  readonly kubernetesGroups?: readonly string[];
  /**
   * The Kubernetes user name (for RBAC and the audit log), for example `alice` or
   * `admin:{{SessionName}}`. `STANDARD` entries only.
   * @default EKS's: a user's ARN, or a role's assumed-role ARN with `{{SessionName}}`
   */
  readonly userName?: string;
  /**
   * EKS access policies and their scopes, each policy once. `STANDARD` entries (and `EC2` entries,
   * with `AmazonEKSAutoNodePolicy`).
   * @default none: only what `kubernetesGroups` are bound to
   */
  readonly policies?: readonly AccessPolicyAssociation[];
}

/**
 * What the principal that creates the cluster (the one running Terraform) gets:
 * - `accessEntry`: an ordinary access entry with `AmazonEKSClusterAdminPolicy` at cluster scope,
 *   made by Terraform like any other and removed by setting `none`; EKS's bootstrap is off.
 * - `bootstrap`: EKS's bootstrap admin (`bootstrap_cluster_creator_admin_permissions`), an entry EKS
 *   makes outside Terraform when it creates the cluster.
 * - `none`: no access of its own: the cluster's administrators come from `accessEntries`.
 */
export type ClusterCreatorAccess = "accessEntry" | "bootstrap" | "none";
export const CLUSTER_CREATOR_ACCESS: readonly ClusterCreatorAccess[] = ["accessEntry", "bootstrap", "none"];

/** The name of the access policy that makes a principal cluster admin. */
const CLUSTER_ADMIN_POLICY: EksAccessPolicyName = "AmazonEKSClusterAdminPolicy";

/** Where the creator's entry, policy and caller lookups are, below the cluster: stable, so switching the mode never renames the rest. */
const CREATOR_ID = "cluster-creator";

/**
 * Checks how the fields of one access entry fit together (the values themselves are checked by the
 * rules of modules/core/naming.ts): a `namespace` scope names namespaces and a `cluster` scope none;
 * each policy is associated once; groups, a user name and policies only where EKS takes them; a
 * node type takes a role. The configuration schema runs it on the file, the cluster on its props.
 */
export function validateAccessEntryRelations(field: string, entry: AccessEntry): void {
  const type = entry.type ?? "STANDARD";
  const at = (rest: string) => (field === "" ? rest : `${field}.${rest}`);
  if (type !== "STANDARD") {
    for (const key of ["kubernetesGroups", "userName"] as const) {
      if (entry[key] !== undefined) {
        throw ValidationError.invalid(at(key), entry[key], `EKS sets the Kubernetes identity of a ${type} entry itself: give ${key} to STANDARD entries only`);
      }
    }
    if (!isToken(entry.principalArn) && /:user\//.test(entry.principalArn)) {
      throw ValidationError.invalid(
        at("principalArn"),
        entry.principalArn,
        `a ${type} entry is for the IAM role of nodes: give a role ARN, or make it a STANDARD entry`,
      );
    }
  }
  const policies = entry.policies ?? [];
  if (policies.length > 0 && !POLICY_ENTRY_TYPES.includes(type)) {
    throw ValidationError.invalid(
      at("policies"),
      policies.map((p) => p.policy),
      `EKS associates access policies with ${POLICY_ENTRY_TYPES.join(" and ")} entries only (it grants ${type} entries what nodes need)`,
    );
  }
  const seen = new Map<string, number>();
  policies.forEach((association, i) => {
    const first = seen.get(association.policy);
    if (first !== undefined) {
      throw ValidationError.invalid(
        at(`policies[${i}].policy`),
        association.policy,
        `policies[${first}] associates it already: each policy is associated once, with one scope (list its namespaces together)`,
      );
    }
    seen.set(association.policy, i);
    if (association.scope === "namespace" && (association.namespaces === undefined || association.namespaces.length === 0)) {
      throw ValidationError.invalid(
        at(`policies[${i}].namespaces`),
        association.namespaces ?? [],
        'a "namespace" scope needs at least one namespace: list them, or use scope "cluster" for every namespace',
      );
    }
    if (association.scope === "cluster" && association.namespaces !== undefined) {
      throw ValidationError.invalid(
        at(`policies[${i}].namespaces`),
        association.namespaces,
        'a "cluster" scope covers every namespace: leave namespaces out, or use scope "namespace"',
      );
    }
  });
}

/** Checks one access entry: each value by its rule, then how they fit together. */
export function validateAccessEntry(field: string, entry: AccessEntry): void {
  validateArn(`${field}.principalArn`, entry.principalArn, "iamPrincipal");
  if (entry.type !== undefined) validateOneOf(`${field}.type`, entry.type, ACCESS_ENTRY_TYPES);
  (entry.kubernetesGroups ?? []).forEach((group, i) => checkRule(`${field}.kubernetesGroups[${i}]`, group, rules.kubernetesGroup));
  validateDistinct(`${field}.kubernetesGroups`, entry.kubernetesGroups ?? []);
  if (entry.userName !== undefined) checkRule(`${field}.userName`, entry.userName, rules.accessEntryUserName);
  (entry.policies ?? []).forEach((association, i) => {
    const at = `${field}.policies[${i}]`;
    checkRule(`${at}.policy`, association.policy, rules.accessPolicy);
    validateOneOf(`${at}.scope`, association.scope, ["cluster", "namespace"]);
    (association.namespaces ?? []).forEach((namespace, j) => checkRule(`${at}.namespaces[${j}]`, namespace, rules.accessScopeNamespace));
    validateDistinct(`${at}.namespaces`, association.namespaces ?? []);
  });
  validateAccessEntryRelations(field, entry);
}

/**
 * Checks that no principal has two entries: EKS allows one per principal and cluster, and the second
 * would fail at apply. `adminPrincipalArns` (the short form of a cluster-admin entry) counts too.
 */
export function validateAccessEntryPrincipals(entries: readonly AccessEntry[] | undefined, adminPrincipalArns: readonly string[] | undefined): void {
  const seen = new Map<string, string>();
  (adminPrincipalArns ?? []).forEach((arn, i) => seen.set(arn, `adminPrincipalArns[${i}]`));
  (entries ?? []).forEach((entry, i) => {
    const first = seen.get(entry.principalArn);
    if (first !== undefined && !isToken(entry.principalArn)) {
      throw ValidationError.invalid(
        `accessEntries[${i}].principalArn`,
        entry.principalArn,
        `${first} names it already: EKS gives a principal one access entry per cluster; give it every policy in one entry`,
      );
    }
    seen.set(entry.principalArn, `accessEntries[${i}]`);
  });
}

/** What {@link addAccessEntries} needs of the cluster. */
export interface AccessEntriesContext {
  /** The cluster's name (a reference to the `aws_eks_cluster`, so the entries wait for it). */
  readonly clusterName: string;
  /** The partition of the access policy ARNs (a token of `data.aws_partition`). */
  readonly partition: string;
  /** Tags of the entries. */
  readonly tags?: { readonly [key: string]: string };
  /**
   * Whether the cluster was created with EKS's bootstrap admin (the `aws_eks_cluster`'s recorded
   * `bootstrap_cluster_creator_admin_permissions`, a Terraform expression): with the default
   * creator access, such a cluster keeps it and gets no second entry for its creator.
   */
  readonly createdWithBootstrap: boolean | IResolvable;
}

/** The access entries of a cluster. */
export interface ClusterAccessEntries {
  /** The entries of `accessEntries` and `adminPrincipalArns`, by principal ARN. */
  readonly entries: { readonly [principalArn: string]: EksAccessEntry };
  /** The creator's entry, with `clusterCreatorAccess` `accessEntry` (the default). */
  readonly creator?: EksAccessEntry;
}

/**
 * Creates the access entries of a cluster below it: `access-entry-<principal>` and
 * `access-entry-<principal>-<policy>` for `accessEntries`, `admin-<principal>` and
 * `admin-<principal>-policy` for `adminPrincipalArns` (as before), and `cluster-creator` for the
 * creator. IDs come from the principal and the policy, never positions: adding or reordering an
 * entry or a policy renames nothing. The props were checked by {@link validateAccessEntry} and
 * {@link validateAccessEntryPrincipals}.
 */
export function addAccessEntries(
  cluster: Construct,
  props: { accessEntries?: readonly AccessEntry[]; adminPrincipalArns?: readonly string[]; clusterCreatorAccess?: ClusterCreatorAccess },
  context: AccessEntriesContext,
): ClusterAccessEntries {
  const policyArn = (policy: string) => `arn:${context.partition}:eks::aws:cluster-access-policy/${policy}`;
  const entries: Record<string, EksAccessEntry> = {};
  const keyOf = (field: string, arn: string) => {
    // A reference cannot name its entry: the ARN's form was checked, literal ones only from here.
    if (isToken(arn)) throw new ValidationError(field, "is a reference only known at apply time: give literal ARNs, since each names its access entry");
    return idFromName(arn.slice(arn.indexOf("::") + 2));
  };

  for (const [i, arn] of (props.adminPrincipalArns ?? []).entries()) {
    const key = keyOf(`adminPrincipalArns[${i}]`, arn);
    const entry = new EksAccessEntry(cluster, `admin-${key}`, { clusterName: context.clusterName, principalArn: arn, type: "STANDARD", tags: context.tags });
    new EksAccessPolicyAssociation(cluster, `admin-${key}-policy`, {
      clusterName: context.clusterName,
      principalArn: entry.principalArn,
      policyArn: policyArn(CLUSTER_ADMIN_POLICY),
      accessScope: { type: "cluster" },
    });
    entries[arn] = entry;
  }

  for (const [i, spec] of (props.accessEntries ?? []).entries()) {
    const id = `access-entry-${keyOf(`accessEntries[${i}].principalArn`, spec.principalArn)}`;
    const entry = new EksAccessEntry(cluster, id, {
      clusterName: context.clusterName,
      principalArn: spec.principalArn,
      type: spec.type ?? "STANDARD",
      kubernetesGroups: spec.kubernetesGroups ? [...spec.kubernetesGroups] : undefined,
      userName: spec.userName,
      tags: context.tags,
    });
    for (const association of spec.policies ?? []) {
      new EksAccessPolicyAssociation(cluster, `${id}-${association.policy}`, {
        clusterName: context.clusterName,
        principalArn: entry.principalArn,
        policyArn: policyArn(association.policy),
        accessScope: association.scope === "cluster" ? { type: "cluster" } : { type: "namespace", namespaces: [...(association.namespaces ?? [])] },
      });
    }
    entries[spec.principalArn] = entry;
  }

  const mode = props.clusterCreatorAccess;
  if (mode === "bootstrap" || mode === "none") return { entries };

  // The principal running Terraform, as IAM names it (a role's ARN for an assumed-role session).
  const caller = new DataAwsCallerIdentity(cluster, `${CREATOR_ID}-caller`);
  const creatorArn = new DataAwsIamSessionContext(cluster, `${CREATOR_ID}-session`, { arn: caller.arn }).issuerArn;
  // By default, only for a cluster created without EKS's bootstrap admin: one created with it (by
  // an earlier version of this library) keeps that entry, and a second one would fail at apply.
  const count = mode === undefined ? Token.asNumber(Fn.conditional(context.createdWithBootstrap, 0, 1)) : undefined;
  const listed = Object.keys(entries).filter((arn) => !isToken(arn));
  /** The entry's own principal, in its postcondition. */
  const selfPrincipalArn = ref("self.principal_arn");
  // The principal is the one that created the cluster: whoever runs Terraform later changes nothing.
  const lifecycle = { ignoreChanges: ["principal_arn"] };
  const creator = new EksAccessEntry(cluster, CREATOR_ID, {
    count,
    clusterName: context.clusterName,
    principalArn: creatorArn,
    type: "STANDARD",
    tags: context.tags,
    lifecycle:
      listed.length === 0
        ? lifecycle
        : {
            ...lifecycle,
            // Caught at plan, rather than as a duplicate entry at apply.
            postcondition: [
              {
                // Expressions of the library's own, as tokens: the element writes plain strings as data.
                condition: Lazy.stringValue({ produce: () => `\${!contains(${JSON.stringify(listed)}, self.principal_arn)}` }),
                errorMessage: `clusterCreatorAccess: the cluster creator ${selfPrincipalArn} has an entry in accessEntries or adminPrincipalArns too, and EKS gives a principal one entry: remove it there, or set clusterCreatorAccess "none"`,
              },
            ],
          },
  });
  new EksAccessPolicyAssociation(cluster, `${CREATOR_ID}-policy`, {
    count,
    clusterName: context.clusterName,
    principalArn: creatorArn,
    policyArn: policyArn(CLUSTER_ADMIN_POLICY),
    accessScope: { type: "cluster" },
    dependsOn: [creator],
    lifecycle,
  });
  return { entries, creator };
}

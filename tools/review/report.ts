/**
 * The access report: what the review reads from one synthesized cdktf.out. These types are part of
 * the JSON the review prints with `--format json` (see `document.ts`): plain data, no Markdown, no
 * file paths, sorted so that the same input always gives the same output.
 *
 * Identities: a role, service account, add-on or Pod Identity association is identified across a
 * base and a head by `key`, `<stack>/<construct path>`; `logicalId` is its Terraform address's
 * name (`aws_iam_role.<logicalId>`), whose change replaces the resource.
 */
import type { PolicyDocument } from "./policy";

/**
 * How pods get a role's credentials, from its trust policy: `irsa` (an
 * `sts:AssumeRoleWithWebIdentity` statement for a cluster's OIDC provider), `podIdentity` (a
 * statement trusting the service `pods.eks.amazonaws.com`), `both`, or `none` (neither: a role
 * trusted only through kube2iam, or not a workload role at all).
 */
export type Mechanism = "irsa" | "podIdentity" | "both" | "none";

/** An `aud` condition of a web identity trust statement. */
export interface AudienceCondition {
  /** The condition operator (`StringEquals`, `StringLike`, ...). */
  readonly match: string;
  /** The audiences it accepts, such as `sts.amazonaws.com`, sorted. */
  readonly values: readonly string[];
}

/** One `sub` value an IRSA trust statement accepts, through one OIDC provider. */
export interface TrustedSubject {
  /** The trusted cluster's name, or the OIDC provider (ARN or shortened expression) when no cluster could be found. */
  readonly cluster: string;
  /**
   * The trusted OIDC provider (the federated principal): `<stack>/<construct path>` of its
   * `aws_iam_openid_connect_provider` when the output has it, else its ARN or shortened expression.
   */
  readonly provider: string;
  /** The condition operator (`StringEquals`, `StringLike`, ...), or `any` when no `sub` condition restricts the subject. */
  readonly match: string;
  /** The `sub` value, such as `system:serviceaccount:orders:orders-api`; `*` when there is no `sub` condition. */
  readonly subject: string;
  /** The namespace, when the subject is `system:serviceaccount:<namespace>:<name>`. */
  readonly namespace?: string;
  /** The service account's name, likewise. */
  readonly serviceAccount?: string;
  /**
   * The `aud` conditions of the subject's trust statement, sorted; within one statement all of
   * them must hold. When several statements trust the same subject, any one of them lets it in,
   * so this is empty as soon as one of them has no `aud` condition. Empty: any audience.
   */
  readonly audiences: readonly AudienceCondition[];
  /** Whether the subject matches more than one service account: no `sub` condition, or a `*`/`?` pattern under a `...Like` operator. */
  readonly wildcard: boolean;
}

/**
 * A condition that pins Pod Identity trust (`aws:SourceArn`, `aws:SourceAccount`), whatever its
 * operator. Merged over the role's Pod Identity statements: present only when every one of them
 * has it.
 */
export interface PodIdentityPin {
  /** The operators (`ArnEquals`, `StringEquals`, ...), sorted. */
  readonly matches: readonly string[];
  /** The values, as written (expressions shortened), sorted. */
  readonly values: readonly string[];
}

/** The Pod Identity trust of a role: statements that let the service `pods.eks.amazonaws.com` assume it. */
export interface PodIdentityTrust {
  /** The actions allowed to the service, sorted (`sts:AssumeRole`, `sts:TagSession`). */
  readonly actions: readonly string[];
  /** The `aws:SourceArn` pin: which clusters' associations may hand out the role. Absent: any cluster's. */
  readonly sourceArn?: PodIdentityPin;
  /** The `aws:SourceAccount` pin. Absent: clusters of any account (with an association there). */
  readonly sourceAccount?: PodIdentityPin;
  /**
   * The clusters the `aws:SourceArn` pin names: a cluster's name when the value refers to a
   * cluster of the output or is a literal cluster ARN, else the shortened expression. Empty when
   * not pinned.
   */
  readonly clusters: readonly string[];
  /** Any other conditions every Pod Identity statement asks for (`<operator> <key> <values>`), sorted. */
  readonly conditions: readonly string[];
  /**
   * The service accounts the statements admit through the session tags `kubernetes-namespace` and
   * `kubernetes-service-account`, `<namespace>/<name>`, sorted: each statement admits every pair of
   * its namespaces and names. Absent when a statement pins neither, so any service account is admitted.
   */
  readonly serviceAccounts?: readonly string[];
}

/** A principal the trust policy lets assume the role, other than a cluster's service accounts (IRSA, Pod Identity, kube2iam). */
export interface TrustedPrincipal {
  /** `AWS`, `Service`, `Federated`, `*`, or `NOT <type>` for NotPrincipal. */
  readonly type: string;
  /** The principal, shortened when it is an expression. */
  readonly identifier: string;
  /** The actions it is allowed, such as `sts:AssumeRole`, sorted. */
  readonly actions: readonly string[];
  /** The conditions every statement that trusts it asks for (`<operator> <key> <values>`), sorted. */
  readonly conditions: readonly string[];
}

/** Who may assume a role. */
export interface RoleTrust {
  /** IRSA: the subjects trusted through OIDC providers, one per provider, operator and subject, sorted by cluster and subject. */
  readonly irsa: readonly TrustedSubject[];
  /** Pod Identity, when a statement trusts `pods.eks.amazonaws.com`. */
  readonly podIdentity?: PodIdentityTrust;
  /**
   * kube2iam transitional trust: the node roles (a role's name when the ARN refers to a role of the
   * output, else the shortened ARN) that the `Kube2iamMigration` statement (or, on a role tagged
   * `MigrationTrust = kube2iam`, an `AWS` principal statement) lets assume the role: any pod on
   * those nodes, through kube2iam. Sorted; empty when none.
   */
  readonly kube2iamNodeRoles: readonly string[];
  /** Any other principal, by type and identifier. */
  readonly principals: readonly TrustedPrincipal[];
  /** The trust policy as written (shortened) when it cannot be read here: review it by hand. */
  readonly unreadable?: string;
}

/** A policy that grants a role permissions. */
export interface Policy {
  /** `managed`: attached by ARN, its content is not in the output; `customer`: an `aws_iam_policy` of the output; `inline`: `aws_iam_role_policy` or the role's `inline_policy`. */
  readonly kind: "managed" | "customer" | "inline";
  /** The ARN (managed), or the policy's name. */
  readonly name: string;
  /** The statements (customer and inline policies). */
  readonly document?: PolicyDocument;
  /**
   * The inputs of an add-on preset's policy whose wildcards are wider than upstream's policy, which
   * the binding accepted with `acknowledgeWideningWildcards` (the policy's tag `AddonWiderThanUpstream`),
   * with the preset (`externalDns: hostedZoneArns`). Absent when none.
   */
  readonly widerThanUpstream?: string;
}

/** What hands a role to pods. */
export type CarrierKind = "serviceAccount" | "addOn" | "podIdentityAssociation";

/**
 * What hands a role to pods: a Kubernetes service account annotated with
 * `eks.amazonaws.com/role-arn` (IRSA), an EKS add-on's `service_account_role_arn` or its
 * `pod_identity_association` (label `<add-on> (Pod Identity, <service account>)`), or an
 * `aws_eks_pod_identity_association`.
 */
export interface Carrier {
  /** The identity across base and head: `<stack>/<construct path>`. */
  readonly key: string;
  readonly stack: string;
  /** The construct path, without the stack's name. */
  readonly path: string;
  /** The Terraform resource type (`kubernetes_service_account_v1`, `aws_eks_addon`, `aws_eks_pod_identity_association`, ...). */
  readonly type: string;
  /** The Terraform logical id: the address is `<type>.<logicalId>`. */
  readonly logicalId: string;
  readonly kind: CarrierKind;
  /** `<namespace>/<name>` of a service account or association, the add-on's name of an add-on. */
  readonly label: string;
  /** The cluster of an association (its `cluster_name`: the name, or a shortened expression). */
  readonly cluster?: string;
  /**
   * Whether the role's trust policy lets this carrier's pods in: an IRSA subject matching the
   * service account, or Pod Identity trust whose `aws:SourceArn` pin (if any) names the
   * association's cluster. Absent when that cannot be told (names only known at apply time).
   */
  readonly trusted?: boolean;
  /** The key of the role the carrier names, when that role is in the output (workload role or not). */
  readonly roleKey?: string;
  /** The role the carrier names, as written (shortened). */
  readonly roleExpression: string;
  /** An association's `disable_session_tags`, when set. */
  readonly disableSessionTags?: boolean;
  /** An association's `target_role_arn` (role chaining), shortened, when set. */
  readonly targetRoleArn?: string;
  /**
   * A Pod Identity association whose namespace a Fargate profile of its cluster takes whole (a
   * selector without labels): its pods run on Fargate, where EKS Pod Identity does not work, so they
   * get no credentials from it. The profile's name. Absent otherwise.
   */
  readonly onFargate?: string;
  /** An association's session policy (`policy`): its pods get only what the role and it both allow. */
  readonly sessionPolicy?: PolicyDocument;
}

/**
 * A Fargate profile that names a role as its pod execution role: Fargate pulls the images and writes
 * the logs of the pods it selects with that role (the pods themselves get no credentials from it).
 */
export interface FargateProfileUse {
  /** The identity across base and head: `<stack>/<construct path>`. */
  readonly key: string;
  readonly stack: string;
  /** The construct path, without the stack's name. */
  readonly path: string;
  /** The Terraform logical id: `aws_eks_fargate_profile.<logicalId>`. */
  readonly logicalId: string;
  /** The profile's name. */
  readonly name: string;
  /** The cluster (its `cluster_name`: the name, or a shortened expression). */
  readonly cluster: string;
  /** The pods it selects: `<namespace>`, or `<namespace> (<label>=<value>, ...)`; `*` and `?` match any characters. */
  readonly selectors: readonly string[];
}

/** A workload role: who may assume it, through which mechanism, with what permissions, and what carries it. */
export interface RoleAccess {
  /** The identity across base and head: `<stack>/<construct path>`. */
  readonly key: string;
  readonly stack: string;
  /** The construct path, without the stack's name. */
  readonly path: string;
  /** The Terraform logical id: `aws_iam_role.<logicalId>`. */
  readonly logicalId: string;
  /** The role's name, or a shortened expression, or its construct path when it has no name. */
  readonly name: string;
  readonly mechanism: Mechanism;
  /** Whether the role has kube2iam transitional trust (see {@link RoleTrust.kube2iamNodeRoles}). */
  readonly kube2iam: boolean;
  readonly trust: RoleTrust;
  /** Managed, then customer, then inline policies, each by name. */
  readonly policies: readonly Policy[];
  /** The permissions boundary's ARN or name, when set. */
  readonly permissionsBoundary?: string;
  /** What hands the role to pods, by stack, label and path. */
  readonly carriers: readonly Carrier[];
  /**
   * The outputs of the role's stack whose value names the role (its ARN alone, or inside a Helm
   * chart's values), sorted: how a role that nothing in the output carries reaches a chart
   * installed outside Terraform. Absent when none.
   */
  readonly outputs?: readonly string[];
  /**
   * For a Fargate pod execution role (trusted by `eks-fargate-pods.amazonaws.com`): the Fargate
   * profiles that use it, sorted by stack and path (empty when none does). Absent for other roles.
   */
  readonly fargateProfiles?: readonly FargateProfileUse[];
}

/** A cluster or OIDC provider a stack defines or looks up, or whose trust its roles use. */
export interface InfrastructureItem {
  readonly kind: "cluster" | "oidcProvider";
  /** The cluster's name; for a provider, its cluster's name when the output shows it, else its URL or ARN (shortened). */
  readonly name: string;
  /** For a provider: whether `name` is its cluster's. */
  readonly ofCluster?: boolean;
  /**
   * `resource`: the stack creates it; `dataSource`: the stack looks it up; `otherStack`: its
   * roles trust it and another stack of the output defines it; `external`: its roles trust it and
   * the output does not define it.
   */
  readonly source: "resource" | "dataSource" | "otherStack" | "external";
  /** The construct path (`resource`, `dataSource`). */
  readonly path?: string;
  /** The stack that defines it (`otherStack`). */
  readonly definedIn?: string;
}

/** An EKS access policy associated with an access entry, and where it applies. */
export interface AccessPolicyGrant {
  /** The association's identity across base and head: `<stack>/<construct path>`. */
  readonly key: string;
  /** The Terraform logical id: `aws_eks_access_policy_association.<logicalId>`. */
  readonly logicalId: string;
  /** The policy's name (`AmazonEKSViewPolicy`), or the shortened ARN when it names no policy. */
  readonly policy: string;
  /** `cluster`: every namespace and the cluster-wide resources; `namespace`: only `namespaces`. */
  readonly scope: string;
  /** The namespaces of a `namespace` scope (EKS matches `*` in them), sorted; empty for `cluster`. */
  readonly namespaces: readonly string[];
}

/**
 * An EKS access entry: an IAM principal's access to a cluster's Kubernetes API, through the access
 * policies associated with it (each at cluster or namespace scope) and the Kubernetes groups it
 * belongs to (whatever RBAC binds them to).
 */
export interface AccessEntryAccess {
  /** The identity across base and head: `<stack>/<construct path>`. */
  readonly key: string;
  readonly stack: string;
  /** The construct path, without the stack's name. */
  readonly path: string;
  /** The Terraform logical id: `aws_eks_access_entry.<logicalId>` (or of its first policy, for an entry made elsewhere). */
  readonly logicalId: string;
  /** The cluster (its name, or a shortened expression). */
  readonly cluster: string;
  /** The IAM principal: its ARN, a shortened expression, or `the cluster creator (whoever runs Terraform)`. */
  readonly principal: string;
  /** Whether the principal is the caller that runs Terraform (the cluster creator's entry). */
  readonly creator: boolean;
  /** `STANDARD`, or a node type (`EC2_LINUX`, ...). */
  readonly type: string;
  /** The Kubernetes groups, sorted. */
  readonly kubernetesGroups: readonly string[];
  /** The Kubernetes user name, when set. */
  readonly userName?: string;
  /** The access policies, by policy name. */
  readonly policies: readonly AccessPolicyGrant[];
  /** The entry exists only when this holds (its `count`, shortened): the creator's entry of a cluster made without EKS's bootstrap admin. */
  readonly conditional?: string;
  /** The entry itself is not in this output (only policies associated with its principal are). */
  readonly madeElsewhere?: boolean;
}

/** The workload access of one stack. */
export interface StackAccess {
  readonly name: string;
  readonly infrastructure: readonly InfrastructureItem[];
  /** Roles with IRSA, Pod Identity or kube2iam trust, and Fargate pod execution roles, by construct path. */
  readonly roles: readonly RoleAccess[];
  /**
   * The stack's other IAM roles (cluster and node roles, ...). Not shown, but a workload role of
   * the base that loses its workload trust is diffed against its entry here.
   */
  readonly otherRoles: readonly RoleAccess[];
  /** Carriers in this stack whose role is no workload role of the output. */
  readonly strayCarriers: readonly Carrier[];
  /** Who can do what in the stack's clusters: its EKS access entries, by construct path; absent when it has none. */
  readonly accessEntries?: readonly AccessEntryAccess[];
  /** The stack's Terraform `moved` blocks, `from` address -> `to` address: those resources are not replaced. */
  readonly moved: { readonly [from: string]: string };
}

/** The workload access of a whole cdktf.out, stacks by name. */
export interface AccessReport {
  readonly stacks: readonly StackAccess[];
}

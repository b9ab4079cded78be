import { TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IEksClusterRef, requireOidcProvider } from "./cluster-ref";
import type { PolicyStatement } from "./policy-statement";
import { IOidcProvider, STS_AUDIENCE } from "./oidc-provider";
import {
  derivedRoleName,
  hasWildcard,
  idFromName,
  isToken,
  truncateWithHash,
  validateIamPath,
  validateNamespace,
  validatePolicyName,
  validateRange,
  validateRoleName,
  validateServiceAccountName,
} from "./naming";
import { ValidationError } from "./errors";

/** A Kubernetes service account, by namespace and name. */
export interface ServiceAccountSubject {
  /** The namespace (a DNS-1123 label; with `StringLike`, `*` and `?` match any characters). */
  readonly namespace: string;
  /** The service account's name (a DNS-1123 subdomain; with `StringLike`, `*` and `?` match any characters). */
  readonly name: string;
}

/** How the trust policy compares the token's `sub` claim with the subjects. */
export type SubjectMatch = "StringEquals" | "StringLike";

/** The permissions of an IRSA role; shared by `IrsaRole` and `IrsaServiceAccount`. */
export interface IrsaPermissions {
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
   * elsewhere through `IrsaRole.policy`).
   * @default no such policy
   */
  readonly policyStatements?: readonly PolicyStatement[];
}

/** Options of an IRSA role, without what it trusts. */
export interface IrsaRoleOptions extends IrsaPermissions {
  /**
   * The role's name (at most 64 characters from letters, digits and `+=,.@_-`).
   * @default `<stack name>_<namespace>_<name>` for one subject, `<stack name>_<construct path>` otherwise, shortened to 64 characters with a hash (see `derivedRoleName`)
   */
  readonly roleName?: string;
  /**
   * The role's IAM path.
   * @default "/"
   */
  readonly path?: string;
  /**
   * The role's description.
   * @default "IRSA role for <namespace>/<name>, ..."
   */
  readonly description?: string;
  /**
   * ARN of a policy that bounds the role's permissions.
   * @default none
   */
  readonly permissionsBoundary?: string;
  /**
   * The longest session, in seconds (3600 to 43200).
   * @default 3600
   */
  readonly maxSessionDuration?: number;
  /**
   * Tags of the role (besides `ServiceAccountNameSpace` and `ServiceAccountName`, which the role always carries).
   * @default none
   */
  readonly tags?: { readonly [key: string]: string };
  /**
   * How the trust policy matches the `sub` claim. `StringLike` lets namespaces and names hold the
   * wildcards `*` and `?`; it must be asked for explicitly because a wildcard widens who can assume the role.
   * @default "StringEquals"
   */
  readonly subjectMatch?: SubjectMatch;
  /**
   * The longest trust policy this account accepts. IAM's quota "Role trust policy length" is 2048
   * characters by default; raise it in Service Quotas (service IAM) and set the new value here.
   * @default 2048
   */
  readonly maxTrustPolicyLength?: number;
}

/** Props of {@link IrsaRole}. */
export interface IrsaRoleProps extends IrsaRoleOptions {
  /**
   * The cluster whose pods may assume the role: an `EksCluster`, or one looked up with
   * `EksCluster.fromClusterName`. Its OIDC provider is trusted first, before `oidcProviders`.
   * @default none; then `oidcProviders` must name at least one provider
   */
  readonly cluster?: IEksClusterRef;
  /**
   * OIDC providers of (further) clusters whose pods may assume the role; several for one role
   * shared by a blue and a green cluster, or by clusters in several regions. One trust statement each.
   * @default none; then `cluster` must be given
   */
  readonly oidcProviders?: readonly IOidcProvider[];
  /** The service accounts whose pods may assume the role. */
  readonly serviceAccounts: readonly ServiceAccountSubject[];
}

/** The `sub` claim of a service account's projected token. */
export function subjectOf(sa: ServiceAccountSubject): string {
  return `system:serviceaccount:${sa.namespace}:${sa.name}`;
}

/**
 * Length of an issuer host used for the estimate when the host is only known at apply time:
 * `oidc.eks.<region>.amazonaws.com/id/<32 hex>` in a 14-character region such as ap-southeast-4.
 */
const ESTIMATED_ISSUER_HOST = `oidc.eks.ap-southeast-4.amazonaws.com/id/${"0".repeat(32)}`;
/** Likewise for a provider ARN: `arn:aws:iam::<account>:oidc-provider/<host>`. */
const ESTIMATED_PROVIDER_ARN = `arn:aws:iam::123456789012:oidc-provider/${ESTIMATED_ISSUER_HOST}`;

/**
 * The trust policy as IAM stores and counts it (no white space), with the values that are only
 * known at apply time replaced by ones of a real EKS issuer's length.
 */
export function estimateTrustPolicy(
  providers: readonly IOidcProvider[],
  subjects: readonly string[],
  match: SubjectMatch,
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: providers.map((p) => {
      const host = isToken(p.issuerHost) ? ESTIMATED_ISSUER_HOST : p.issuerHost;
      const sub = { [`${host}:sub`]: subjects.length === 1 ? subjects[0] : subjects };
      const aud = { [`${host}:aud`]: STS_AUDIENCE };
      return {
        Effect: "Allow",
        Principal: { Federated: isToken(p.arn) ? ESTIMATED_PROVIDER_ARN : p.arn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: match === "StringEquals" ? { StringEquals: { ...sub, ...aud } } : { StringLike: sub, StringEquals: aud },
      };
    }),
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** IAM tag values allow letters, digits, spaces and `_.:/=+-@`, at most 256 characters. */
function tagValue(values: readonly string[]): string {
  const text = [...new Set(values)].join(" ").replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "_");
  return text.length > 256 ? `${text.slice(0, 253)}...` : text;
}

/**
 * An IAM role that only the pods of the given Kubernetes service accounts, in the clusters of the
 * given OIDC providers, can assume (IAM Roles for Service Accounts).
 *
 * The trust policy is an `aws_iam_policy_document` data source rather than `jsonencode`: its
 * statements stay structured in the synthesized JSON (so the access review can read them and a
 * reviewer can diff them), and the condition keys `<issuer host>:sub` / `:aud` are Terraform
 * interpolations, since the issuer host is only known once the cluster exists.
 */
export class IrsaRole extends Construct {
  /** The role's ARN: what the service account's `eks.amazonaws.com/role-arn` annotation carries. */
  public readonly arn: string;
  /** The role's name. */
  public readonly name: string;
  /** The service accounts the role trusts, sorted by subject. */
  public readonly serviceAccounts: readonly ServiceAccountSubject[];
  /** The `sub` claims the role trusts: `system:serviceaccount:<namespace>:<name>`. */
  public readonly subjects: readonly string[];
  /** How the trust policy matches the subjects. */
  public readonly subjectMatch: SubjectMatch;
  /** The `aws_iam_role` resource. */
  public readonly role: IamRole;
  /** The trust policy document. */
  public readonly trustPolicy: DataAwsIamPolicyDocument;
  /** The customer-managed policy made from `policyStatements`, if any. */
  public readonly policy?: IamPolicy;

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const match = props.subjectMatch ?? "StringEquals";
    if (match !== "StringEquals" && match !== "StringLike") {
      throw new ValidationError(`subjectMatch`, `${JSON.stringify(match)} is invalid: allowed values are StringEquals, StringLike`);
    }
    const providers = trustedProviders(props);
    if (props.serviceAccounts.length === 0) {
      throw new ValidationError("serviceAccounts", "[] is invalid: an IRSA role trusts at least one service account { namespace, name }");
    }
    const seen = new Set<string>();
    props.serviceAccounts.forEach((sa, i) => {
      const wildcards = match === "StringLike";
      validateNamespace(`serviceAccounts[${i}].namespace`, sa.namespace, wildcards);
      validateServiceAccountName(`serviceAccounts[${i}].name`, sa.name, wildcards);
      const subject = subjectOf(sa);
      if (seen.has(subject)) {
        throw new ValidationError(`serviceAccounts[${i}]`, `${sa.namespace}/${sa.name} is declared twice: each service account may appear once`);
      }
      seen.add(subject);
    });
    // Sorted, so that reordering the subjects in the configuration changes nothing in the plan.
    this.serviceAccounts = props.serviceAccounts
      .map((sa) => ({ namespace: sa.namespace, name: sa.name }))
      .sort((a, b) => compare(subjectOf(a), subjectOf(b)));
    this.subjects = this.serviceAccounts.map(subjectOf);
    this.subjectMatch = match;

    const roleName = props.roleName ?? this.derivedRoleName();
    validateRoleName("roleName", roleName);
    claimRoleName(this, roleName);
    if (props.path !== undefined) validateIamPath("path", props.path);
    if (props.maxSessionDuration !== undefined) validateRange("maxSessionDuration", props.maxSessionDuration, 3600, 43200);

    const maxLength = props.maxTrustPolicyLength ?? 2048;
    const estimate = estimateTrustPolicy(providers, this.subjects, match).length;
    if (estimate > maxLength) {
      throw new ValidationError(
        "serviceAccounts",
        `(${this.subjects.length} subjects, ${providers.length} providers) make a trust policy of about ` +
          `${estimate} characters, over the ${maxLength} allowed: IAM's quota "Role trust policy length" is 2048 by default. ` +
          "Split the subjects over several roles, use StringLike with a wildcard, or raise the quota in Service Quotas " +
          "(AWS Identity and Access Management (IAM) > Role trust policy length) and set maxTrustPolicyLength",
      );
    }

    this.trustPolicy = new DataAwsIamPolicyDocument(this, "trust-policy", {
      statement: providers.map((provider) => ({
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [provider.arn] }],
        condition: [
          { test: match, variable: `${provider.issuerHost}:sub`, values: [...this.subjects] },
          // Always pinned: a token minted for another audience must not be exchangeable for this role.
          { test: "StringEquals", variable: `${provider.issuerHost}:aud`, values: [STS_AUDIENCE] },
        ],
      })),
    });

    const describedSubjects = this.serviceAccounts.map((sa) => `${sa.namespace}/${sa.name}`).join(", ");
    this.role = new IamRole(this, "role", {
      name: roleName,
      path: props.path,
      description: props.description ?? truncateWithHash(`IRSA role for ${describedSubjects}`, 1000),
      assumeRolePolicy: this.trustPolicy.json,
      permissionsBoundary: props.permissionsBoundary,
      maxSessionDuration: props.maxSessionDuration,
      tags: {
        ...props.tags,
        ServiceAccountNameSpace: tagValue(this.serviceAccounts.map((sa) => sa.namespace)),
        ServiceAccountName: tagValue(this.serviceAccounts.map((sa) => sa.name)),
      },
    });
    this.arn = this.role.arn;
    this.name = this.role.name;

    this.policy = attachPermissions(this, this.role, roleName, props);
  }

  /**
   * `<stack>_<namespace>_<name>` for one exact subject, else `<stack>_<construct path in the
   * stack>`: unique in the stack, stable, readable in the IAM console (see `derivedRoleName`).
   */
  private derivedRoleName(): string {
    const stack = TerraformStack.of(this);
    const only = this.serviceAccounts.length === 1 ? this.serviceAccounts[0] : undefined;
    if (only && !hasWildcard(only.namespace + only.name)) return derivedRoleName(stack.node.id, [only.namespace, only.name]);
    const scopes = this.node.scopes;
    const parts = scopes.slice(scopes.indexOf(stack) + 1).map((s) => s.node.id);
    if (parts.length > 1 && parts[parts.length - 1] === "role") parts.pop();
    return derivedRoleName(stack.node.id, parts);
  }
}

/**
 * The providers a role trusts: the cluster's, then `oidcProviders`. Fails, saying how to give one,
 * when there are none or an entry is not an OIDC provider (an unset `cluster.oidcProvider` passed on).
 */
function trustedProviders(props: IrsaRoleProps): IOidcProvider[] {
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
    throw new ValidationError("oidcProviders", "[] is invalid: give the cluster, or the OIDC provider of at least one cluster in oidcProviders");
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

/** Role names per stack (lower case, as IAM compares them), with the path of the role that took each. */
const roleNamesByStack = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Fails when another IAM role of the stack already has this name: IAM role names are unique in an
 * account regardless of case, and the second role would fail at apply with EntityAlreadyExists.
 */
function claimRoleName(role: Construct, name: string): void {
  if (isToken(name)) return;
  const stack = TerraformStack.of(role);
  const names = roleNamesByStack.get(stack) ?? new Map<string, string>();
  roleNamesByStack.set(stack, names);
  const other = names.get(name.toLowerCase());
  if (other !== undefined) {
    throw new ValidationError(
      "roleName",
      `${JSON.stringify(name)} is already the name of the role at ${other}: IAM role names are unique in an account (ignoring case); give one of them another roleName`,
    );
  }
  names.set(name.toLowerCase(), role.node.path);
}

/** Renders policy statements as an `aws_iam_policy_document` data source. */
function policyDocument(scope: Construct, id: string, statements: readonly PolicyStatement[], field: string): DataAwsIamPolicyDocument {
  statements.forEach((s, i) => {
    if (s.actions.length === 0) throw new ValidationError(`${field}[${i}].actions`, `[] is invalid: a statement needs at least one action`);
    if (s.resources.length === 0) throw new ValidationError(`${field}[${i}].resources`, `[] is invalid: a statement needs at least one resource ARN (or "*")`);
    if (s.effect !== undefined && s.effect !== "Allow" && s.effect !== "Deny") {
      throw new ValidationError(`${field}[${i}].effect`, `${JSON.stringify(s.effect)} is invalid: allowed values are Allow, Deny`);
    }
  });
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: s.effect ?? "Allow",
      actions: [...s.actions],
      resources: [...s.resources],
      condition: s.conditions?.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
    })),
  });
}

/** Attaches managed policies, inline policies and a policy made from statements to a role. */
function attachPermissions(scope: Construct, role: IamRole, roleName: string, props: IrsaPermissions): IamPolicy | undefined {
  const attachments = new Map<string, string>();
  (props.managedPolicyArns ?? []).forEach((arn, i) => {
    if (isToken(arn)) {
      throw new ValidationError(
        `managedPolicyArns[${i}]`,
        `is a reference only known at apply time, so it cannot name its attachment: pass it in policyArnsByKey under a stable key`,
      );
    }
    if (!/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/.+/.test(arn)) {
      throw new ValidationError(`managedPolicyArns[${i}]`, `${JSON.stringify(arn)} is invalid: expected arn:<partition>:iam::<aws or account>:policy/<path/name>`);
    }
    const key = idFromName(arn.slice(arn.indexOf(":policy/") + ":policy/".length));
    if (attachments.has(key)) throw new ValidationError(`managedPolicyArns[${i}]`, `${JSON.stringify(arn)} is listed twice`);
    attachments.set(key, arn);
  });
  for (const [key, arn] of Object.entries(props.policyArnsByKey ?? {})) {
    const id = idFromName(key);
    if (id === "" || attachments.has(id)) {
      throw new ValidationError(`policyArnsByKey`, `key ${JSON.stringify(key)} is invalid: keys are non-empty and differ from the names of managedPolicyArns`);
    }
    attachments.set(id, arn);
  }
  for (const [key, arn] of attachments) {
    new IamRolePolicyAttachment(scope, `attach-${key}`, { role: role.name, policyArn: arn });
  }

  for (const [name, statements] of Object.entries(props.inlinePolicies ?? {})) {
    validatePolicyName(`inlinePolicies key`, name);
    const document = policyDocument(scope, `inline-${name}-document`, statements, `inlinePolicies.${name}`);
    new IamRolePolicy(scope, `inline-${name}`, { name, role: role.name, policy: document.json });
  }

  if (!props.policyStatements) return undefined;
  if (props.policyStatements.length === 0) {
    throw new ValidationError("policyStatements", "[] is invalid: leave it out, or give at least one statement");
  }
  const document = policyDocument(scope, "policy-document", props.policyStatements, "policyStatements");
  const policy = new IamPolicy(scope, "policy", {
    name: Token.isUnresolved(roleName) ? undefined : truncateWithHash(`${roleName}-policy`, 128),
    description: "Permissions of an IRSA role",
    policy: document.json,
  });
  new IamRolePolicyAttachment(scope, "attach-policy", { role: role.name, policyArn: policy.arn });
  return policy;
}

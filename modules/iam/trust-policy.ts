import { Fn } from "cdktf";
import { isToken } from "../core/naming";
import { IAM_POLICY_VERSION, iamCondition, type IamPolicyDocument, iamValues } from "./policy-document";

/**
 * The trust-policy templates of workload roles, in one place: who may assume a role, per mechanism.
 *
 * - IRSA: the cluster's IAM OIDC provider, for `sts:AssumeRoleWithWebIdentity`, only with a token
 *   whose `sub` is one of the service accounts and whose `aud` is `sts.amazonaws.com`.
 * - EKS Pod Identity: the service principal `pods.eks.amazonaws.com`, for `sts:AssumeRole` and
 *   `sts:TagSession`, pinned to the cluster's account (`aws:SourceAccount`) and, while session tags
 *   are on, to the cluster and the service accounts through the session tags EKS sets
 *   (`aws:RequestTag/eks-cluster-arn`, `kubernetes-namespace`, `kubernetes-service-account`), as the
 *   EKS User Guide ("Create IAM role with trust policy required by EKS Pod Identity") shows: one
 *   statement per namespace, so that namespaces and names are not matched independently.
 * - kube2iam (migration only): node roles, for `sts:AssumeRole`.
 */

/** The audience that EKS-projected service account tokens carry for STS. */
export const STS_AUDIENCE = "sts.amazonaws.com";

/** The service principal EKS Pod Identity assumes roles as. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";
/** The `Sid` of the Pod Identity statement. */
export const POD_IDENTITY_SID = "PodIdentity";
/** The `Sid` of the transitional kube2iam statement. */
export const KUBE2IAM_SID = "Kube2iamMigration";

/** A Kubernetes service account, by namespace and name. */
export interface ServiceAccountSubject {
  /** The namespace (a DNS-1123 label; with `StringLike`, `*` and `?` match any characters). */
  readonly namespace: string;
  /** The service account's name (a DNS-1123 subdomain; with `StringLike`, `*` and `?` match any characters). */
  readonly name: string;
}

/** How the IRSA trust compares the token's `sub` claim with the subjects. */
export type SubjectMatch = "StringEquals" | "StringLike";

/** A trust statement, in the shape of an `aws_iam_policy_document` statement (rendered by `trustPolicyDocument`). */
export interface TrustStatement {
  readonly sid?: string;
  readonly effect: "Allow";
  readonly actions: string[];
  readonly principals: { type: string; identifiers: string[] }[];
  readonly condition?: { test: string; variable: string; values: string[] }[];
}

/** The `sub` claim of a service account's projected token. */
export function subjectOf(sa: ServiceAccountSubject): string {
  return `system:serviceaccount:${sa.namespace}:${sa.name}`;
}

/** IRSA: pods of the subjects in the provider's cluster, with tokens for STS only. */
export function irsaStatement(
  provider: { readonly arn: string; readonly issuerHost: string },
  subjects: readonly string[],
  match: SubjectMatch,
): TrustStatement {
  return {
    effect: "Allow",
    actions: ["sts:AssumeRoleWithWebIdentity"],
    principals: [{ type: "Federated", identifiers: [provider.arn] }],
    condition: [
      { test: match, variable: `${provider.issuerHost}:sub`, values: [...subjects] },
      // Always pinned: a token minted for another audience must not be exchangeable for this role.
      { test: "StringEquals", variable: `${provider.issuerHost}:aud`, values: [STS_AUDIENCE] },
    ],
  };
}

/** What the Pod Identity statement is pinned to. */
export interface PodIdentityPins {
  /** Accounts of the clusters (`aws:SourceAccount`). */
  readonly accounts: readonly string[];
  /** ARNs of the clusters (`aws:RequestTag/eks-cluster-arn`), used while session tags are on. */
  readonly clusterArns: readonly string[];
  /** The service accounts (`aws:RequestTag/kubernetes-namespace` and `-service-account`), while session tags are on. */
  readonly serviceAccounts: readonly ServiceAccountSubject[];
  /** Whether EKS sets session tags; without them only the account pin can apply. */
  readonly sessionTags: boolean;
}

/**
 * EKS Pod Identity: the pods.eks.amazonaws.com principal, pinned to the clusters' accounts and, with
 * session tags, to the clusters and service accounts: one statement per namespace, naming that
 * namespace's service accounts, so that the trust admits exactly them (one statement listing all
 * namespaces and all names would also admit each namespace with the others' names: `a/x` and
 * `b/y` would let `a/y` and `b/x` in). The first statement's `Sid` is `PodIdentity`, further ones
 * `PodIdentity2`, `PodIdentity3`, ... in the order of the namespaces. Without session tags only the
 * account pin applies: one statement.
 */
export function podIdentityStatements(pins: PodIdentityPins): TrustStatement[] {
  const account = { test: "StringEquals", variable: "aws:SourceAccount", values: unique(pins.accounts) };
  const statement = (sid: string, condition: TrustStatement["condition"]): TrustStatement => ({
    sid,
    effect: "Allow",
    actions: ["sts:AssumeRole", "sts:TagSession"],
    principals: [{ type: "Service", identifiers: [POD_IDENTITY_PRINCIPAL] }],
    condition,
  });
  if (!pins.sessionTags) return [statement(POD_IDENTITY_SID, [account])];
  const byNamespace = new Map<string, string[]>();
  for (const sa of pins.serviceAccounts) byNamespace.set(sa.namespace, [...(byNamespace.get(sa.namespace) ?? []), sa.name]);
  return [...byNamespace].map(([namespace, names], i) =>
    statement(i === 0 ? POD_IDENTITY_SID : `${POD_IDENTITY_SID}${i + 1}`, [
      account,
      { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: unique(pins.clusterArns) },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: [namespace] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: unique(names) },
    ]),
  );
}

/** kube2iam, while pods move off it: the node roles that kube2iam assumes roles as. */
export function kube2iamStatement(nodeRoleArns: readonly string[]): TrustStatement {
  return {
    sid: KUBE2IAM_SID,
    effect: "Allow",
    actions: ["sts:AssumeRole"],
    principals: [{ type: "AWS", identifiers: [...nodeRoleArns] }],
  };
}

/** A role that chains to a target role through EKS Pod Identity, and the external IDs of its associations. */
export interface ChainSource {
  /** The Pod Identity role (the binding's role) that assumes the target role. */
  readonly roleArn: string;
  /** The external IDs of its associations (`external_id`), which EKS passes as `sts:ExternalId`. */
  readonly externalIds: readonly string[];
}

/** The `Sid` of the statement that lets the chaining roles tag the session. */
export const CHAIN_TAG_SESSION_SID = "PodIdentityChainSessionTags";

/**
 * The trust of a target role that EKS Pod Identity assumes with a binding's role (role chaining,
 * EKS User Guide "Access AWS Resources using EKS Pod Identity Target IAM Roles"): per source role,
 * `sts:AssumeRole` for its account's root, only for that role (`ArnEquals aws:PrincipalARN`, which
 * survives the role being recreated) and only with one of its associations' external IDs
 * (`StringEquals sts:ExternalId`, against the confused deputy); and `sts:TagSession` for the same
 * roles, for the session tags EKS passes on. Separate statements per source, as AWS asks when one
 * target role serves several associations.
 */
export function podIdentityTargetStatements(sources: readonly ChainSource[]): TrustStatement[] {
  const root = (roleArn: string) => `arn:${partitionOfArn(roleArn)}:iam::${accountOfArn(roleArn)}:root`;
  const assume = sources.map(
    (source): TrustStatement => ({
      effect: "Allow",
      actions: ["sts:AssumeRole"],
      principals: [{ type: "AWS", identifiers: [root(source.roleArn)] }],
      condition: [
        { test: "ArnEquals", variable: "aws:PrincipalARN", values: [source.roleArn] },
        { test: "StringEquals", variable: "sts:ExternalId", values: [...source.externalIds] },
      ],
    }),
  );
  const tagSession: TrustStatement = {
    sid: CHAIN_TAG_SESSION_SID,
    effect: "Allow",
    actions: ["sts:TagSession"],
    principals: [{ type: "AWS", identifiers: unique(sources.map((s) => root(s.roleArn))) }],
    condition: [{ test: "ArnEquals", variable: "aws:PrincipalARN", values: unique(sources.map((s) => s.roleArn)) }],
  };
  return [...assume, tagSession];
}

/** The partition of an ARN (its second field): at synth time when the ARN is known, else in Terraform. */
export function partitionOfArn(arn: string): string {
  return isToken(arn) ? Fn.element(Fn.split(":", arn), 1) : (arn.split(":")[1] ?? "");
}

/** The account of an ARN (its fifth field): at synth time when the ARN is known, else in Terraform. */
export function accountOfArn(arn: string): string {
  return isToken(arn) ? Fn.element(Fn.split(":", arn), 4) : (arn.split(":")[4] ?? "");
}

/**
 * Values of a real EKS deployment's length, for the parts of a trust policy only known at apply time:
 * an issuer host `oidc.eks.<region>.amazonaws.com/id/<32 hex>` in a 14-character region such as
 * ap-southeast-4, a provider ARN for it, an account, a cluster ARN with a 100-character name (EKS's
 * longest) and a role ARN with a 64-character name (IAM's longest).
 */
const ESTIMATED_ISSUER_HOST = `oidc.eks.ap-southeast-4.amazonaws.com/id/${"0".repeat(32)}`;
const ESTIMATES = {
  issuerHost: ESTIMATED_ISSUER_HOST,
  providerArn: `arn:aws:iam::123456789012:oidc-provider/${ESTIMATED_ISSUER_HOST}`,
  account: "123456789012",
  clusterArn: `arn:aws:eks:ap-southeast-4:123456789012:cluster/${"c".repeat(100)}`,
  roleArn: `arn:aws:iam::123456789012:role/${"r".repeat(64)}`,
} as const;

/** A value for the estimate: itself when known at synth time, else a real one of the longest length. */
export function estimated(value: string, kind: keyof typeof ESTIMATES): string {
  return isToken(value) ? ESTIMATES[kind] : value;
}

/** The trust policy's IAM document (see `policy-document.ts` for the form). */
export function trustPolicyDocument(statements: readonly TrustStatement[]): IamPolicyDocument {
  return {
    Version: IAM_POLICY_VERSION,
    Statement: statements.map((s) => {
      const principal: { [type: string]: string | string[] } = {};
      for (const p of s.principals) principal[p.type] = iamValues([...asArray(principal[p.type]), ...p.identifiers]);
      return {
        ...(s.sid ? { Sid: s.sid } : {}),
        Effect: s.effect,
        Principal: principal,
        Action: iamValues(s.actions),
        ...(s.condition ? { Condition: iamCondition(s.condition) } : {}),
      };
    }),
  };
}

/**
 * The trust policy as IAM stores and counts it (no white space), for statements whose values are
 * known or estimated (see {@link estimated}).
 */
export function trustPolicyJson(statements: readonly TrustStatement[]): string {
  return JSON.stringify(trustPolicyDocument(statements));
}

function asArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === "string" ? [value] : value;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

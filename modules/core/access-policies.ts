import { type Rule, patternRule } from "./rule";

/**
 * EKS access entries, in one place: the access policies EKS offers (by their AWS names), the types
 * of entries, and the rules of the values an entry takes. The rules table of modules/core/naming.ts
 * holds the rules, so that the configuration schema and the constructs share them.
 */

/**
 * An EKS access policy, by its AWS name: every policy EKS offers (`aws eks list-access-policies`,
 * EKS User Guide "Review access policy permissions"); each is
 * `arn:<partition>:eks::aws:cluster-access-policy/<name>`. EKS adds policies from time to time: a
 * newer one goes here and in the list below.
 */
export type EksAccessPolicyName =
  | "AIDevOpsAgentAccessPolicy"
  | "AmazonAIOpsAssistantPolicy"
  | "AmazonARCRegionSwitchScalingPolicy"
  | "AmazonEKSACKPolicy"
  | "AmazonEKSAdminPolicy"
  | "AmazonEKSAdminViewPolicy"
  | "AmazonEKSArgoCDClusterPolicy"
  | "AmazonEKSArgoCDPolicy"
  | "AmazonEKSAutoNodePolicy"
  | "AmazonEKSBlockStorageClusterPolicy"
  | "AmazonEKSBlockStoragePolicy"
  | "AmazonEKSClusterAdminPolicy"
  | "AmazonEKSComputeClusterPolicy"
  | "AmazonEKSComputePolicy"
  | "AmazonEKSEditPolicy"
  | "AmazonEKSEventPolicy"
  | "AmazonEKSHybridPolicy"
  | "AmazonEKSKROPolicy"
  | "AmazonEKSLoadBalancingClusterPolicy"
  | "AmazonEKSLoadBalancingPolicy"
  | "AmazonEKSNetworkingClusterPolicy"
  | "AmazonEKSNetworkingPolicy"
  | "AmazonEKSPodIdentityPolicy"
  | "AmazonEKSSecretAdminPolicy"
  | "AmazonEKSSecretReaderPolicy"
  | "AmazonEKSViewPolicy"
  | "AmazonEMRJobPolicy"
  | "AmazonSagemakerHyperpodClusterPolicy"
  | "AmazonSagemakerHyperpodControllerPolicy"
  | "AmazonSagemakerHyperpodSpacePolicy"
  | "AmazonSagemakerHyperpodSpaceTemplatePolicy"
  | "AmazonSagemakerHyperpodSystemNamespacePolicy"
  | "AmazonSagemakerHyperpodUserClusterPolicy";

/** Each policy once: the compiler holds this list and the type above to the same names (none missing, none extra). */
const ACCESS_POLICY_SET: { readonly [P in EksAccessPolicyName]: true } = {
  AIDevOpsAgentAccessPolicy: true,
  AmazonAIOpsAssistantPolicy: true,
  AmazonARCRegionSwitchScalingPolicy: true,
  AmazonEKSACKPolicy: true,
  AmazonEKSAdminPolicy: true,
  AmazonEKSAdminViewPolicy: true,
  AmazonEKSArgoCDClusterPolicy: true,
  AmazonEKSArgoCDPolicy: true,
  AmazonEKSAutoNodePolicy: true,
  AmazonEKSBlockStorageClusterPolicy: true,
  AmazonEKSBlockStoragePolicy: true,
  AmazonEKSClusterAdminPolicy: true,
  AmazonEKSComputeClusterPolicy: true,
  AmazonEKSComputePolicy: true,
  AmazonEKSEditPolicy: true,
  AmazonEKSEventPolicy: true,
  AmazonEKSHybridPolicy: true,
  AmazonEKSKROPolicy: true,
  AmazonEKSLoadBalancingClusterPolicy: true,
  AmazonEKSLoadBalancingPolicy: true,
  AmazonEKSNetworkingClusterPolicy: true,
  AmazonEKSNetworkingPolicy: true,
  AmazonEKSPodIdentityPolicy: true,
  AmazonEKSSecretAdminPolicy: true,
  AmazonEKSSecretReaderPolicy: true,
  AmazonEKSViewPolicy: true,
  AmazonEMRJobPolicy: true,
  AmazonSagemakerHyperpodClusterPolicy: true,
  AmazonSagemakerHyperpodControllerPolicy: true,
  AmazonSagemakerHyperpodSpacePolicy: true,
  AmazonSagemakerHyperpodSpaceTemplatePolicy: true,
  AmazonSagemakerHyperpodSystemNamespacePolicy: true,
  AmazonSagemakerHyperpodUserClusterPolicy: true,
};
export const EKS_ACCESS_POLICIES = Object.keys(ACCESS_POLICY_SET) as readonly EksAccessPolicyName[];

/**
 * The types of access entries (EKS API `CreateAccessEntry`): `STANDARD` for people and tools,
 * the others for nodes: `EC2_LINUX`, `EC2_WINDOWS` (self-managed nodes), `FARGATE_LINUX`,
 * `HYBRID_LINUX`, `EC2` (Auto Mode node classes), `HYPERPOD_LINUX` (SageMaker HyperPod).
 */
export type AccessEntryType = "STANDARD" | "EC2" | "EC2_LINUX" | "EC2_WINDOWS" | "FARGATE_LINUX" | "HYBRID_LINUX" | "HYPERPOD_LINUX";
export const ACCESS_ENTRY_TYPES: readonly AccessEntryType[] = [
  "STANDARD",
  "EC2",
  "EC2_LINUX",
  "EC2_WINDOWS",
  "FARGATE_LINUX",
  "HYBRID_LINUX",
  "HYPERPOD_LINUX",
];

/** The types of entries EKS associates access policies with: `STANDARD`, and `EC2` (Auto Mode's `AmazonEKSAutoNodePolicy`). */
export const POLICY_ENTRY_TYPES: readonly AccessEntryType[] = ["STANDARD", "EC2"];

/** An access policy's name: one of {@link EKS_ACCESS_POLICIES}. */
export const accessPolicyRule: Rule<string> = Object.assign(
  (value: string) => {
    if ((EKS_ACCESS_POLICIES as readonly string[]).includes(value)) return undefined;
    const near = EKS_ACCESS_POLICIES.find((p) => p.toLowerCase() === value.toLowerCase() || p.toLowerCase() === `amazoneks${value.toLowerCase()}policy`);
    return `${near ? `did you mean ${near}? ` : ""}give an EKS access policy by its AWS name: ${EKS_ACCESS_POLICIES.join(", ")}`;
  },
  { pattern: new RegExp(`^(${EKS_ACCESS_POLICIES.join("|")})$`) },
);

/** A namespace of an access scope: a DNS-1123 label, where `*` matches any characters (`dev-*`), as EKS allows. */
export const accessScopeNamespaceRule: Rule<string> = patternRule(
  /^(?=.{1,63}$)[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?$/,
  "a namespace is a DNS-1123 label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit ('*' matches any characters, as in dev-*)",
);

/** The prefixes EKS reserves in user names of access entries. */
const RESERVED_USER_NAME_PREFIXES = ["system:", "eks:", "aws:", "amazon:", "iam:"];

/**
 * The Kubernetes user name of an access entry (EKS User Guide, "Create access entries"): no
 * reserved prefix, and a colon somewhere before `{{SessionName}}` or `{{SessionNameRaw}}`.
 */
export const accessEntryUserNameRule: Rule<string> = (value: string) => {
  if (value.trim() === "") return "give a non-empty user name, or leave it out for EKS's";
  const prefix = RESERVED_USER_NAME_PREFIXES.find((p) => value.toLowerCase().startsWith(p));
  if (prefix !== undefined) return `a user name may not start with ${RESERVED_USER_NAME_PREFIXES.join(", ")}: EKS reserves them`;
  const session = value.search(/\{\{SessionName(Raw)?\}\}/);
  if (session !== -1 && !value.slice(0, session).includes(":")) {
    return "a user name with {{SessionName}} or {{SessionNameRaw}} needs a ':' before it, for example admin:{{SessionName}}";
  }
  return undefined;
};

/** A Kubernetes group of an access entry: the name of a `kind: Group` subject of a RoleBinding or ClusterRoleBinding. */
export const kubernetesGroupRule: Rule<string> = (value: string) => {
  if (value.trim() === "") return "give a non-empty group name";
  if (value.startsWith("system:")) {
    return "group names starting with system: are Kubernetes' own (system:masters would bypass every access policy): bind your own group with RBAC";
  }
  return undefined;
};

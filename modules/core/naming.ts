import { accessEntryUserNameRule, accessPolicyRule, accessScopeNamespaceRule, kubernetesGroupRule } from "./access-policies";
import { regionRule } from "./arns";
import { ValidationError } from "./errors";
import { checkMapKeys, checkRule, invalidKey, isToken, oneOfCheck, patternRule, rangeCheck, type Rule } from "./rule";

export {
  booleanCheck,
  checkInputs,
  checkMapKeys,
  checkRule,
  EXPECTED_STRING,
  findRepeat,
  invalidKey,
  isToken,
  listCheck,
  MAX_VALUE_DEPTH,
  objectCheck,
  oneOfAllowed,
  oneOfCheck,
  patternRule,
  PROTO_KEY_ALLOWED,
  rangeAllowed,
  rangeCheck,
  repeatAllowed,
  ruleCheck,
  tooDeep,
  validateDistinct,
} from "./rule";
export { validateJsonObject } from "./json-value";
export type { InputCheck, InputChecks, ListShape, Rule } from "./rule";

/**
 * The naming rules of EKS, IAM and Kubernetes, in one place (the forms of ARNs, partitions and
 * regions are in modules/core/arns.ts).
 *
 * Every check skips values that are only known at apply time (tokens): they cannot be
 * judged at synth time, and mangling them would break the reference.
 */

/** EKS: 1-100 characters, starting alphanumeric, then letters, digits, `-` and `_`. */
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** Kubernetes DNS-1123 label (namespaces): lower-case alphanumerics and `-`, at most 63. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes DNS-1123 subdomain (service account names): labels joined by `.`, at most 253. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function fail(field: string, value: unknown, allowed: string): never {
  throw ValidationError.invalid(field, value, allowed);
}

/** Checks an EKS cluster name. */
export function validateClusterName(field: string, value: string): void {
  checkRule(field, value, rules.clusterName);
}

/** Replaces the wildcards `*` and `?` with a character any name may hold, to check the rest. */
function withoutWildcards(value: string): string {
  return value.replace(/[*?]/g, "a");
}

/** What a namespace or name check says about the wildcards `*` and `?`. */
function wildcardNote(value: string, wildcards: boolean): string {
  if (wildcards) return " ('*' and '?' allowed as StringLike wildcards)";
  return /[*?]/.test(value) ? "; '*' and '?' are wildcards only with subjectMatch \"StringLike\", which must be asked for explicitly" : "";
}

/** Whether a namespace or name uses IAM StringLike wildcards. */
export function hasWildcard(value: string): boolean {
  return !isToken(value) && /[*?]/.test(value);
}

/** What a namespace must be, or `undefined` when it is one; `wildcards` lets `*` and `?` stand for any characters. */
function namespaceProblem(value: string, wildcards: boolean): string | undefined {
  const checked = wildcards ? withoutWildcards(value) : value;
  if (value.length <= 63 && DNS1123_LABEL.test(checked)) return undefined;
  return `a namespace is a DNS-1123 label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit${wildcardNote(value, wildcards)}`;
}

/** What a service account name must be, or `undefined` when it is one; `wildcards` lets `*` and `?` stand for any characters. */
function serviceAccountNameProblem(value: string, wildcards: boolean): string | undefined {
  const checked = wildcards ? withoutWildcards(value) : value;
  if (value.length <= 253 && DNS1123_SUBDOMAIN.test(checked)) return undefined;
  return (
    "a service account name is a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' or '.', each dot-separated part starting and ending with a letter or digit" +
    wildcardNote(value, wildcards)
  );
}

/**
 * Checks a Kubernetes namespace (a DNS-1123 label). With `wildcards`, `*` and `?` may stand for
 * any characters (IAM StringLike patterns).
 */
export function validateNamespace(field: string, value: string, wildcards = false): void {
  checkRule(field, value, (v) => namespaceProblem(v, wildcards));
}

/**
 * Checks a Kubernetes service account name (a DNS-1123 subdomain). With `wildcards`, `*` and `?`
 * may stand for any characters (IAM StringLike patterns).
 */
export function validateServiceAccountName(field: string, value: string, wildcards = false): void {
  checkRule(field, value, (v) => serviceAccountNameProblem(v, wildcards));
}

/** Checks an IAM role name. */
export function validateRoleName(field: string, value: string): void {
  checkRule(field, value, rules.roleName);
}

/** Checks an IAM managed or inline policy name. */
export function validatePolicyName(field: string, value: string): void {
  checkRule(field, value, rules.policyName);
}

/** Checks an IAM path. */
export function validateIamPath(field: string, value: string): void {
  checkRule(field, value, rules.iamPath);
}

/** Checks that a whole number lies in [min, max]. */
export function validateRange(field: string, value: number, min: number, max: number): void {
  rangeCheck(min, max)(field, value);
}

/** Checks that a value is one of a fixed set. */
export function validateOneOf<T extends string>(field: string, value: T, allowed: readonly T[]): void {
  oneOfCheck(allowed)(field, value);
}

/** Checks an IPv4 CIDR block whose prefix length lies in [minPrefix, maxPrefix]. */
export function validateIpv4Cidr(field: string, value: string, minPrefix: number, maxPrefix: number): void {
  checkRule(field, value, ipv4CidrRule(minPrefix, maxPrefix));
}

// ---- Rules: one function per kind of value, shared by the constructs and the configuration schema

/** The namespaces every cluster has from the start: never created by a configuration (and never destroyed with it). */
export const SYSTEM_NAMESPACES: readonly string[] = ["default", "kube-node-lease", "kube-public", "kube-system"];

/** The condition operators of IAM policies (IAM JSON policy elements: Condition operators). */
export const CONDITION_OPERATORS: readonly string[] = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
];

/** A Kubernetes qualified name (label and annotation keys, taint keys): `[<DNS subdomain>/]<name>`. */
function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split("/");
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  const nameOk = name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix));
  if (parts.length <= 2 && nameOk && prefixOk) return undefined;
  return "a Kubernetes key is an optional DNS subdomain and '/', then a name of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
}

/** The state key prefix: S3 keys are at most 1,024 bytes, and Terraform's S3 backend refuses a key that starts with '/' or holds '//'. */
function stateKeyPrefixProblem(value: string): string | undefined {
  if (value.length <= 900 && !value.startsWith("/") && !value.includes("//")) return undefined;
  return "a state key prefix has at most 900 characters, does not start with '/' and holds no '//'";
}

/** S3 bucket names (general purpose buckets). */
function s3BucketNameProblem(value: string): string | undefined {
  const ok = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) && !value.includes("..") && !/^\d+\.\d+\.\d+\.\d+$/.test(value) && !value.startsWith("xn--");
  return ok ? undefined : "an S3 bucket name has 3-63 lower-case letters, digits, '.' or '-', starts and ends with a letter or digit, and is not an IP address";
}

/**
 * The rules of single values. Each returns `undefined` for a valid value, else what is allowed;
 * `checkRule(field, value, rules.<name>)` applies one in a construct.
 */
export const rules = {
  /** Any string with a non-blank character. */
  nonEmpty: (value: string) => (value.trim() === "" ? "give a non-empty value" : undefined),
  clusterName: patternRule(EKS_CLUSTER_NAME, "an EKS cluster name has 1-100 characters, starts with a letter or digit, then letters, digits, '-' or '_'"),
  namespace: Object.assign((value: string) => namespaceProblem(value, false), { pattern: /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ }),
  serviceAccountName: Object.assign((value: string) => serviceAccountNameProblem(value, false), {
    pattern: /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  }),
  /** A namespace, or a pattern of namespaces with the StringLike wildcards `*` and `?` (a workload checks that it asked for StringLike). */
  namespacePattern: Object.assign((value: string) => namespaceProblem(value, true), { pattern: /^(?=.{1,63}$)[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$/ }),
  /** A service account name, or a pattern of names with `*` and `?` (likewise). */
  serviceAccountNamePattern: Object.assign((value: string) => serviceAccountNameProblem(value, true), {
    pattern: /^(?=.{1,253}$)[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?(\.[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?)*$/,
  }),
  /** A namespace that a configuration creates: not one that every cluster has. */
  createdNamespace: (value: string) =>
    SYSTEM_NAMESPACES.includes(value)
      ? `every cluster has ${value} already, so it is never created (${SYSTEM_NAMESPACES.join(", ")}): leave createNamespace out`
      : undefined,
  roleName: patternRule(/^[\w+=,.@-]{1,64}$/, "an IAM role name has 1-64 characters from letters, digits and '+=,.@_-'"),
  policyName: patternRule(/^[\w+=,.@-]{1,128}$/, "an IAM policy name has 1-128 characters from letters, digits and '+=,.@_-'"),
  iamPath: patternRule(
    /^(?=.{1,512}$)\/([\x21-\x7e]*\/)?$/,
    "an IAM path is '/' or starts and ends with '/', with printable ASCII and no spaces between, at most 512 characters",
  ),
  environmentName: patternRule(
    /^[a-z0-9][a-z0-9-]{0,30}$/,
    "use 1-31 lower-case letters, digits or '-', starting with a letter or digit (it names the stacks eks-<name> and workloads-<name>)",
  ),
  /** The group of a workload's stack (`workloads-<env>-<group>`): a team's name, say. */
  workloadsStackGroup: patternRule(
    /^[a-z0-9][a-z0-9-]{0,30}$/,
    "use 1-31 lower-case letters, digits or '-', starting with a letter or digit (it names the stack workloads-<environment>-<stack>)",
  ),
  /** An AWS region name (the rule of modules/core/arns.ts, which ARNs use too). */
  region: regionRule,
  availabilityZone: patternRule(/^[a-z]{2}(-[a-z0-9]+)+[a-z]$/, "expected an availability zone name such as eu-west-1a"),
  kubernetesVersion: patternRule(/^1\.\d{1,2}$/, 'expected a Kubernetes version "1.<minor>", for example "1.35"'),
  /** Any IPv4 CIDR block (publicAccessCidrs). */
  ipv4Cidr: ipv4CidrRule(0, 32),
  subnetId: patternRule(/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, "expected a subnet ID subnet-<8 or 17 hex digits>"),
  instanceType: patternRule(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, "expected an EC2 instance type such as m6i.large"),
  amiType: patternRule(/^[A-Za-z0-9_]{1,64}$/, "expected an EKS AMI type such as AL2023_x86_64_STANDARD or BOTTLEROCKET_ARM_64"),
  nodeGroupName: patternRule(/^[0-9A-Za-z][A-Za-z0-9_-]{0,62}$/, "a node group name has 1-63 letters, digits, '-' or '_', starting with a letter or digit"),
  addonVersion: patternRule(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/, "expected an EKS add-on version such as v1.19.2-eksbuild.1"),
  thumbprint: patternRule(/^[0-9a-fA-F]{40}$/, "a thumbprint is a SHA-1 fingerprint of 40 hex characters"),
  oidcClientId: patternRule(/^.{1,255}$/, "an OIDC client ID (audience) has 1-255 characters"),
  s3BucketName: s3BucketNameProblem,
  stateKeyPrefix: stateKeyPrefixProblem,
  /** Keys of Kubernetes labels and annotations, and taint keys. */
  kubernetesKey: qualifiedNameProblem,
  /** Values of Kubernetes labels and taints. */
  labelValue: patternRule(
    /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/,
    "a Kubernetes label value has at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, or is empty",
  ),
  policyAction: patternRule(
    /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/,
    "an action is <service>:<action>, for example s3:GetObject ('*' and '?' match any characters), or '*'",
  ),
  policyResource: patternRule(
    /^(\*|arn:(?:[^:\s$&]|[$&]\{[^}\s]*\})+(?::(?:[^:\s$&]|[$&]\{[^}\s]*\})*){3}:.+)$/,
    "a resource is an ARN arn:<partition>:<service>:<region>:<account>:<resource> ('*' and '?' match any characters), or '*'",
  ),
  statementId: patternRule(/^[A-Za-z0-9]+$/, "a statement ID (Sid) has letters and digits only"),
  conditionOperator: (value: string) => {
    const operator = value.replace(/^(ForAllValues|ForAnyValue):/, "").replace(/IfExists$/, "");
    return CONDITION_OPERATORS.includes(operator)
      ? undefined
      : `expected an IAM condition operator (optionally ForAllValues:/ForAnyValue: before and IfExists after): ${CONDITION_OPERATORS.join(", ")}`;
  },
  conditionKey: patternRule(/^[^\s:]+:\S+$/, "a condition key is <prefix>:<key>, for example aws:SourceVpc"),
  // ---- issue 23: EKS add-ons by name, Fargate profiles
  addonName: patternRule(
    /^[a-z0-9][a-z0-9._-]{0,99}$/,
    "an EKS add-on name has 1-100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, such as snapshot-controller or kubecost_kubecost",
  ),
  fargateProfileName: patternRule(
    /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/,
    "a Fargate profile name has 1-100 letters, digits, '-' or '_', starting with a letter or digit",
  ),
  /** EKS access entries (modules/core/access-policies.ts): an access policy by its AWS name, a scope's namespace, a user name, a Kubernetes group. */
  accessPolicy: accessPolicyRule,
  accessScopeNamespace: accessScopeNamespaceRule,
  accessEntryUserName: accessEntryUserNameRule,
  kubernetesGroup: kubernetesGroupRule,
} satisfies { readonly [name: string]: Rule<string> };

/** A rule for an IPv4 CIDR block whose prefix length lies in [minPrefix, maxPrefix], written as its network address. */
export function ipv4CidrRule(minPrefix: number, maxPrefix: number): Rule<string> {
  const pattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
  return Object.assign(
    (value: string) => {
      const match = pattern.exec(value);
      const octets = match ? match.slice(1, 5).map(Number) : [];
      const prefix = match ? Number(match[5]) : -1;
      if (!match || octets.some((o) => o > 255) || prefix < minPrefix || prefix > maxPrefix) {
        return `expected an IPv4 CIDR block a.b.c.d/n with n from ${minPrefix} to ${maxPrefix}`;
      }
      // AWS refuses a block with host bits set ("is not a valid CIDR block"): say which one was meant.
      const address = octets.reduce((acc, o) => acc * 256 + o, 0);
      const size = 2 ** (32 - prefix);
      const network = address - (address % size);
      if (network === address) return undefined;
      const written = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".");
      return `the address has host bits set for a /${prefix}: write the network address ${written}/${prefix}`;
    },
    { pattern },
  );
}

/** Checks a non-empty (not blank) string. */
export function validateNonEmpty(field: string, value: string): void {
  checkRule(field, value, rules.nonEmpty);
}

/** Checks that a list has at least one entry; `what` names an entry (`EC2 instance type`). */
export function validateNonEmptyList(field: string, list: readonly unknown[], what: string): void {
  if (list.length === 0) fail(field, list, `give at least one ${what}`);
}

/** Checks that a namespace to be created is not one every cluster already has (kube-system, kube-public, kube-node-lease, default). */
export function validateCreatedNamespace(field: string, namespace: string): void {
  checkRule(field, namespace, rules.createdNamespace);
}

/** Checks a map's keys with a rule: a bad key is said of the map, `<field> key "<key>" is invalid: <allowed>`. */
export function validateKeys(field: string, map: { readonly [key: string]: unknown } | undefined, rule: Rule<string>): void {
  if (map === undefined) return;
  if (typeof map !== "object" || map === null || Array.isArray(map)) throw ValidationError.invalid(field, map, "expected an object {...}");
  checkMapKeys(field, map);
  for (const key of Object.keys(map)) {
    if (isToken(key)) continue;
    const allowed = rule(key);
    if (allowed !== undefined) throw invalidKey(field, key, allowed);
  }
}

/** Checks Kubernetes labels: keys are qualified names, values at most 63 characters of the label alphabet. */
export function validateLabels(field: string, labels: { readonly [key: string]: string } | undefined): void {
  validateKeys(field, labels, rules.kubernetesKey);
  for (const [key, value] of Object.entries(labels ?? {})) checkRule(`${field}.${key}`, value, rules.labelValue);
}

/** Any string. */
const ANY_TEXT: Rule<string> = () => undefined;

/** Checks Kubernetes annotations: keys are qualified names, values are free text. */
export function validateAnnotationKeys(field: string, annotations: { readonly [key: string]: string } | undefined): void {
  validateKeys(field, annotations, rules.kubernetesKey);
  // Any text, but text: a value of another type (from JavaScript) is refused as a string's would be.
  for (const [key, value] of Object.entries(annotations ?? {})) checkRule(`${field}.${key}`, value, ANY_TEXT);
}

/** Checks an AWS region name. */
export function validateRegion(field: string, value: string): void {
  checkRule(field, value, rules.region);
}

/**
 * Makes a construct ID part from a name (an ARN, a namespace, ...): keeps letters, digits,
 * `-` and `_`, replaces the rest with `-`. Stable for a given name, so IDs never depend on
 * the position of something in a list.
 */
export function idFromName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
}

/** A part of a derived role name that needs no escaping: lower case (IAM names are case-insensitive), no `_`. */
const PLAIN_ROLE_NAME_PART = /^[a-z0-9.-]+$/;

/**
 * Derives an IAM role name from the stack's name and stable parts (namespace and name, or a role
 * key): `<stack>_<part>_<part>`, at most 64 characters. Kubernetes namespaces and names never hold
 * `_`, so joining them with `_` keeps distinct inputs distinct (`a-b`,`c` and `a`,`b-c` give
 * `s_a-b_c` and `s_a_b-c`). A part that holds `_`, upper case or a character IAM refuses is
 * escaped and the name gets a hash of the exact parts, so it stays unique too.
 */
export function derivedRoleName(stackName: string, parts: readonly string[]): string {
  const all = [stackName, ...parts];
  const readable = all.map((p) => p.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "")).join("_");
  const exact = all.every((p) => PLAIN_ROLE_NAME_PART.test(p));
  return truncateWithHash(exact ? readable : `${readable}-${hashOf(all.join("\u0000"))}`, 64);
}

/**
 * Shortens a name to at most `max` characters. A shortened name ends in a hash of the whole
 * name, so two long names that share a prefix still differ. A name only known at apply time (a
 * token) is returned as it is.
 */
export function truncateWithHash(name: string, max: number): string {
  if (name.length <= max || isToken(name)) return name;
  return `${name.slice(0, max - 9)}-${hashOf(name)}`;
}

/** Eight hex digits that stand for a text. */
function hashOf(text: string): string {
  return fnv1a(text).toString(16).padStart(8, "0");
}

/** 32-bit FNV-1a: a small stable hash with no dependency on node's crypto. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

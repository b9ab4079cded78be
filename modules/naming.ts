import { Token } from "cdktf";
import { ValidationError } from "./errors";

/**
 * The naming rules of EKS, IAM and Kubernetes, in one place.
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
/** IAM role and policy names: `[\w+=,.@-]`, at most 64 (roles) or 128 (policies). */
const IAM_NAME = /^[\w+=,.@-]+$/;
/** IAM paths: `/` alone, or `/` + printable ASCII without spaces + `/`, at most 512. */
const IAM_PATH = /^\/([\x21-\x7e]*\/)?$/;

/** Whether a value is only known at apply time, so no synth-time check applies to it. */
export function isToken(value: unknown): boolean {
  return typeof value === "string" ? Token.isUnresolved(value) : typeof value === "number" && Token.isUnresolved(value);
}

function fail(field: string, value: unknown, allowed: string): never {
  throw ValidationError.invalid(field, value, allowed);
}

/** Checks an EKS cluster name. */
export function validateClusterName(field: string, value: string): void {
  if (isToken(value)) return;
  if (!EKS_CLUSTER_NAME.test(value)) {
    fail(field, value, "an EKS cluster name has 1-100 characters, starts with a letter or digit, then letters, digits, '-' or '_'");
  }
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

/**
 * Checks a Kubernetes namespace (a DNS-1123 label). With `wildcards`, `*` and `?` may stand for
 * any characters (IAM StringLike patterns).
 */
export function validateNamespace(field: string, value: string, wildcards = false): void {
  if (isToken(value)) return;
  const checked = wildcards ? withoutWildcards(value) : value;
  if (value.length > 63 || !DNS1123_LABEL.test(checked)) {
    fail(
      field,
      value,
      "a namespace is a DNS-1123 label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit" + wildcardNote(value, wildcards),
    );
  }
}

/**
 * Checks a Kubernetes service account name (a DNS-1123 subdomain). With `wildcards`, `*` and `?`
 * may stand for any characters (IAM StringLike patterns).
 */
export function validateServiceAccountName(field: string, value: string, wildcards = false): void {
  if (isToken(value)) return;
  const checked = wildcards ? withoutWildcards(value) : value;
  if (value.length > 253 || !DNS1123_SUBDOMAIN.test(checked)) {
    fail(
      field,
      value,
      "a service account name is a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' or '.', each dot-separated part starting and ending with a letter or digit" + wildcardNote(value, wildcards),
    );
  }
}

/** Checks an IAM role name. */
export function validateRoleName(field: string, value: string): void {
  if (isToken(value)) return;
  if (value.length < 1 || value.length > 64 || !IAM_NAME.test(value)) {
    fail(field, value, "an IAM role name has 1-64 characters from letters, digits and '+=,.@_-'");
  }
}

/** Checks an IAM managed or inline policy name. */
export function validatePolicyName(field: string, value: string): void {
  if (isToken(value)) return;
  if (value.length < 1 || value.length > 128 || !IAM_NAME.test(value)) {
    fail(field, value, "an IAM policy name has 1-128 characters from letters, digits and '+=,.@_-'");
  }
}

/** Checks an IAM path. */
export function validateIamPath(field: string, value: string): void {
  if (isToken(value)) return;
  if (value.length > 512 || !IAM_PATH.test(value)) {
    fail(field, value, "an IAM path is '/' or starts and ends with '/', with printable ASCII and no spaces between, at most 512 characters");
  }
}

/** Checks that a whole number lies in [min, max]. */
export function validateRange(field: string, value: number, min: number, max: number): void {
  if (isToken(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(field, value, `must be a whole number from ${min} to ${max}`);
  }
}

/** Checks that a value is one of a fixed set. */
export function validateOneOf<T extends string>(field: string, value: T, allowed: readonly T[]): void {
  if (isToken(value)) return;
  if (!allowed.includes(value)) {
    fail(field, value, `allowed values are ${allowed.join(", ")}`);
  }
}

/** Checks an IPv4 CIDR block whose prefix length lies in [minPrefix, maxPrefix]. */
export function validateIpv4Cidr(field: string, value: string, minPrefix: number, maxPrefix: number): void {
  if (isToken(value)) return;
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : -1;
  if (!match || octets.some((o) => o > 255) || prefix < minPrefix || prefix > maxPrefix) {
    fail(field, value, `expected an IPv4 CIDR block a.b.c.d/n with n from ${minPrefix} to ${maxPrefix}`);
  }
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
 * name, so two long names that share a prefix still differ.
 */
export function truncateWithHash(name: string, max: number): string {
  if (name.length <= max) return name;
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

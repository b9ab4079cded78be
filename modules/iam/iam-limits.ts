import { ValidationError } from "../core/errors";
import { checkMapKeys, invalidKey, isToken } from "../core/naming";
import { permissionsPolicyDocument } from "./policy-document";
import type { PolicyStatement } from "./policy-statement";

/**
 * IAM's quotas and character limits, in one place (IAM User Guide, "IAM and AWS STS quotas").
 * Sizes of policy documents count characters without white space, as IAM does.
 */
export const IAM_LIMITS = {
  /** Role names: 1-64 characters. */
  roleNameLength: 64,
  /** Managed and inline policy names: 1-128 characters. */
  policyNameLength: 128,
  /** Role and policy descriptions: at most 1,000 characters. */
  descriptionLength: 1000,
  /** IAM paths: at most 512 characters. */
  pathLength: 512,
  /** Tags per IAM resource (and per EKS resource). */
  tagsPerResource: 50,
  /** Tag keys: 1-128 characters. */
  tagKeyLength: 128,
  /** Tag values: 0-256 characters. */
  tagValueLength: 256,
  /** Managed policies attached to one role: 10 by default ("Managed policies per role"). */
  managedPoliciesPerRoleDefault: 10,
  /** ... which Service Quotas can raise to 25 (older pages still say 20). */
  managedPoliciesPerRoleMax: 25,
  /** A customer-managed policy document: 6,144 characters. */
  managedPolicySize: 6144,
  /** All inline policies of one role together: 10,240 characters. */
  roleInlinePoliciesSize: 10240,
  /** "Role trust policy length": 2,048 characters by default. */
  trustPolicyLengthDefault: 2048,
  /** ... which Service Quotas can raise to 4,096 (IAM User Guide, "IAM and AWS STS quotas"). */
  trustPolicyLengthMax: 4096,
  /** A session policy (STS `AssumeRole` `Policy`, an EKS Pod Identity association's `policy`): 2,048 characters. */
  sessionPolicySize: 2048,
  /** Maximum session duration of a role: 3,600 to 43,200 seconds. */
  sessionDurationMin: 3600,
  sessionDurationMax: 43200,
} as const;

/** Tag keys and values: letters, digits, white space and `_ . : / = + - @` (IAM and EKS alike). */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** A text as a valid tag value: other characters become `_`, and past 256 characters it is cut, ending in `...`. */
export function tagValueOf(text: string): string {
  const value = text.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "_");
  return value.length > IAM_LIMITS.tagValueLength ? `${value.slice(0, IAM_LIMITS.tagValueLength - 3)}...` : value;
}

/**
 * Checks a resource's tags against IAM's (and EKS's) rules: at most 50, keys of 1-128 and values of
 * at most 256 allowed characters, no key starting with the reserved `aws:`. Values only known at
 * apply time are skipped.
 */
export function validateTags(field: string, tags: { readonly [key: string]: string } | undefined): void {
  if (tags === undefined) return;
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) throw ValidationError.invalid(field, tags, "expected an object {...}");
  checkMapKeys(field, tags);
  const keys = Object.keys(tags);
  if (keys.length > IAM_LIMITS.tagsPerResource) {
    throw ValidationError.invalid(field, `${keys.length} tags`, `a resource has at most ${IAM_LIMITS.tagsPerResource} tags`);
  }
  for (const key of keys) {
    if (isToken(key)) continue;
    if (key.length < 1 || key.length > IAM_LIMITS.tagKeyLength || !TAG_TEXT.test(key)) {
      throw invalidKey(field, key, `a tag key has 1-${IAM_LIMITS.tagKeyLength} letters, digits, spaces or '_.:/=+-@'`);
    }
    if (key.toLowerCase().startsWith("aws:")) throw invalidKey(field, key, "tag keys starting with 'aws:' are reserved for AWS");
    const value = tags[key];
    if (isToken(value)) continue;
    if (typeof value !== "string" || value.length > IAM_LIMITS.tagValueLength || !TAG_TEXT.test(value)) {
      throw ValidationError.invalid(`${field}.${key}`, value, `a tag value has at most ${IAM_LIMITS.tagValueLength} letters, digits, spaces or '_.:/=+-@'`);
    }
  }
}

/** Checks a description of an IAM role or policy: at most 1,000 characters. */
export function validateDescription(field: string, value: string | undefined): void {
  if (value === undefined || isToken(value)) return;
  if (value.length > IAM_LIMITS.descriptionLength) {
    throw ValidationError.invalid(field, value, `a description has at most ${IAM_LIMITS.descriptionLength} characters (this one has ${value.length})`);
  }
}

/** The size of a policy document as IAM counts it: characters outside JSON strings' white space removed. */
export function policySize(document: unknown): number {
  return JSON.stringify(document).length;
}

/**
 * What one value only known at apply time (a cdktf token, a Terraform `${...}` interpolation) counts
 * for in a policy size estimate: 80 characters, the length of a typical resource ARN
 * (`arn:aws:sqs:eu-west-1:123456789012:` and a 44-character name; an S3 bucket ARN is at most 76).
 */
export const TOKEN_SIZE_ESTIMATE = 80;

/** The size of a policy document, in characters as IAM counts them. */
export interface PolicySize {
  /** The characters known at synth time: the document without the values only known at apply time. */
  readonly known: number;
  /** How many values are only known at apply time. */
  readonly tokens: number;
  /** `known` plus `TOKEN_SIZE_ESTIMATE` for each such value. */
  readonly estimate: number;
}

/** A value only known at apply time, inside a string: `${TfToken[TOKEN.1]}`, `#{TfToken[TOKEN.2]}`, `${var.x}`. */
const UNKNOWN_VALUE = /[$#]\{[^{}]*\}/g;

/**
 * The size IAM counts for a policy made of these statements: the document the constructs write
 * (`permissionsPolicyDocument`: `Version`, then per statement `Sid` when given, `Effect`, `Action`
 * and `Resource` as one string or a list without duplicates, `Condition` as operator -> key ->
 * value or values), without white space outside strings, as IAM counts it.
 * Values only known at apply time count as `TOKEN_SIZE_ESTIMATE` characters in `estimate`.
 */
export function policyDocumentSize(statements: readonly PolicyStatement[]): PolicySize {
  const text = JSON.stringify(permissionsPolicyDocument(statements));
  let tokens = 0;
  let tokenChars = 0;
  for (const match of text.matchAll(UNKNOWN_VALUE)) {
    tokens++;
    tokenChars += match[0].length;
  }
  const known = text.length - tokenChars;
  return { known, tokens, estimate: known + tokens * TOKEN_SIZE_ESTIMATE };
}

import { ValidationError } from "../core/errors";
import type { PolicyStatement } from "./policy-statement";
import { holdsCollectionToken, isListToken, type JsonValue, terraformJson } from "../core/terraform-json";

/**
 * IAM policy documents as the constructs write them: the IAM JSON of a list of statements, in the
 * form `aws_iam_policy_document` renders (a list of one value as that value, no duplicates, the
 * values of two conditions with the same operator and key merged into one), put into
 * `assume_role_policy` and `policy` as a Terraform template string (see `policyDocumentJson`).
 */

/** An IAM policy document: `{ Version, Statement: [...] }`. */
export interface IamPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly { readonly [key: string]: JsonValue }[];
}

/** The IAM policy language version every document declares. */
export const IAM_POLICY_VERSION = "2012-10-17";

/** A condition as `aws_iam_policy_document` takes it. */
interface ConditionLike {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/**
 * Values without duplicates, in their order; one value as itself, as IAM writes it. A list token
 * (`Token.asList`) stays a list.
 */
export function iamValues(values: readonly string[]): string | string[] {
  const unique = [...new Set(values)];
  return unique.length === 1 && !isListToken(unique) ? unique[0] : unique;
}

/**
 * A statement's `Condition`: operator -> key -> value(s). Conditions with the same operator and key
 * are one entry whose values are all of theirs (IAM matches any of them), as `aws_iam_policy_document`
 * merges its `condition` blocks.
 */
export function iamCondition(conditions: readonly ConditionLike[]): { [operator: string]: { [key: string]: string | string[] } } {
  const merged = new Map<string, Map<string, string[]>>();
  for (const c of conditions) {
    let keys = merged.get(c.test);
    if (!keys) merged.set(c.test, (keys = new Map()));
    keys.set(c.variable, [...(keys.get(c.variable) ?? []), ...c.values]);
  }
  const out: { [operator: string]: { [key: string]: string | string[] } } = {};
  for (const [test, keys] of merged) {
    out[test] = {};
    for (const [variable, values] of keys) out[test][variable] = iamValues(values);
  }
  return out;
}

/** The IAM document of permissions statements (`Effect` defaults to `Allow`). */
export function permissionsPolicyDocument(statements: readonly PolicyStatement[]): IamPolicyDocument {
  return {
    Version: IAM_POLICY_VERSION,
    Statement: statements.map((s) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect ?? "Allow",
      Action: iamValues(s.actions),
      Resource: iamValues(s.resources),
      ...(s.conditions && s.conditions.length > 0 ? { Condition: iamCondition(s.conditions) } : {}),
    })),
  };
}

/**
 * The IAM JSON of permissions statements, for an `aws_iam_policy`'s or `aws_iam_role_policy`'s
 * `policy`: a Terraform template whose interpolations (cdktf tokens, `${...}` expressions) Terraform
 * fills in at apply time. IAM policy variables are written as `aws_iam_policy_document` takes them,
 * `&{aws:username}`. A list reference (`Token.asList`) may be a whole list of actions, resources or
 * condition values; it is written `${jsonencode(...)}`. Fails when one sits inside a string.
 *
 * @param field the field path of the statements, for errors
 */
export function policyDocumentJson(field: string, statements: readonly PolicyStatement[]): string {
  statements.forEach((s, i) => {
    checkValues(`${field}[${i}].actions`, s.actions);
    checkValues(`${field}[${i}].resources`, s.resources);
    s.conditions?.forEach((c, j) => {
      if (holdsCollectionToken(c.variable)) throw collectionToken(`${field}[${i}].conditions[${j}].variable`);
      checkValues(`${field}[${i}].conditions[${j}].values`, c.values);
    });
  });
  return documentTemplate(field, permissionsPolicyDocument(statements));
}

/** Fails when a list or map reference is not a whole list of values. */
function checkValues(field: string, values: readonly string[]): void {
  if (isListToken(values)) return;
  values.forEach((value, i) => {
    if (holdsCollectionToken(value)) throw collectionToken(`${field}[${i}]`);
  });
}

function collectionToken(field: string): ValidationError {
  return new ValidationError(
    field,
    "is a list or map reference inside a string or among other values: a list reference (Token.asList) can only be a whole list",
  );
}

/** A document as a Terraform template (see `policyDocumentJson`), with errors at `field`. */
export function documentTemplate(field: string, document: IamPolicyDocument): string {
  try {
    return terraformJson(document as unknown as JsonValue);
  } catch (error) {
    throw new ValidationError(field, (error as Error).message);
  }
}

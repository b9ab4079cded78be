/**
 * JSON written as a Terraform template string: how the constructs put an IAM policy into
 * `assume_role_policy` and `policy` without an `aws_iam_policy_document` data source.
 *
 * Terraform reads every string of cdk.tf.json as a template, so a JSON text there is one too:
 * - an interpolation `${...}` inside a JSON string (a cdktf token, which resolves to one, or a
 *   Terraform expression written by hand) stays as it is, quotes included: Terraform evaluates it
 *   and puts the result into the string. Its value must not need JSON escaping, which holds for
 *   ARNs, IDs, URLs and host names;
 * - a list token that is a whole list (`Token.asList(...)`) becomes `${jsonencode(<list>)}` in place
 *   of the JSON array;
 * - everything else is escaped as JSON, and then for Terraform: a literal `%{` (a template
 *   directive) as `%%{`, and an IAM policy variable `&{aws:username}` (as `aws_iam_policy_document`
 *   takes it) as `$${aws:username}`, which Terraform turns into the `${aws:username}` IAM reads.
 */
import { Fn } from "cdktf";

/** A JSON value as the policy renderers build it. */
export type JsonValue = string | number | boolean | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Where a list token's marker starts: cdktf encodes a list token as `["#{TfToken[TOKEN.n]}"]`. */
const LIST_TOKEN = "#{TfToken[";
/** cdktf's map token marker, which has no place in a string. */
const MAP_TOKEN = "&{TfToken[";

/** Whether a string holds a cdktf list or map token: in a JSON string, neither can be written. */
export function holdsCollectionToken(value: string): boolean {
  return value.includes(LIST_TOKEN) || value.includes(MAP_TOKEN);
}

/** Whether a list is a list token as cdktf encodes it (`Token.asList(...)`): one element, its marker. */
export function isListToken(values: readonly unknown[]): boolean {
  return values.length === 1 && typeof values[0] === "string" && values[0].startsWith(LIST_TOKEN);
}

/**
 * The value as a Terraform template of its JSON text. Throws `Error` for a list or map token inside
 * a string: the callers check their fields first (see `policyDocumentJson`).
 */
export function terraformJson(value: JsonValue): string {
  if (typeof value === "string") return quoted(value);
  if (typeof value !== "object") return JSON.stringify(value);
  if (isArray(value)) {
    if (isListToken(value)) return Fn.jsonencode(value);
    return `[${value.map(terraformJson).join(",")}]`;
  }
  return `{${Object.keys(value).map((key) => `${quoted(key)}:${terraformJson(value[key])}`).join(",")}}`;
}

function isArray(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}

/** A string as a JSON string in a template: literal parts escaped, interpolations as written. */
function quoted(text: string): string {
  if (holdsCollectionToken(text)) throw new Error(`${JSON.stringify(text)} holds a list or map reference inside a string`);
  let out = '"';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("${", i);
    if (start === -1) {
      out += literal(text.slice(i));
      break;
    }
    const end = text[start - 1] === "$" ? -1 : interpolationEnd(text, start);
    if (end === -1) {
      // `$${` (Terraform's escape for a literal `${`), or a `${` never closed: literal text.
      out += literal(text.slice(i, start + 2));
      i = start + 2;
      continue;
    }
    out += literal(text.slice(i, start)) + text.slice(start, end + 1);
    i = end + 1;
  }
  return `${out}"`;
}

/** A literal part, escaped as JSON (without the quotes around it) and then for Terraform. */
function literal(text: string): string {
  return JSON.stringify(text).slice(1, -1).replace(/%\{/g, "%%{").replace(/&\{/g, () => "$${");
}

/**
 * The index of the `}` that closes the interpolation opened at `start` (`${`), skipping HCL strings
 * and nested braces; -1 when it is not closed.
 */
function interpolationEnd(text: string, start: number): number {
  let depth = 0;
  let quote = false;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (quote) {
      if (c === "\\") j++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return j;
  }
  return -1;
}

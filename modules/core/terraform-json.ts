/**
 * JSON written as a Terraform template string: how the constructs put an IAM policy into
 * `assume_role_policy` and `policy` without an `aws_iam_policy_document` data source.
 *
 * Terraform reads every string of cdk.tf.json as a template, so a JSON text there is one too:
 * - an interpolation `${...}` inside a JSON string (a cdktf token, which resolves to one, or a
 *   Terraform expression written by hand) is filled in by Terraform at apply time. Its value is
 *   JSON-escaped there, as the data source did: the interpolation is written
 *   `${trimsuffix(trimprefix(jsonencode(<expression>), "\""), "\"")}` ({@link JSON_STRING_PREFIX},
 *   {@link JSON_STRING_SUFFIX}), so a value holding a quote, a backslash or a line break stays
 *   inside its JSON string instead of ending it (and rewriting the policy);
 * - a list token that is a whole list (`Token.asList(...)`) becomes `${jsonencode(<list>)}` in place
 *   of the JSON array;
 * - everything else is escaped as JSON, and then for Terraform: a literal `%{` (a template
 *   directive) as `%%{`, and an IAM policy variable `&{aws:username}` (as `aws_iam_policy_document`
 *   takes it) as `$${aws:username}`, which Terraform turns into the `${aws:username}` IAM reads.
 */
import { Fn, type IResolvable, type IResolveContext, Token } from "cdktf";
import { JSON_STRING_PREFIX, JSON_STRING_SUFFIX, sequenceEnd } from "./hcl-template";

/** A JSON value as the policy renderers build it. */
export type JsonValue = string | number | boolean | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Where a list token's marker starts: cdktf encodes a list token as `["#{TfToken[TOKEN.n]}"]`. */
const LIST_TOKEN = "#{TfToken[";
/** cdktf's map token marker, which has no place in a string. */
const MAP_TOKEN = "&{TfToken[";
/** Where a string token's marker starts: `${TfToken[TOKEN.n]}`. */
const STRING_TOKEN = "${TfToken[";

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
 * a string, and for a `${` that is never closed: the callers name the field (see `policyDocumentJson`).
 */
export function terraformJson(value: JsonValue): string {
  if (typeof value === "string") return quoted(value);
  if (typeof value !== "object") return JSON.stringify(value);
  if (isArray(value)) {
    if (isListToken(value)) return Fn.jsonencode(value);
    return `[${value.map(terraformJson).join(",")}]`;
  }
  return `{${Object.keys(value)
    .map((key) => `${quoted(key)}:${terraformJson(value[key])}`)
    .join(",")}}`;
}

function isArray(value: JsonValue): value is readonly JsonValue[] {
  return Array.isArray(value);
}

/** A string as a JSON string in a template: literal parts escaped, interpolations JSON-escaped by Terraform. */
function quoted(text: string): string {
  if (holdsCollectionToken(text)) throw new Error(`${JSON.stringify(text)} holds a list or map reference inside a string`);
  let out = '"';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "$" || text[i + 1] !== "{") continue;
    if (text[i - 1] === "$") continue; // `$${`: Terraform's escape for a literal `${`, kept as it is
    const end = sequenceEnd(text, i);
    if (end === -1) throw new Error(`${JSON.stringify(text)} holds a "\${" that is never closed: write "$\${" for a literal "\${"`);
    out += literal(text.slice(copied, i)) + escapedInterpolation(text.slice(i, end + 1));
    copied = end + 1;
    i = end;
  }
  return `${out}${literal(text.slice(copied))}"`;
}

/** An interpolation whose value Terraform JSON-escapes (see {@link JSON_STRING_PREFIX}). */
function escapedInterpolation(interpolation: string): string {
  if (interpolation.startsWith(STRING_TOKEN) && interpolation.indexOf("}") === interpolation.length - 1) {
    return Token.asString(new JsonStringOf(interpolation));
  }
  return `\${${JSON_STRING_PREFIX}${interpolation.slice(2, -1)}${JSON_STRING_SUFFIX}}`;
}

/**
 * A cdktf token's value, JSON-escaped by Terraform: one token that writes
 * `${trimsuffix(trimprefix(jsonencode(<the token's expression>), "\""), "\"")}`. It does what
 * `Fn.trimsuffix(Fn.trimprefix(Fn.jsonencode(x), ...), ...)` does, the way cdktf's function calls
 * resolve their arguments, with one token instead of five: at 1,000 bindings x 3 environments the
 * `Fn` form made synthesis 30% slower.
 */
class JsonStringOf implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly token: string) {}

  public resolve(context: IResolveContext): string {
    const { suppressBraces, ignoreEscapes, warnEscapes } = context;
    context.suppressBraces = true;
    context.ignoreEscapes = true;
    context.warnEscapes = true;
    const expression = `${JSON_STRING_PREFIX}${context.resolve(this.token)}${JSON_STRING_SUFFIX}`;
    context.ignoreEscapes = ignoreEscapes;
    context.warnEscapes = warnEscapes;
    context.suppressBraces = suppressBraces;
    return suppressBraces ? expression : `\${${expression}}`;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** A literal part, escaped as JSON (without the quotes around it) and then for Terraform. */
function literal(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/%\{/g, "%%{")
    .replace(/&\{/g, () => "$${");
}

/**
 * JSON written as a Terraform template string: how the constructs put an IAM policy into
 * `assume_role_policy` and `policy` without an `aws_iam_policy_document` data source.
 *
 * Terraform reads every string of cdk.tf.json as a template, so a JSON text there is one too:
 * - a cdktf token inside a JSON string (a reference, an `Fn` call) is an interpolation that
 *   Terraform fills in at apply time. Its value is JSON-escaped there, as the data source did: the
 *   interpolation is written `${trimsuffix(trimprefix(jsonencode(<expression>), "\""), "\"")}`
 *   ({@link JSON_STRING_PREFIX}, {@link JSON_STRING_SUFFIX}), so a value holding a quote, a
 *   backslash or a line break stays inside its JSON string instead of ending it (and rewriting the
 *   policy);
 * - a list token that is a whole list (`Token.asList(...)`) becomes `${jsonencode(<list>)}` in place
 *   of the JSON array;
 * - everything else is data (modules/core/literal-text.ts): escaped as JSON, an IAM policy variable
 *   written `&{aws:username}` (as `aws_iam_policy_document` takes it) read as `${aws:username}`, and
 *   a part holding `${` or `%{` written as a literal-text token, which Terraform reads back as the
 *   text (`$${aws:username}` in the template, which IAM gets as `${aws:username}`). A `${...}` that
 *   is not a cdktf token is never an interpolation.
 */
import { Fn, type IResolvable, type IResolveContext, Token } from "cdktf";
import { JSON_STRING_PREFIX, JSON_STRING_SUFFIX } from "./hcl-template";
import { holdsTemplateSequence, literalText } from "./literal-text";

/** A JSON value as the policy renderers build it. */
export type JsonValue = string | number | boolean | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Where a list token's marker starts: cdktf encodes a list token as `["#{TfToken[TOKEN.n]}"]`. */
const LIST_TOKEN = "#{TfToken[";
/** cdktf's map token marker, which has no place in a string. */
const MAP_TOKEN = "&{TfToken[";
/** A string token's marker, `${TfToken[TOKEN.n]}` (cdktf's `STRING_TOKEN_REGEX`). */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

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
 * a string: the callers name the field (see `policyDocumentJson`).
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

/** A string as a JSON string in a template: literal parts as data, cdktf tokens JSON-escaped by Terraform. */
function quoted(text: string): string {
  if (holdsCollectionToken(text)) throw new Error(`${JSON.stringify(text)} holds a list or map reference inside a string`);
  let out = '"';
  let copied = 0;
  STRING_TOKEN.lastIndex = 0;
  for (let match = STRING_TOKEN.exec(text); match !== null; match = STRING_TOKEN.exec(text)) {
    out += literal(text.slice(copied, match.index)) + Token.asString(new JsonStringOf(match[0]));
    copied = match.index + match[0].length;
  }
  return `${out}${literal(text.slice(copied))}"`;
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

/**
 * A literal part: escaped as JSON (without the quotes around it), an IAM policy variable `&{...}`
 * read as `${...}`, and, when it holds `${` or `%{`, a literal-text token that Terraform reads back as it.
 */
function literal(text: string): string {
  const json = JSON.stringify(text)
    .slice(1, -1)
    .replace(/&\{/g, () => "${");
  return holdsTemplateSequence(json) ? literalText(json) : json;
}

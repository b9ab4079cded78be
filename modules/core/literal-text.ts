/**
 * Input is data: no string a user writes becomes live Terraform.
 *
 * Terraform reads every string of cdk.tf.json as a template: `${...}` is an interpolation it
 * evaluates at plan (`${file("/etc/passwd")}` reads a file of the machine that runs the plan) and
 * `%{...}` a directive. cdktf writes strings as they are, and resolves its tokens (references,
 * `Fn` calls) into such interpolations late, at synth. So a string is data only when its literal
 * parts are escaped (`$${`, `%%{`) and its tokens are not.
 *
 * The library does this in one place: when one of its constructs turns into Terraform JSON. Every
 * element under a scope given to {@link writeAsData} (the constructs call it on themselves) writes
 * its strings with each literal part that holds `${` or `%{` replaced by a {@link literalText}
 * token, whose value is the text as written wherever Terraform reads it: in a template string
 * `$${`/`%%{`, inside an expression (an `Fn` argument) a quoted HCL string. cdktf's own tokens, the
 * only live parts, are kept. Object keys are data too; the `//` comments cdktf writes are left alone.
 */
import { Aspects, type IAspect, type IResolvable, type IResolveContext, TerraformElement, Token } from "cdktf";
import type { IConstruct } from "constructs";

/** cdktf's marker of a string token, `${TfToken[TOKEN.12]}` (its `STRING_TOKEN_REGEX`). */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/** Where a template sequence starts: `${` or `%{`. */
const SEQUENCE_START = /[$%]\{/;

/** Whether a text, outside cdktf's token markers, holds the start of a template sequence (`${`, `%{`). */
export function holdsTemplateSequence(text: string): boolean {
  return SEQUENCE_START.test(text.replace(STRING_TOKEN, ""));
}

/** A text as a Terraform template that reads back as the text: `${` as `$${`, `%{` as `%%{`. */
export function escapeTemplate(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sign: string) => `${sign}${sign}{`);
}

/**
 * A text as an HCL quoted string, for an expression: JSON's escapes that HCL has (`\"`, `\\`, `\n`,
 * `\r`, `\t`, `\uNNNN`), the others as `\uNNNN`, and the template sequences escaped.
 */
function hclQuoted(text: string): string {
  const json = JSON.stringify(text).replace(/\\([bf])/g, (_match, c: string) => (c === "b" ? "\\u0008" : "\\u000c"));
  return escapeTemplate(json);
}

/** A literal text as a token (see {@link literalText}). */
class LiteralText implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly text: string) {}

  public resolve(context: IResolveContext): string {
    // Inside an expression (a function's argument) the text is a quoted string; in a template, itself.
    return context.suppressBraces ? hclQuoted(this.text) : escapeTemplate(this.text);
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/**
 * A text that Terraform reads as written, as a token: `${` and `%{` in it are escaped when the token
 * is resolved, in a template string or in an expression alike. Use it for text that is data, where
 * it may reach Terraform outside the constructs' elements (a policy document a user puts into a
 * resource of their own).
 */
export function literalText(text: string): string {
  return Token.asString(new LiteralText(text));
}

/**
 * A string whose literal parts are data: each part between cdktf's token markers that holds `${` or
 * `%{` becomes a {@link literalText} token; the tokens stay as they are. The same string when there
 * is nothing to escape, so a second pass changes nothing.
 */
export function dataString(text: string): string {
  if (!holdsTemplateSequence(text)) return text;
  let out = "";
  let copied = 0;
  STRING_TOKEN.lastIndex = 0;
  for (let match = STRING_TOKEN.exec(text); match !== null; match = STRING_TOKEN.exec(text)) {
    out += dataPart(text.slice(copied, match.index)) + match[0];
    copied = match.index + match[0].length;
  }
  return out + dataPart(text.slice(copied));
}

function dataPart(literal: string): string {
  return SEQUENCE_START.test(literal) ? literalText(literal) : literal;
}

/** Whether a value is a plain object or array, which {@link dataValue} walks (not a token, a construct or a class instance). */
function isPlainContainer(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A JSON-like value with every string (and object key) made data by {@link dataString}; cdktf's
 * `//` comments are left alone. Objects and arrays are copied only where something changes.
 */
export function dataValue<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === "string") return dataString(value);
  if (typeof value !== "object" || value === null || !isPlainContainer(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = walk(value[i]);
      if (item !== value[i]) {
        copy ??= value.slice();
        copy[i] = item;
      }
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  const keys = Object.keys(record);
  for (const [index, key] of keys.entries()) {
    const newKey = key === "//" ? key : dataString(key);
    const item = key === "//" ? record[key] : walk(record[key]);
    if (copy === undefined && newKey === key && item === record[key]) continue;
    if (copy === undefined) {
      // Keys in their order, each an own property (a `__proto__` key included).
      copy = {};
      for (const earlier of keys.slice(0, index)) define(copy, earlier, record[earlier]);
    }
    define(copy, newKey, item);
  }
  return copy ?? value;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The elements whose JSON is already written as data (an element is visited once per synth). */
const wrapped = new WeakSet<TerraformElement>();

/** Visits the elements of a scope and makes each write its strings as data. */
class WriteAsData implements IAspect {
  public visit(node: IConstruct): void {
    if (!TerraformElement.isTerraformElement(node) || wrapped.has(node)) return;
    wrapped.add(node);
    const toTerraform = node.toTerraform.bind(node);
    node.toTerraform = () => dataValue(toTerraform());
  }
}

/** One aspect for every scope, so that nested scopes visit an element once. */
const WRITE_AS_DATA = new WriteAsData();

/**
 * Every Terraform element in these scopes (their whole subtrees, including elements added later)
 * writes its strings as data when synthesized: a literal `${` or `%{` reaches Terraform escaped,
 * cdktf's tokens stay live. Each construct of the library calls it on itself.
 */
export function writeAsData(...scopes: IConstruct[]): void {
  for (const scope of scopes) {
    // A scope inside one that has it already is covered: adding it again would only lengthen the
    // list of aspects cdktf carries down to every element below (a thousand bindings' roles and
    // service accounts each inside their binding).
    if (scope.node.scopes.some((s) => Aspects.of(s).all.includes(WRITE_AS_DATA))) continue;
    Aspects.of(scope).add(WRITE_AS_DATA);
  }
}

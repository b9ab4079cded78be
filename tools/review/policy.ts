import { asList, asObject, asString, asStrings, type JsonObject, shortExpression } from "./json";
import type { SynthOutput } from "./load";
import { JSON_STRING_PREFIX, JSON_STRING_SUFFIX, sequenceEnd } from "../../modules/core/hcl-template";
import { blockOf, refsIn } from "./refs";

/** A condition of a statement. */
export interface Condition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** Who a statement applies to (trust policies). `NOT <type>` for NotPrincipal. */
export interface Principal {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/**
 * A policy statement, from an `aws_iam_policy_document` data source or IAM JSON alike.
 * NotAction and NotResource entries are kept as `NOT <value>`, so that they show and diff as
 * what they are: nearly everything.
 */
export interface Statement {
  /** The statement id, when set. */
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions: readonly Condition[];
  readonly principals: readonly Principal[];
}

/** A policy's statements, or why they could not be read (a `jsonencode(...)` expression, a reference to another stack, ...). */
export interface PolicyDocument {
  readonly statements: readonly Statement[];
  /** The shortened expression that could not be read; statements are then empty. */
  readonly unreadable?: string;
}

const DOCUMENT_ONLY = /^\$\{[^{}]*\}$/;
const MAX_SOURCES = 8;

function effectOf(value: unknown): "Allow" | "Deny" {
  return asString(value) === "Deny" ? "Deny" : "Allow";
}

function not(values: readonly string[]): string[] {
  return values.map((v) => `NOT ${v}`);
}

/** A statement of an `aws_iam_policy_document` data source (snake_case blocks). */
function statementOfDataSource(s: JsonObject): Statement {
  const principals = (key: string, prefix: string): Principal[] =>
    asList(s[key]).map((p) => ({ type: prefix + (asString(asObject(p)?.type) ?? "?"), identifiers: asStrings(asObject(p)?.identifiers) }));
  const sid = asString(s.sid);
  return {
    ...(sid !== undefined ? { sid } : {}),
    effect: effectOf(s.effect),
    actions: [...asStrings(s.actions), ...not(asStrings(s.not_actions))],
    resources: [...asStrings(s.resources), ...not(asStrings(s.not_resources))],
    conditions: asList(s.condition).map((c) => ({
      test: asString(asObject(c)?.test) ?? "?",
      variable: asString(asObject(c)?.variable) ?? "?",
      values: asStrings(asObject(c)?.values),
    })),
    principals: [...principals("principals", ""), ...principals("not_principals", "NOT ")],
  };
}

/** A statement of an IAM JSON policy (`Effect`, `Action`, `Principal`, `Condition`, ...). */
function statementOfIamJson(s: JsonObject): Statement {
  const principals = (value: unknown, prefix: string): Principal[] => {
    if (value === "*") return [{ type: `${prefix}*`, identifiers: ["*"] }];
    const object = asObject(value) ?? {};
    return Object.keys(object).map((type) => ({ type: prefix + type, identifiers: asStrings(object[type]) }));
  };
  const conditions: Condition[] = [];
  const operators = asObject(s.Condition) ?? {};
  for (const test of Object.keys(operators)) {
    const keys = asObject(operators[test]) ?? {};
    for (const variable of Object.keys(keys)) conditions.push({ test, variable, values: asStrings(keys[variable]) });
  }
  const sid = asString(s.Sid);
  return {
    ...(sid !== undefined ? { sid } : {}),
    effect: effectOf(s.Effect),
    actions: [...asStrings(s.Action), ...not(asStrings(s.NotAction))],
    resources: [...asStrings(s.Resource), ...not(asStrings(s.NotResource))],
    conditions,
    principals: [...principals(s.Principal, ""), ...principals(s.NotPrincipal, "NOT ")],
  };
}

/** A template sequence as the content of a JSON string: its text, exactly, once parsed. */
function jsonStringContent(sequence: string): string {
  return JSON.stringify(sequence).slice(1, -1);
}

/**
 * IAM JSON written as a Terraform template (what `assume_role_policy` or `policy` holds when the
 * policy is not an `aws_iam_policy_document`), made readable by `JSON.parse`; undefined when a
 * template sequence is not closed.
 *
 * - Interpolations (`${...}`) and directives (`%{...}`) sit inside JSON strings and hold HCL, with
 *   quotes JSON does not allow there: `"${replace(x.url, "https://", "")}:sub"`. They are escaped,
 *   so the parsed string holds the sequence exactly as written, as the same value in an
 *   `aws_iam_policy_document` data source does (references, the OIDC issuer host and
 *   shortened expressions then read alike).
 * - In the literal text, Terraform's escapes are undone the way an IAM policy variable is written
 *   in an `aws_iam_policy_document` data source in cdk.tf.json: `$${aws:username}` becomes
 *   `&{aws:username}`, and `%%{` becomes `%{`. A policy thus shows the same values whichever of
 *   the two forms it is written in.
 */
function templateJson(text: string): string | undefined {
  let json = "";
  let copied = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inString = !inString;
    else if (c === "\\" && inString) i++;
    if (c !== "$" && c !== "%") continue;
    if (text[i + 1] === "{") {
      const end = sequenceEnd(text, i);
      if (end < 0) return undefined;
      const sequence = unwrapJsonEncoding(text.slice(i, end + 1), inString ? JSON_STRING : JSON_VALUE);
      // A sequence outside a JSON string stands for a whole value (`"Resource":${jsonencode(var.arns)}`): read as one string.
      json += text.slice(copied, i) + (inString ? jsonStringContent(sequence) : `"${jsonStringContent(sequence)}"`);
      copied = end + 1;
      i = end;
    } else if (text[i + 1] === c && text[i + 2] === "{") {
      // As Terraform reads it: in `$$${`, the first `$` is literal and `$${` the escape.
      json += text.slice(copied, i) + (c === "$" ? "&{" : "%{");
      copied = i + 3;
      i += 2;
    }
  }
  return json + text.slice(copied);
}

/** How the constructs write an interpolation whose value Terraform JSON-escapes inside a JSON string. */
const JSON_STRING = { prefix: `\${${JSON_STRING_PREFIX}`, suffix: `${JSON_STRING_SUFFIX}}` };
/** How they write a list reference that is a whole list of values. */
const JSON_VALUE = { prefix: "${jsonencode(", suffix: ")}" };

/**
 * An interpolation as the expression it holds, without the JSON encoding the constructs wrap it in
 * (`${trimsuffix(trimprefix(jsonencode(x.arn), "\""), "\"")}` and `${jsonencode(var.arns)}` read as
 * `${x.arn}` and `${var.arns}`), so that it reads as the same value in an `aws_iam_policy_document`.
 */
function unwrapJsonEncoding(sequence: string, { prefix, suffix }: { prefix: string; suffix: string }): string {
  return sequence.startsWith(prefix) && sequence.endsWith(suffix) ? `\${${sequence.slice(prefix.length, -suffix.length)}}` : sequence;
}

export function parseIamJson(text: string): Statement[] | undefined {
  // Plain JSON (no template sequence, no escape of one) is read as it is.
  const json = text.includes("${") || text.includes("%{") ? templateJson(text) : text;
  if (json === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const document = asObject(parsed);
  // A statement list or statement only known at apply time (an interpolation in its place) cannot be read.
  if (!document || document.Statement === undefined || typeof document.Statement === "string") return undefined;
  const statements = asList(document.Statement);
  if (statements.some((s) => asObject(s) === undefined)) return undefined;
  return statements.map((s) => statementOfIamJson(asObject(s)!));
}

/**
 * Reads the policy an attribute holds: `${data.aws_iam_policy_document.<x>.json}` (also across
 * stacks, with its `source_policy_documents`), or IAM JSON, literal or written as a Terraform
 * template with `${...}` interpolations inside its strings (IAM policy variables then read as
 * `&{aws:username}`, as a data source writes them: see {@link templateJson}). Anything else is
 * returned as unreadable, so the report says so instead of guessing.
 */
export function readPolicyDocument(out: SynthOutput, stack: string, expression: string | undefined, depth = 0): PolicyDocument {
  if (expression === undefined) return { statements: [], unreadable: "(no policy)" };
  const text = expression.trim();
  if (DOCUMENT_ONLY.test(text)) {
    const refs = refsIn(out, stack, text);
    const ref = refs.length === 1 ? refs[0] : undefined;
    const body = ref?.data && ref.type === "aws_iam_policy_document" && ref.attr === "json" ? blockOf(out, ref) : undefined;
    if (ref && body) {
      const statements: Statement[] = [];
      // Merged sources first, as Terraform does; a statement of the document itself follows them.
      for (const source of [...asStrings(body.source_policy_documents), ...asStrings(body.override_policy_documents)]) {
        const merged = depth < MAX_SOURCES ? readPolicyDocument(out, ref.stack, source, depth + 1) : undefined;
        if (!merged || merged.unreadable !== undefined) return { statements: [], unreadable: shortExpression(source) };
        statements.push(...merged.statements);
      }
      statements.push(...asList(body.statement).map((s) => statementOfDataSource(asObject(s) ?? {})));
      return { statements };
    }
  }
  const statements = parseIamJson(text);
  return statements ? { statements } : { statements: [], unreadable: shortExpression(text) };
}

/** A condition as one line: `StringEquals aws:SourceVpc vpc-1, vpc-2`. */
export function conditionText(c: Condition): string {
  return `${c.test} ${shortExpression(c.variable, 60)} ${c.values.join(", ")}`;
}

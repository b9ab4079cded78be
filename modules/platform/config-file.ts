import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Node, ParseError } from "jsonc-parser";
import { z } from "zod";
import { describeValue, fieldOfPath, joinField, type SchemaIssue, schemaIssueMessage, ValidationError, ValidationErrors } from "../core/errors";
import { editDistance } from "../iam/wildcards";
import { PROTO_KEY_ALLOWED, rules } from "../core/naming";
import { AWS_POLICY_KEYS, configRegistry, configSchemas, platformConfigSchema, REPLACED_FIELDS } from "./config-schema";
import { nestingTooDeep, plainJsonValue } from "./private/plain-json";
import type { PlatformConfig } from "./config";

/**
 * Reading the platform configuration file: JSON with line and column for syntax errors and for keys
 * written twice (jsonc-parser keeps positions; `JSON.parse` keeps neither and silently drops the
 * first of two equal keys), then the whole file checked against the schema, every error reported
 * at once (up to `MAX_REPORTED_ERRORS`) as `file:line:column: field value is invalid: allowed`.
 */

/**
 * jsonc-parser, loaded when a text needs the full path or a position is asked for: a valid file
 * needs neither, and the app then does not load it (~6 ms).
 */
let jsoncModule: typeof import("jsonc-parser") | undefined;
function jsonc(): typeof import("jsonc-parser") {
  jsoncModule ??= require("jsonc-parser") as typeof import("jsonc-parser");
  return jsoncModule;
}

/** The name of the configuration file the app reads from the project directory. */
export const PLATFORM_CONFIG_FILE_NAME = "platform.json";
/** The environment variable that names another configuration file. */
export const CONFIG_FILE_VARIABLE = "EKS_IRSA_CONFIG";
/** How deep a configuration file may nest objects and lists (an add-on's configurationValues nest at most MAX_VALUE_DEPTH within it). */
export const MAX_FILE_DEPTH = 64;
/** At most this many errors are listed; the message says how many more there were. */
export const MAX_REPORTED_ERRORS = 20;

/** The nearest directory at or above `from` that holds a package.json: the package's root, from its sources or from dist/. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/** The root of this package (where its package.json is). */
export const PACKAGE_ROOT = packageRoot(__dirname);
/**
 * The example platform (examples/platform/platform.json): three environments, IRSA and Pod Identity
 * workloads, add-ons. The tests use it; `platform.json` in the project directory is the user's own.
 */
export const EXAMPLE_PLATFORM_CONFIG_FILE = join(PACKAGE_ROOT, "examples", "platform", PLATFORM_CONFIG_FILE_NAME);
/** The JSON Schema of the configuration, generated from the schema (`npm run schema`) and shipped with the package. */
export const PLATFORM_JSON_SCHEMA_FILE = join(PACKAGE_ROOT, "schema", "platform.schema.json");

/** Which configuration file an app reads, and whether the environment chose it. */
export interface PlatformConfigFileChoice {
  /** The file's absolute path. */
  readonly file: string;
  /** True when `EKS_IRSA_CONFIG` named it (an app says so, so that nobody synthesizes another file unknowingly). */
  readonly fromEnvironment: boolean;
}

/** Options of {@link PlatformConfigSource.read}. */
export interface ReadPlatformConfigOptions {
  /**
   * A state bucket that replaces the file's `stateBucket` (the app passes `EKS_IRSA_STATE_BUCKET`).
   * @default the file's
   */
  readonly stateBucket?: string;
  /**
   * The directory file names in messages are relative to.
   * @default the current directory
   */
  readonly cwd?: string;
}

/** A line and column in a file, both counted from 1. */
export interface SourcePosition {
  /** The line, from 1. */
  readonly line: number;
  /** The column, from 1. */
  readonly column: number;
}

/** A `ValidationError` in a configuration file; its message starts with `file:line:column:` when the position is known. */
export class ConfigFileError extends ValidationError {
  constructor(
    field: string,
    problem: string,
    /** The file, as messages show it. */
    public readonly file: string,
    /** Where in the file, when known. */
    public readonly position?: SourcePosition,
  ) {
    super(field, problem);
    this.name = "ConfigFileError";
    this.message = `${position ? `${file}:${position.line}:${position.column}` : file}: ${this.message}`;
  }
}

/** How the schema is applied: our messages for issues it has none for, and each issue's input (for its value). */
const SCHEMA_PARSE_OPTIONS = { error: defaultMessage, reportInput: true } as const;

/**
 * A configuration read from a file and checked against the schema, with what is needed to point
 * later errors (from the constructs) at their line and column.
 */
export class PlatformConfigSource {
  /** The file's syntax tree and line starts, made when a position is first asked for. */
  private located?: { readonly root: Node; readonly lineStarts: readonly number[] };

  private constructor(
    /** The file, as messages show it (relative to the current directory when inside it). */
    public readonly file: string,
    /** The checked configuration. */
    public readonly config: PlatformConfig,
    private readonly text: string,
  ) {}

  /**
   * The configuration file an app reads: `EKS_IRSA_CONFIG` when set, else `platform.json` in `cwd`
   * (the project directory, where cdktf runs the app).
   */
  public static fileChoice(env: { readonly [name: string]: string | undefined } = process.env, cwd: string = process.cwd()): PlatformConfigFileChoice {
    const given = env[CONFIG_FILE_VARIABLE];
    if (given !== undefined && given !== "") return { file: resolve(cwd, given), fromEnvironment: true };
    return { file: resolve(cwd, PLATFORM_CONFIG_FILE_NAME), fromEnvironment: false };
  }

  /** Reads, parses and checks a configuration file; throws `ValidationErrors` naming the file (and line and column) when it cannot. */
  public static read(file: string, options: ReadPlatformConfigOptions = {}): PlatformConfigSource {
    const cwd = options.cwd ?? process.cwd();
    const shown = displayName(file, cwd);
    let text: string;
    try {
      // Without the byte order mark some Windows editors write, which is no JSON (nor visible).
      text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
    } catch (error) {
      const code = (error as { code?: string }).code ?? String(error);
      const problem =
        code === "ENOENT"
          ? `cannot be read (ENOENT, no such file): create it (${relative(cwd, EXAMPLE_PLATFORM_CONFIG_FILE) || PLATFORM_CONFIG_FILE_NAME} is an example) or set ${CONFIG_FILE_VARIABLE} to your configuration file`
          : `cannot be read (${code})`;
      throw new ValidationErrors([new ConfigFileError("", problem, shown)], shown);
    }
    return PlatformConfigSource.parse(text, shown, options);
  }

  /**
   * Parses and checks a configuration text; `file` names it in messages. Throws `ValidationErrors`
   * listing every problem found (syntax errors stop at the first).
   *
   * A valid file takes a short path: its value is read by `JSON.parse` (its keys counted, so that a
   * key written twice is caught) and checked by the same schema, without jsonc-parser and the syntax
   * tree that positions need (at 3,000 workloads the tree's nodes are ~25 MB, which would stay alive
   * while the constructs are built). Anything else (a
   * syntax error, a key written twice, a schema issue, a bad state bucket) is parsed again the full
   * way, which finds and places every error: the checks and messages are those of the full path.
   */
  public static parse(text: string, file: string, options: ReadPlatformConfigOptions = {}): PlatformConfigSource {
    // Before any parser recurses into it: a text nested thousands deep would overflow the stack.
    const deep = nestingTooDeep(text, MAX_FILE_DEPTH);
    if (deep !== undefined) {
      const position = positionOf(lineStartsOf(text), deep);
      throw new ValidationErrors(
        [
          new ConfigFileError(
            "",
            `nests objects and lists deeper than ${MAX_FILE_DEPTH} levels here: a platform configuration needs far fewer`,
            file,
            position,
          ),
        ],
        file,
      );
    }
    const quick = plainJsonValue(text);
    if (quick !== undefined) {
      const result = platformConfigSchema.safeParse(quick.value, SCHEMA_PARSE_OPTIONS);
      const bucket = options.stateBucket;
      const replaceBucket = bucket !== undefined && bucket !== "";
      if (result.success && (!replaceBucket || rules.s3BucketName(bucket) === undefined)) {
        return new PlatformConfigSource(file, replaceBucket ? { ...result.data, stateBucket: bucket } : result.data, text);
      }
    }
    return PlatformConfigSource.parseFully(text, file, options);
  }

  /** The full path of `parse`: the syntax tree, keys written twice, the schema, every error placed in the file. */
  private static parseFully(text: string, file: string, options: ReadPlatformConfigOptions): PlatformConfigSource {
    const lineStarts = lineStartsOf(text);
    const at = (offset: number): SourcePosition => positionOf(lineStarts, offset);
    const parseErrors: ParseError[] = [];
    const root = jsonc().parseTree(text, parseErrors, JSON_OPTIONS);
    if (root === undefined || parseErrors.length > 0) {
      const first = parseErrors[0];
      const error = first
        ? new ConfigFileError("", `not valid JSON: ${syntaxProblem(text, first)}`, file, at(first.offset))
        : new ConfigFileError("", 'the file is empty: expected an object { "environments": [...] }', file);
      throw new ValidationErrors([error], file);
    }

    const errors: { offset?: number; error: ValidationError }[] = [];
    const add = (field: string, problem: string, offset?: number) =>
      errors.push({ offset, error: new ConfigFileError(field, problem, file, offset === undefined ? undefined : at(offset)) });

    // A key zod's records and plain objects would drop silently: refused where it is written.
    for (const proto of protoKeys(root)) add(proto.field, `key "__proto__" is invalid: ${PROTO_KEY_ALLOWED}`, proto.key.offset);

    for (const twice of keysWrittenTwice(root)) {
      add(
        twice.field,
        `is written twice (first on line ${at(twice.first.offset).line}): JSON keeps only the last one and would ignore the first silently; remove or rename one`,
        twice.second.offset,
      );
    }

    const value = nodeValue(root);
    const result = platformConfigSchema.safeParse(value, SCHEMA_PARSE_OPTIONS);
    if (!result.success) {
      // Numbers as written (1.30, not 1.3); anything else as JSON.
      const written = (path: readonly PropertyKey[]) => {
        const node = jsonc().findNodeAtLocation(root, path as (string | number)[]);
        return node?.type === "number" ? text.slice(node.offset, node.offset + node.length) : undefined;
      };
      for (const issue of describeIssues(result.error.issues, value, written)) {
        add(issue.field, issue.problem, offsetOf(root, issue.path, issue.atKey));
      }
    }

    let config: PlatformConfig | undefined = result.success ? result.data : undefined;
    if (options.stateBucket !== undefined && options.stateBucket !== "") {
      const allowed = rules.s3BucketName(options.stateBucket);
      if (allowed !== undefined) {
        errors.push({ error: ValidationError.invalid("EKS_IRSA_STATE_BUCKET", options.stateBucket, allowed) });
      } else if (config) {
        config = { ...config, stateBucket: options.stateBucket };
      }
    }

    if (errors.length > 0 || !config) {
      // In the order of the file; errors without a position last.
      const sorted = errors
        .map((e, i) => ({ ...e, i }))
        .sort((a, b) => (a.offset ?? Infinity) - (b.offset ?? Infinity) || a.i - b.i)
        .map((e) => e.error);
      throw new ValidationErrors(sorted.slice(0, MAX_REPORTED_ERRORS), file, sorted.length);
    }
    const source = new PlatformConfigSource(file, config, text);
    source.located = { root, lineStarts };
    return source;
  }

  /** Where a field (`environments[0].cluster.vpc.cidr`) is written; for a field the file leaves out, where its nearest written parent is. */
  public positionOf(field: string): SourcePosition | undefined {
    // The text parsed without errors before, so the tree is there.
    this.located ??= { root: jsonc().parseTree(this.text, [], JSON_OPTIONS)!, lineStarts: lineStartsOf(this.text) };
    const node = nodeOfField(this.located.root, field);
    return node ? positionOf(this.located.lineStarts, node.offset) : undefined;
  }

  /**
   * Runs `body` (building the constructs from `config`); `ValidationError`s it throws come back as
   * `ValidationErrors` of this file, each at the line and column of its field.
   */
  public locate<T>(body: () => T): T {
    try {
      return body();
    } catch (error) {
      const found = error instanceof ValidationErrors ? error.errors : error instanceof ValidationError ? [error] : undefined;
      if (!found) throw error;
      const located = found.map((e) => new ConfigFileError(e.field, e.problem, this.file, this.positionOf(e.field)));
      throw new ValidationErrors(located, this.file, error instanceof ValidationErrors ? error.total : located.length);
    }
  }
}

// ---- positions -----------------------------------------------------------------------------------

function displayName(file: string, cwd: string): string {
  const fromCwd = relative(cwd, resolve(cwd, file));
  const inside = fromCwd !== "" && !fromCwd.startsWith(`..${sep}`) && fromCwd !== ".." && !isAbsolute(fromCwd);
  return inside ? fromCwd : resolve(cwd, file);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return starts;
}

function positionOf(lineStarts: readonly number[], offset: number): SourcePosition {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low] + 1 };
}

/** The offset of the value at `path`, or of its key; for a path the file leaves out, of its nearest written parent. */
function offsetOf(root: Node, path: readonly PropertyKey[], atKey: boolean): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = jsonc().findNodeAtLocation(root, path.slice(0, depth) as (string | number)[]);
    if (!node) continue;
    const key = atKey && depth === path.length && node.parent?.type === "property" ? node.parent.children?.[0] : undefined;
    return (key ?? node).offset;
  }
  return root.offset;
}

/**
 * The node of a field path as the constructs write it (`environments[0].cluster.nodeGroups.a.minSize`),
 * matching the longest key at each step so that keys holding dots (`kubernetes.io/role`) are found;
 * the deepest node reached when the rest is not written; undefined when not even the first step is.
 */
function nodeOfField(root: Node, field: string): Node | undefined {
  let node = root;
  let rest = field;
  let matched = false;
  while (rest !== "") {
    if (node.type === "array") {
      const index = /^\[(\d+)\]/.exec(rest);
      const child = index ? node.children?.[Number(index[1])] : undefined;
      if (!index || !child) break;
      node = child;
      rest = rest.slice(index[0].length);
    } else if (node.type === "object") {
      const text = rest.replace(/^\./, "");
      let best: { key: string; value: Node } | undefined;
      for (const property of node.children ?? []) {
        const [keyNode, value] = property.children ?? [];
        const key = keyNode?.value as string;
        const follows = text.charAt(key.length);
        if (
          value &&
          text.startsWith(key) &&
          (follows === "" || follows === "." || follows === "[" || follows === " ") &&
          (!best || key.length > best.key.length)
        ) {
          best = { key, value };
        }
      }
      if (!best) break;
      node = best.value;
      rest = text.slice(best.key.length);
    } else {
      break;
    }
    matched = true;
  }
  return matched || field === "" ? node : undefined;
}

// ---- parsing -------------------------------------------------------------------------------------

const SYNTAX_PROBLEMS: Record<string, string> = {
  InvalidSymbol: "unexpected characters",
  InvalidNumberFormat: "a malformed number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: "expected the end of the file",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "comments are not allowed in JSON",
  UnexpectedEndOfString: "a string that does not end on its line",
  UnexpectedEndOfNumber: "a malformed number",
  InvalidUnicode: "a malformed \\u escape",
  InvalidEscapeCharacter: "a malformed escape",
  InvalidCharacter: "a control character in a string",
};

function syntaxProblem(text: string, error: ParseError): string {
  const before = text.slice(0, error.offset).trimEnd();
  if (before.endsWith(",") && /^[}\]]/.test(text.slice(error.offset))) return `a comma before '${text[error.offset]}' (JSON allows no trailing comma)`;
  const found = text.slice(error.offset, error.offset + Math.max(error.length, 1)).split("\n")[0];
  const code = jsonc().printParseErrorCode(error.error);
  const problem = SYNTAX_PROBLEMS[code] ?? code;
  return found === "" ? `${problem} (found the end of the file)` : `${problem} (found ${JSON.stringify(found.slice(0, 40))})`;
}

/** The value of a node, with every key an own property (a `__proto__` key stays a key, caught as unknown). */
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case "object": {
      const object: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key && value) Object.defineProperty(object, key.value as string, { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
    case "array":
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/** Strict JSON: no comments, no trailing commas, no empty file. */
const JSON_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/** The `__proto__` keys of a tree, each with the field of its object and its key node. */
function protoKeys(root: Node): { field: string; key: Node }[] {
  const found: { field: string; key: Node }[] = [];
  const walk = (node: Node, field: string) => {
    if (node.type === "array") (node.children ?? []).forEach((child, i) => walk(child, `${field}[${i}]`));
    if (node.type !== "object") return;
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key) continue;
      if (key.value === "__proto__") found.push({ field, key });
      if (value) walk(value, joinField(field, key.value as string));
    }
  };
  walk(root, "");
  return found;
}

/** Keys written twice in one object, with the field path and both key nodes. */
function keysWrittenTwice(root: Node): { field: string; first: Node; second: Node }[] {
  const found: { field: string; first: Node; second: Node }[] = [];
  const walk = (node: Node, field: string) => {
    if (node.type === "array") (node.children ?? []).forEach((child, i) => walk(child, `${field}[${i}]`));
    if (node.type !== "object") return;
    const seen = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key) continue;
      const name = key.value as string;
      const path = joinField(field, name);
      const first = seen.get(name);
      if (first) found.push({ field: path, first, second: key });
      seen.set(name, key);
      if (value) walk(value, path);
    }
  };
  walk(root, "");
  return found;
}

// ---- messages ------------------------------------------------------------------------------------

/** Messages for issues the schema has no own message for (the add-on presets' outlines say the same: modules/core/errors.ts). */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return schemaIssueMessage(issue as SchemaIssue);
}

/** One error to report: where (path), its field text and problem. */
interface DescribedIssue {
  readonly path: readonly PropertyKey[];
  readonly field: string;
  readonly problem: string;
  /** The problem is the key at `path`, not its value. */
  readonly atKey: boolean;
}

/** The value at a path of the parsed file; `missing` when a key on the way is absent. */
function valueAt(value: unknown, path: readonly PropertyKey[]): { value?: unknown; missing: boolean } {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, key)) return { missing: true };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { value: current, missing: false };
}

/** The schema of the value at a path (optional wrappers removed). */
function schemaAt(path: readonly PropertyKey[]): { field?: z.ZodType; inner?: z.ZodType } {
  let field: z.ZodType | undefined = platformConfigSchema;
  for (const key of path) {
    const inner: z.ZodType | undefined = field ? unwrap(field) : undefined;
    if (inner instanceof z.ZodObject) field = (inner.shape as Record<string, z.ZodType>)[String(key)];
    else if (inner instanceof z.ZodArray) field = inner.element as z.ZodType;
    else if (inner instanceof z.ZodRecord) field = inner.valueType as z.ZodType;
    else field = undefined;
  }
  return { field, inner: field ? unwrap(field) : undefined };
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}

/** A known key close to a misspelt one: same letters in another case, or at most two edits away. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower || k.toLowerCase() === `${lower}s`);
  if (same) return same;
  const scored = known.map((k) => ({ k, d: editDistance(lower, k) })).sort((a, b) => a.d - b.d);
  return scored[0] && scored[0].d <= 2 ? scored[0].k : undefined;
}

/** Turns zod's issues into our errors: the field path, the value as written, and what is allowed. */
function describeIssues(issues: readonly z.core.$ZodIssue[], value: unknown, written: (path: readonly PropertyKey[]) => string | undefined): DescribedIssue[] {
  const out: DescribedIssue[] = [];
  // A statement pasted in AWS's own policy format gets one error, not one per key.
  const awsStatements = issues
    .filter(
      (i) =>
        i.code === "unrecognized_keys" && i.keys.some((k) => AWS_POLICY_KEYS.includes(k)) && schemaAt(i.path).inner === unwrap(configSchemas.policyStatement),
    )
    .map((i) => i.path);
  const inAwsStatement = (path: readonly PropertyKey[]) => awsStatements.some((p) => p.every((key, i) => path[i] === key));
  for (const path of awsStatements) {
    out.push({
      path,
      field: fieldOfPath(path),
      atKey: false,
      problem:
        "is in AWS's policy JSON format (Effect, Action, Resource): write it in this project's form " +
        '{ "effect": "Allow", "actions": ["s3:GetObject"], "resources": ["arn:..."], "conditions": [{ "test": ..., "variable": ..., "values": [...] }] }',
    });
  }

  for (const issue of issues) {
    if (inAwsStatement(issue.path)) continue;
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys((schemaAt(issue.path).inner as z.ZodObject | undefined)?.shape ?? {});
      for (const key of issue.keys) {
        // Reported where it is written (protoKeys), as no key at all.
        if (key === "__proto__") continue;
        if (Object.hasOwn(REPLACED_FIELDS, key)) {
          out.push({ path: [...issue.path, key], field: fieldOfPath([...issue.path, key]), atKey: true, problem: REPLACED_FIELDS[key] });
          continue;
        }
        const hint = closestKey(key, known);
        out.push({
          path: [...issue.path, key],
          field: fieldOfPath([...issue.path, key]),
          atKey: true,
          problem: `is not a known field${hint ? `: did you mean ${hint}?` : ""} (allowed: ${known.join(", ")})`,
        });
      }
      continue;
    }
    const params = (issue as { params?: { problem?: string; atKey?: boolean } }).params;
    const at = valueAt(value, issue.path);
    let problem: string;
    if (params?.atKey) {
      // A bad key: the field is the map, the value the key.
      const key = issue.path[issue.path.length - 1];
      out.push({
        path: issue.path,
        field: fieldOfPath(issue.path.slice(0, -1)),
        problem: `key ${JSON.stringify(key)} is invalid: ${issue.message}`,
        atKey: true,
      });
      continue;
    } else if (params?.problem !== undefined) {
      problem = params.problem;
    } else if (at.missing && issue.code === "invalid_type") {
      const description = configRegistry.get(schemaAt(issue.path).field!)?.description;
      problem = `is missing: ${description ? `give ${description.charAt(0).toLowerCase()}${description.slice(1).replace(/\.$/, "")}` : issue.message}`;
    } else {
      problem = `${written(issue.path) ?? describeValue(at.value)} is invalid: ${issue.message}`;
    }
    out.push({ path: issue.path, field: fieldOfPath(issue.path), problem, atKey: false });
  }
  return out;
}

/**
 * The one error type for bad input, from a construct's props or from the platform configuration.
 *
 * It carries the field path apart from the message, so that a caller that knows where the value came
 * from (`environments[1].workloads[0]`) can prefix the path without rewriting text, and so that tests
 * and tools can read the path and the value instead of parsing prose.
 */
export class ValidationError extends Error {
  /**
   * Where the bad value is: `roleName`, `serviceAccounts[0].namespace`,
   * `environments[1].workloads[0].policyStatements[0].actions`. Empty for the whole input.
   */
  public readonly field: string;
  /** What is wrong and what is allowed, without the field: `"x" is invalid: use ...`. */
  public readonly problem: string;

  constructor(field: string, problem: string) {
    super(joinMessage(field, problem));
    this.name = "ValidationError";
    this.field = field;
    this.problem = problem;
  }

  /** A value that is not allowed: `<field> <value as JSON> is invalid: <allowed>`. */
  public static invalid(field: string, value: unknown, allowed: string): ValidationError {
    return new ValidationError(field, `${describeValue(value)} is invalid: ${allowed}`);
  }

  /** A required value that is absent: `<field> is missing: <what to give>`. */
  public static missing(field: string, what: string): ValidationError {
    return new ValidationError(field, `is missing: ${what}`);
  }

  /** The same error, its field prefixed with where it came from (`workloads[2]` + `roleName`). */
  public under(prefix: string): ValidationError {
    const error = new ValidationError(joinField(prefix, this.field), this.problem);
    error.stack = this.stack;
    return error;
  }
}

/** Several input errors found at once (a configuration file is checked whole before anything is built). */
export class ValidationErrors extends Error {
  constructor(
    /** The errors, in the order they were found. */
    public readonly errors: readonly ValidationError[],
    /** What was checked, for the first line: a file name, `configuration`. */
    public readonly source: string,
    /** How many errors there were in all, when only the first `errors.length` are kept. */
    public readonly total: number = errors.length,
  ) {
    super(
      `${source}: ${total} ${total === 1 ? "error" : "errors"}\n` +
        errors.map((e) => `  - ${e.message}`).join("\n") +
        (total > errors.length ? `\n  ... and ${total - errors.length} more` : ""),
    );
    this.name = "ValidationErrors";
  }
}

/** `a` + `b` -> `a.b`; `a` + `[0].b` -> `a[0].b`; an empty side is left out. */
export function joinField(prefix: string, field: string): string {
  if (prefix === "") return field;
  if (field === "") return prefix;
  return field.startsWith("[") ? `${prefix}${field}` : `${prefix}.${field}`;
}

/** A path of keys as a field path: `["a", 0, "b"]` -> `a[0].b` (a zod issue's path, say). */
export function fieldOfPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((field, key) => (typeof key === "number" ? `${field}[${key}]` : joinField(field, String(key))), "");
}

/**
 * Runs `body`; a `ValidationError` it throws gets `field` in front of its own field, so that an error
 * from a nested construct says where in the input it comes from. Other errors pass unchanged.
 */
export function withField<T>(field: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof ValidationError) throw error.under(field);
    throw error;
  }
}

/** How many characters a message shows of a value at most. */
const SHOWN = 200;

/**
 * A value as a message shows it: JSON, shortened to 200 characters. A shortened string keeps its
 * closing quote (`"aaaa..."`), so the message still reads where the value ends.
 */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    // NaN and the infinities as themselves (JSON would write null).
    const special = value === undefined || (typeof value === "number" && !Number.isFinite(value));
    text = special ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length <= SHOWN) return text;
  if (typeof value === "string") return `${quotedPrefix(value, SHOWN - 4)}..."`;
  return `${text.slice(0, SHOWN - 3)}...`;
}

/**
 * The longest start of a string whose JSON form, without its closing quote, has at most `max`
 * characters: cut in the string, not in its JSON, so that no escape (`\"`, `\u00e9`) or surrogate
 * pair is split.
 */
function quotedPrefix(value: string, max: number): string {
  let length = Math.min(value.length, max);
  const quoted = (n: number) => JSON.stringify(value.slice(0, n)).slice(0, -1);
  while (length > 0 && (quoted(length).length > max || /[\ud800-\udbff]/.test(value.charAt(length - 1)))) length--;
  return quoted(length);
}

function joinMessage(field: string, problem: string): string {
  return field === "" ? problem : `${field} ${problem}`;
}

/** The parts of a schema issue (a zod issue) that its message is made of. */
export interface SchemaIssue {
  readonly code: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
}

/** What each type a schema expects is called in a message. */
const EXPECTED: { readonly [type: string]: string } = {
  string: "expected a string",
  number: "expected a number",
  int: "expected a whole number",
  boolean: "expected true or false (without quotes)",
  array: "expected a list [...]",
  object: "expected an object {...}",
  record: "expected an object {...}",
};

/**
 * The message of a schema issue that has no message of its own (a wrong type, a value outside an
 * enum, a list too short or too long): the configuration file's schema and the add-on presets'
 * outlines both say it this way, so a file and TypeScript get the same words. Undefined for other issues.
 */
export function schemaIssueMessage(issue: SchemaIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return EXPECTED[issue.expected ?? ""] ?? `expected ${issue.expected}`;
    case "invalid_value":
      return `allowed values are ${(issue.values ?? []).map(String).join(", ")}`;
    case "too_small":
      return issue.origin === "array" ? `give at least ${issue.minimum} entries` : `must be at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array" ? `give at most ${issue.maximum} entries` : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

/**
 * Small helpers for reading synthesized Terraform JSON, which is untyped: every accessor checks
 * the shape instead of trusting it, so that a hand-edited or foreign file degrades to "unknown"
 * rather than a crash.
 */

/** A JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/** The value as an object, or undefined. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The value as a string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * The value as a list. Terraform JSON writes a repeated block as an array, but accepts one object
 * for a single block, and IAM JSON accepts a string for a one-element list: both become lists.
 */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The strings of a string or a list of strings (other members are dropped). */
export function asStrings(value: unknown): string[] {
  return asList(value).filter((v): v is string => typeof v === "string");
}

/**
 * Compares by UTF-16 code units: unlike localeCompare, the order does not depend on the machine's
 * locale, so the report is byte-identical everywhere.
 */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted copy without duplicates. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compare);
}

/** Whether an IAM pattern holds a wildcard (`*` or `?`). */
export function hasWildcard(value: string): boolean {
  return /[*?]/.test(value);
}

/** Compiled patterns: the same few patterns are matched against thousands of values. */
const PATTERNS = new Map<string, RegExp>();

/** Whether an IAM string pattern (`*` any run of characters, `?` one character) matches a value. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  if (!hasWildcard(pattern)) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  const key = `${ignoreCase ? "i" : "s"} ${pattern}`;
  let regex = PATTERNS.get(key);
  if (!regex) {
    const source = pattern
      .split("")
      .map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
      .join("");
    regex = new RegExp(`^${source}$`, ignoreCase ? "i" : "");
    if (PATTERNS.size > 10_000) PATTERNS.clear();
    PATTERNS.set(key, regex);
  }
  return regex.test(value);
}

/**
 * A Terraform expression shortened for a human: cross-stack outputs become `<stack> output <name>`,
 * the `${ }` goes, and anything longer than `max` keeps its start and end.
 */
export function shortExpression(expression: string, max = 80): string {
  let text = expression
    .replace(/data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.cross-stack-output-([\w-]+)/g, "$1 output $2")
    .replace(/data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g, "$1 output $2");
  if (/^\$\{[^{}]*\}$/.test(text)) text = text.slice(2, -1);
  if (text.length <= max) return text;
  const half = Math.floor((max - 3) / 2);
  return `${text.slice(0, half)}...${text.slice(text.length - half)}`;
}

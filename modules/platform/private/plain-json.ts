/**
 * The short path of reading a configuration file (modules/platform/config-file.ts): the value of a valid
 * JSON text without a key written twice, by the native `JSON.parse`. Anything else is left to
 * jsonc-parser, which places every error at its line and column.
 */

/**
 * The value of a text that is JSON without a syntax error and without a key written twice, every
 * key an own property (as load.ts's `valueOf` builds it from jsonc-parser's tree; `JSON.parse`
 * defines a `__proto__` key as an own property too); undefined otherwise, for the full path to
 * report. `JSON.parse` is the strict grammar (jsonc-parser without comments and trailing commas
 * accepts all it accepts) but keeps the last of two equal keys silently, so the keys written are
 * counted against the keys kept.
 */
export function plainJsonValue(text: string): { value: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return keysWritten(text) === keysKept(value) ? { value } : undefined;
  } catch {
    // A syntax error, or a text too large or deep for the key count (a string of megabytes, nesting
    // thousands deep): the full path reads it, or reports it.
    return undefined;
  }
}

/**
 * Every string of a valid JSON text, in order (outside strings, JSON has no `"`), with the `:`
 * that makes it a key.
 */
const JSON_STRING = /"(?:[^"\\]|\\.)*"(\s*:)?/g;

/** How many keys a valid JSON text writes, in all its objects. */
function keysWritten(text: string): number {
  let keys = 0;
  JSON_STRING.lastIndex = 0;
  for (let match = JSON_STRING.exec(text); match !== null; match = JSON_STRING.exec(text)) {
    if (match[1] !== undefined) keys++;
  }
  return keys;
}

/** How many keys the objects of a parsed value hold; NaN when one is `__proto__`, which the full path reports. */
function keysKept(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + keysKept(item), 0);
  if (typeof value !== "object" || value === null) return 0;
  let keys = 0;
  for (const key of Object.keys(value)) keys += key === "__proto__" ? Number.NaN : 1 + keysKept((value as Record<string, unknown>)[key]);
  return keys;
}

/**
 * The offset in a JSON text where objects and lists nest deeper than `max`, or undefined: read
 * without recursion, so a text nested a million deep is measured (a recursive parser would overflow
 * the stack on it).
 */
export function nestingTooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (++depth > max) return i;
    } else if (c === "}" || c === "]") depth--;
  }
  return undefined;
}

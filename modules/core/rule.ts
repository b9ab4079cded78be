import { Token } from "cdktf";
import { ValidationError } from "./errors";

/**
 * What a rule on one value is and how a construct applies it, and the rule that list entries are distinct. The rules themselves live in
 * modules/core/naming.ts and modules/core/arns.ts (both re-export what is public here); this file is apart so
 * that those two can share it without importing each other.
 */

/** Whether a value is only known at apply time, so no synth-time check applies to it. */
export function isToken(value: unknown): boolean {
  return typeof value === "string" ? Token.isUnresolved(value) : typeof value === "number" && Token.isUnresolved(value);
}

/**
 * A rule on one value: `undefined` when the value keeps it, else what is allowed (the end of the
 * message `<field> <value> is invalid: <allowed>`). The constructs apply rules with `checkRule`,
 * which skips values only known at apply time; the configuration schema (modules/platform) applies the
 * same rules to a file's values, so a rule lives in one place.
 */
export interface Rule<T> {
  (value: T): string | undefined;
  /**
   * A regular expression every valid value matches, when the rule is one: the JSON Schema carries it
   * as `pattern`, so editors flag a bad value as it is typed.
   */
  readonly pattern?: RegExp;
}

/** Throws `ValidationError.invalid` when `value` breaks `rule`; values only known at apply time are skipped. */
export function checkRule<T>(field: string, value: T, rule: Rule<T>): void {
  if (isToken(value)) return;
  const allowed = rule(value);
  if (allowed !== undefined) throw ValidationError.invalid(field, value, allowed);
}

/** A rule that is a regular expression. */
export function patternRule(pattern: RegExp, allowed: string): Rule<string> {
  return Object.assign((value: string) => (pattern.test(value) ? undefined : allowed), { pattern });
}

/** The first entry of a list that repeats an earlier one: its index and the earlier one's; tokens are compared as written. */
export function findRepeat(list: readonly unknown[]): { readonly index: number; readonly first: number } | undefined {
  const seen = new Map<string, number>();
  for (const [index, value] of list.entries()) {
    const key = JSON.stringify(value);
    const first = seen.get(key);
    if (first !== undefined) return { index, first };
    seen.set(key, index);
  }
  return undefined;
}

/** What a message says about a repeated list entry. */
export function repeatAllowed(first: number): string {
  return `it repeats entry [${first}]: list each value once`;
}

/** Checks that a list holds no value twice. */
export function validateDistinct(field: string, list: readonly unknown[]): void {
  const repeat = findRepeat(list);
  if (repeat !== undefined) throw ValidationError.invalid(`${field}[${repeat.index}]`, list[repeat.index], repeatAllowed(repeat.first));
}

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

/** What a message says of a value that should be a string: the configuration schema says the same of a file's value. */
export const EXPECTED_STRING = "expected a string";

/**
 * Throws `ValidationError.invalid` when `value` breaks `rule` (or is no string, which a caller
 * that is not type-checked can pass); values only known at apply time are skipped.
 */
export function checkRule(field: string, value: unknown, rule: Rule<string>): void {
  if (isToken(value)) return;
  if (typeof value !== "string") throw ValidationError.invalid(field, value, EXPECTED_STRING);
  const allowed = rule(value);
  if (allowed !== undefined) throw ValidationError.invalid(field, value, allowed);
}

/**
 * What a message says of a map key `__proto__`: JavaScript objects (and the libraries that copy
 * maps, zod's records and cdktf's attribute mappers among them) take it for the object's prototype,
 * so the entry would vanish on the way. Every map of the inputs refuses it, the file's alike.
 */
export const PROTO_KEY_ALLOWED = "JavaScript objects take __proto__ for their prototype, so the entry would be lost on the way: use another key";

/** The message of a bad key of a map, said of the map: `<field> key "<key>" is invalid: <allowed>`. */
export function invalidKey(field: string, key: string, allowed: string): ValidationError {
  return new ValidationError(field, `key ${JSON.stringify(key)} is invalid: ${allowed}`);
}

/** Throws when a map (tags, labels, annotations, named policies, ...) has the key `__proto__`. */
export function checkMapKeys(field: string, map: object | undefined): void {
  if (map !== undefined && map !== null && Object.hasOwn(map, "__proto__")) throw invalidKey(field, "__proto__", PROTO_KEY_ALLOWED);
}

/**
 * How deep JSON values of free form may nest (an add-on's `configurationValues`): deeper values are
 * refused with a message instead of overflowing the stack of whatever walks them next.
 */
export const MAX_VALUE_DEPTH = 32;

/**
 * The first path (in keys) at which a value nests deeper than `max` objects and lists, or
 * undefined when it does not; found without recursion, so any depth is measured (a value that
 * holds itself is found too, at `max`).
 */
export function tooDeep(value: unknown, max: number): readonly (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current !== "object" || current === null) continue;
    if (path.length >= max) return path;
    const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((item, i) => [i, item]) : Object.entries(current);
    for (const [key, item] of entries) stack.push({ value: item, path: [...path, key] });
  }
  return undefined;
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

/** A check of one input (a value, a list or a map): throws a `ValidationError` naming `field` when the input is bad. */
export type InputCheck<T> = (field: string, value: T) => void;

/**
 * The checks of an object's inputs that stand alone, one function per field. A construct runs them
 * on its props (`checkInputs`), and the configuration schema (modules/platform/config-schema.ts)
 * runs the same function on the same field of the file, so both accept and refuse a value alike,
 * with the same message. Checks that relate fields to each other are functions of the whole object,
 * shared the same way.
 *
 * Every field has an entry, so that a new field cannot be forgotten: `null` for one that no check
 * applies to (a construct, a provider), said so where the table is written.
 */
export type InputChecks<T> = { readonly [K in keyof T]-?: InputCheck<Exclude<T[K], undefined>> | null };

/** Runs each check of `checks` on its field of `value`, when the field is given; fields are named below `prefix`. */
export function checkInputs<T extends object>(prefix: string, value: T, checks: Partial<InputChecks<T>>): void {
  for (const name of Object.keys(checks) as (keyof T & string)[]) {
    const check = checks[name];
    const given = value[name];
    if (check !== undefined && check !== null && given !== undefined)
      check(prefix === "" ? name : `${prefix}.${name}`, given as Exclude<T[typeof name], undefined>);
  }
}

/** The check of a whole number in [min, max], as an input check; the configuration schema reads its bounds. */
export function rangeCheck(min: number, max: number): InputCheck<number> & { readonly min: number; readonly max: number } {
  const check = (field: string, value: number) => {
    if (isToken(value)) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
      throw ValidationError.invalid(field, value, rangeAllowed(min, max));
  };
  return Object.assign(check, { min, max });
}

/** The allowed part of the message for a whole number outside [min, max]. */
export function rangeAllowed(min: number, max: number): string {
  return `must be a whole number from ${min} to ${max}`;
}

/** What a message says of a value that is not one of a fixed set. */
export function oneOfAllowed(allowed: readonly string[]): string {
  return `allowed values are ${allowed.join(", ")}`;
}

/** The check of a value that is one of a fixed set, as an input check; the configuration schema reads the set. */
export function oneOfCheck<T extends string>(allowed: readonly T[]): InputCheck<T> & { readonly values: readonly T[] } {
  const check = (field: string, value: T) => {
    if (isToken(value)) return;
    if (!allowed.includes(value)) throw ValidationError.invalid(field, value, oneOfAllowed(allowed));
  };
  return Object.assign(check, { values: allowed });
}

/** The check of a string that follows a rule, as an input check. */
export function ruleCheck(rule: Rule<string>): InputCheck<string> & { readonly rule: Rule<string> } {
  return Object.assign((field: string, value: string) => checkRule(field, value, rule), { rule });
}

/** The check of a true or false. */
export const booleanCheck: InputCheck<boolean> = (field, value) => {
  if (typeof value !== "boolean") throw ValidationError.invalid(field, value, "expected true or false (without quotes)");
};

/** How a list is checked: its length, each entry, whether entries repeat. */
export interface ListShape {
  /** At least this many entries. */
  readonly min?: number;
  /** What a list with fewer says (`give at least one EC2 instance type`). */
  readonly tooFew?: string;
  /** At most this many entries. */
  readonly max?: number;
  /** What a list with more says. */
  readonly tooMany?: string;
  /** The check of each entry. */
  readonly item?: InputCheck<string>;
  /** The rule of each entry, for the JSON Schema's `pattern` (the item check applies it). */
  readonly rule?: Rule<string>;
}

/**
 * The check of a list of strings: its length, each entry, none twice (`repeatAllowed`). The
 * configuration schema reads its shape for the JSON Schema (`minItems`, `maxItems`, `pattern`).
 */
export function listCheck(
  shape: ListShape,
): InputCheck<readonly string[]> & { readonly shape: ListShape; readonly item?: InputCheck<string>; readonly whole: InputCheck<readonly string[]> } {
  const item = shape.item ?? (shape.rule ? ruleCheck(shape.rule) : undefined);
  // The list as a whole (its length, repeats), apart from its entries, for the configuration schema to check each entry on its own.
  const whole = (field: string, list: readonly string[]) => {
    if (!Array.isArray(list)) throw ValidationError.invalid(field, list, "expected a list [...]");
    if (shape.min !== undefined && list.length < shape.min) {
      throw ValidationError.invalid(field, list, shape.tooFew ?? `give at least ${shape.min} entries`);
    }
    if (shape.max !== undefined && list.length > shape.max) {
      throw ValidationError.invalid(field, `${list.length} entries`, shape.tooMany ?? `give at most ${shape.max} entries`);
    }
    validateDistinct(field, list);
  };
  const check = (field: string, list: readonly string[]) => {
    whole(field, list);
    list.forEach((value, i) => item?.(`${field}[${i}]`, value));
  };
  return Object.assign(check, { shape, item, whole });
}

/** The check of an object whose fields have their own checks; the configuration schema reads them. */
export function objectCheck<T extends object>(checks: InputChecks<T>): InputCheck<T> & { readonly fields: InputChecks<T> } {
  const check = (field: string, value: T) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw ValidationError.invalid(field, value, "expected an object {...}");
    checkInputs(field, value, checks);
  };
  return Object.assign(check, { fields: checks });
}

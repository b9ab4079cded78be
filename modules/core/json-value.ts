import { fieldOfPath, joinField, ValidationError } from "./errors";
import { checkMapKeys, MAX_VALUE_DEPTH, tooDeep } from "./rule";

/**
 * The check of a value written as JSON into a resource (an EKS add-on's `configuration_values`):
 * an object whose values are JSON values all the way down, nested at most `MAX_VALUE_DEPTH` deep,
 * without a `__proto__` key anywhere. `JSON.stringify` would silently drop an `undefined` or a
 * function, write `NaN` as `null` and fail on a cycle or a `bigint`; here each is an error at its
 * field. Walked without recursion, so no value can overflow the stack of the check itself.
 */

/** Checks that a value is a JSON object (not an array, not null), every value in it a JSON value. */
export function validateJsonObject(field: string, value: unknown): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw ValidationError.invalid(field, value, "give it as an object, which is written as JSON");
  }
  // A value that holds itself is found here too (at the depth limit), before the walk below.
  if (tooDeep(value, MAX_VALUE_DEPTH) !== undefined) {
    throw new ValidationError(field, `nests objects and lists deeper than ${MAX_VALUE_DEPTH} levels: give a shallower value`);
  }
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    const at = joinField(field, fieldOfPath(path));
    switch (typeof current) {
      case "string":
      case "boolean":
        continue;
      case "number":
        if (!Number.isFinite(current)) throw ValidationError.invalid(at, String(current), "a JSON number is finite");
        continue;
      case "object": {
        if (current === null) continue;
        const prototype = Object.getPrototypeOf(current);
        if (!Array.isArray(current) && prototype !== Object.prototype && prototype !== null) {
          throw ValidationError.invalid(at, String(current), "give plain objects, lists, strings, numbers, booleans or null");
        }
        if (!Array.isArray(current)) checkMapKeys(at, current);
        const entries: [string | number, unknown][] = Array.isArray(current) ? current.map((item, i) => [i, item]) : Object.entries(current);
        // Reversed onto the stack, so the first bad entry is the one reported.
        for (const [key, item] of entries.reverse()) stack.push({ value: item, path: [...path, key] });
        continue;
      }
      default:
        throw ValidationError.invalid(at, String(current), `a ${typeof current} has no JSON form: give a string, number, boolean, null, list or object`);
    }
  }
}

import { joinField, ValidationError } from "./errors";

/**
 * The check of a value written as JSON into a resource (an EKS add-on's `configuration_values`):
 * an object whose values are JSON values all the way down. `JSON.stringify` would silently drop an
 * `undefined` or a function, write `NaN` as `null` and fail on a cycle or a `bigint`; here each is
 * an error at its field.
 */

/** Checks that a value is a JSON object (not an array, not null), every value in it a JSON value. */
export function validateJsonObject(field: string, value: unknown): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw ValidationError.invalid(field, value, "give it as an object, which is written as JSON");
  }
  checkJsonValue(field, value, new Set());
}

function checkJsonValue(field: string, value: unknown, open: Set<object>): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw ValidationError.invalid(field, String(value), "a JSON number is finite");
      return;
    case "object": {
      if (value === null) return;
      if (open.has(value)) throw new ValidationError(field, "refers back to an enclosing object: JSON has no cycles");
      const prototype = Object.getPrototypeOf(value);
      if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
        throw ValidationError.invalid(field, String(value), "give plain objects, lists, strings, numbers, booleans or null");
      }
      open.add(value);
      if (Array.isArray(value)) value.forEach((item, i) => checkJsonValue(`${field}[${i}]`, item, open));
      else for (const [key, item] of Object.entries(value)) checkJsonValue(joinField(field, key), item, open);
      open.delete(value);
      return;
    }
    default:
      throw ValidationError.invalid(field, String(value), `a ${typeof value} has no JSON form: give a string, number, boolean, null, list or object`);
  }
}

/**
 * Walking the inputs of a configuration (or of a construct's props): every leaf value and every key
 * of a map, by path, with a way to set a new value (or rename the key) at a path. The safety tests
 * plant values through it (test/platform/input-is-data.slow.test.ts, test/platform/one-rule.test.ts).
 */
import { fieldOfPath } from "../../modules/core/errors";

/** One input of a value: a leaf at a path, or the key at the end of a path. */
export interface Input {
  /** The path of the leaf (or of the map entry whose key it is). */
  readonly path: readonly (string | number)[];
  /** The field as the constructs name it: `environments[0].workloads[0].roleName`. */
  readonly field: string;
  /** The value at the path (the key itself for a key). */
  readonly value: unknown;
  /** The input is the key of a map entry, not its value. */
  readonly isKey: boolean;
}

/** Whether a value is a plain object (a map or a record of fields). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Every input of a value: its leaves (strings, numbers, booleans) and, for the objects that `isMap`
 * says are maps (keys the user names), their keys.
 */
export function inputsOf(value: unknown, isMap: (path: readonly (string | number)[]) => boolean, path: (string | number)[] = []): Input[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => inputsOf(item, isMap, [...path, i]));
  if (!isObject(value)) return [{ path, field: fieldOfPath(path), value, isKey: false }];
  const map = isMap(path);
  return Object.entries(value).flatMap(([key, item]) => [
    ...(map ? [{ path: [...path, key], field: fieldOfPath([...path, key]), value: key, isKey: true }] : []),
    ...inputsOf(item, isMap, [...path, key]),
  ]);
}

/** A deep copy of a JSON value (every key an own property). */
export function copyOf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A copy of `root` with the value at `input.path` replaced, or, for a key, the key renamed (keeping the order of the keys). */
export function withInput<T>(root: T, input: Input, replacement: unknown): T {
  const copy = copyOf(root) as unknown;
  const parentPath = input.path.slice(0, -1);
  const last = input.path[input.path.length - 1];
  let parent = copy as Record<string | number, unknown>;
  for (const key of parentPath) parent = parent[key] as Record<string | number, unknown>;
  if (!input.isKey) {
    parent[last] = replacement;
    return copy as T;
  }
  const entries = Object.entries(parent);
  for (const key of Object.keys(parent)) delete parent[key];
  for (const [key, item] of entries) {
    Object.defineProperty(parent, key === last ? String(replacement) : key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return copy as T;
}

/** The keys of a platform configuration's maps: tags, labels, annotations, node groups, inline policies, policy ARNs by key, configuration values. */
export function isPlatformMap(path: readonly (string | number)[]): boolean {
  const last = path[path.length - 1];
  return (
    typeof last === "string" &&
    [
      "tags",
      "instanceTags",
      "defaultTags",
      "labels",
      "annotations",
      "nodeGroups",
      "inlinePolicies",
      "policyArnsByKey",
      "configurationValues",
      "fargateProfiles",
      "eksAddons",
    ].includes(last)
  );
}

/**
 * The string fields of the configuration's JSON Schema (and the keys of its maps), as
 * `.environments[].cluster.tags.<key>`: what a walk over every string field must reach.
 */
export function schemaStringFields(schema: Record<string, any>): Set<string> {
  const defs = schema.$defs ?? {};
  const out = new Set<string>();
  const walk = (node: any, path: string, seen: ReadonlySet<string>): void => {
    if (!node) return;
    if (node.$ref) {
      const name = String(node.$ref).split("/").pop()!;
      if (!seen.has(name)) walk(defs[name], path, new Set([...seen, name]));
      return;
    }
    for (const k of ["anyOf", "oneOf", "allOf"]) for (const n of node[k] ?? []) walk(n, path, seen);
    if (node.type === "string") out.add(path);
    for (const [k, v] of Object.entries(node.properties ?? {})) walk(v, `${path}.${k}`, seen);
    if (node.additionalProperties && typeof node.additionalProperties === "object") {
      out.add(`${path}.<key>`);
      walk(node.additionalProperties, `${path}.<value>`, seen);
    }
    if (node.items) walk(node.items, `${path}[]`, seen);
  };
  walk(schema, "", new Set());
  return out;
}

/** An input's field in the form of `schemaStringFields`: indices as `[]`, map keys as `<key>`, map values as `<value>`. */
export function schemaFieldOf(input: Input, isMap: (path: readonly (string | number)[]) => boolean): string {
  let field = "";
  input.path.forEach((key, i) => {
    if (typeof key === "number") field += "[]";
    else if (isMap(input.path.slice(0, i))) field += i === input.path.length - 1 && input.isKey ? ".<key>" : ".<value>";
    else field += `.${key}`;
  });
  return field;
}

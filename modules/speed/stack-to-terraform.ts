/**
 * Synthesis speed and memory: cdktf 0.21's `TerraformStack.toTerraform()` resolves the whole stack
 * a second time.
 *
 * `toTerraform()` (cdktf/lib/terraform-stack.js) resolves every element's JSON, keeps all those
 * fragments until the last one is done, deep-merges them into one object, and then resolves that
 * whole object again, although the fragments are already resolved: for a stack of thousands of
 * resources, every fragment stays alive until the merge, and the last pass copies the stack once
 * more.
 *
 * `singlePassStackToTerraform()` replaces `TerraformStack.prototype.toTerraform` with one that does
 * the same in the same order (each element's metadata, the outputs map, each element's resolved
 * JSON, the stack's raw overrides), but merges each element's fragment as soon as it is resolved,
 * and skips the final pass when it would change nothing: when the stack has no raw overrides of
 * its own (`stack.addOverride`) and the merged object holds only plain data (no token, no
 * `undefined` in an array). Otherwise it runs cdktf's final pass as before. The only `undefined`
 * values the final pass would drop from such an object are object entries (the metadata's `cloud`),
 * which are deleted in place; every object in it was created by the merge, so no caller's data is
 * touched. The result is deep-equal to cdktf's, key order included, and the synthesized JSON is
 * byte-identical (test/speed/stack-to-terraform.test.ts compares the example and a large app).
 *
 * cdktf 0.21.0 is the final release and is pinned; if the internals this relies on are not where
 * and what we expect, nothing is changed. It affects the whole process: call it at the top of an
 * app's entry point, not in a library.
 */
import { isListTokenElement, isPlainNumber, isPlainString, isTokenOrConstruct } from "./private/plain-data";
import { patchesFitThisCore } from "./private/core-check";

/** The parts of a cdktf `TerraformStack` this replacement reads. */
interface StackLike {
  readonly node: { readonly id: string; readonly children: readonly ConstructLike[] };
  readonly cdktfVersion: unknown;
  readonly rawOverrides: Record<string, unknown>;
}

/** A construct as cdktf's element walk sees it. */
interface ConstructLike {
  readonly node: { readonly children: readonly ConstructLike[]; readonly path: string };
}

/** A cdktf `TerraformElement`. */
interface ElementLike extends ConstructLike {
  readonly friendlyUniqueId: string;
  toMetadata(): unknown;
  toTerraform(): unknown;
}

/** The cdktf internals the replacement uses. */
interface Internals {
  readonly stackPrototype: { toTerraform: (this: StackLike) => unknown };
  readonly isStack: (x: unknown) => boolean;
  readonly isElement: (x: unknown) => boolean;
  readonly isOutput: (x: unknown) => boolean;
  /** cdktf's `deepMerge(target, ...sources)`, for the shapes the replacement leaves to it. */
  readonly deepMerge: (target: unknown, source: unknown) => unknown;
  /** cdktf's `_tokens.resolve(scope, obj, preparing)`: what the stack's own passes call. */
  readonly resolve: (scope: unknown, obj: unknown) => unknown;
}

type Json = Record<string, unknown>;

/** cdktf's internals, or undefined when this cdktf does not have them. */
function internals(): Internals | undefined {
  if (!patchesFitThisCore()) return undefined;
  try {
    // Deep paths into cdktf, which has no "exports" map: they resolve in cdktf 0.21.0.
    const stackModule = require("cdktf/lib/terraform-stack") as { TerraformStack?: { prototype: unknown; isStack?: unknown } };
    const elementModule = require("cdktf/lib/terraform-element") as { TerraformElement?: { isTerraformElement?: unknown } };
    const outputModule = require("cdktf/lib/terraform-output") as { TerraformOutput?: { isTerraformOutput?: unknown } };
    const tokensModule = require("cdktf/lib/_tokens") as { resolve?: unknown };
    const utilModule = require("cdktf/lib/util") as { deepMerge?: unknown };
    const stack = stackModule.TerraformStack;
    const isElement = elementModule.TerraformElement?.isTerraformElement;
    const isOutput = outputModule.TerraformOutput?.isTerraformOutput;
    const proto = stack?.prototype as { toTerraform?: unknown } | undefined;
    if (
      typeof proto?.toTerraform !== "function" ||
      typeof stack?.isStack !== "function" ||
      typeof isElement !== "function" ||
      typeof isOutput !== "function" ||
      typeof tokensModule.resolve !== "function" ||
      typeof utilModule.deepMerge !== "function"
    ) {
      return undefined;
    }
    return {
      stackPrototype: proto as Internals["stackPrototype"],
      isStack: stack.isStack as Internals["isStack"],
      isElement: isElement as Internals["isElement"],
      isOutput: isOutput as Internals["isOutput"],
      deepMerge: utilModule.deepMerge as Internals["deepMerge"],
      // Looked up at each call, as cdktf's own code does, so a patched resolve is used.
      resolve: (scope, obj) => (tokensModule.resolve as Internals["resolve"])(scope, obj),
    };
  } catch {
    return undefined;
  }
}

/** The stack's elements in cdktf's order: depth first, parents before children, not entering nested stacks. */
function elementsOf(node: ConstructLike, x: Internals, into: ElementLike[] = []): ElementLike[] {
  if (x.isElement(node)) into.push(node as ElementLike);
  for (const child of node.node.children) {
    if (!x.isStack(child)) elementsOf(child, x, into);
  }
  return into;
}

/** What a merge met that the final pass would have to deal with. */
interface MergeNotes {
  /** A token object was taken over, or a merge went into something that is not a plain object. */
  irregular: boolean;
}

const isResolvable = (v: unknown): boolean => typeof v === "object" && v !== null && typeof (v as { resolve?: unknown }).resolve === "function";

/**
 * Merges `source` into `target` as cdktf's `deepMerge` (cdktf/lib/util.js) does: objects are merged
 * key by key into new objects, arrays are concatenated or taken over, `undefined` deletes a key, a
 * token object is taken over as it is. Anything else (a merge into an array, into null, or of a
 * value that is not an object) goes to cdktf's `deepMerge`, which handles or rejects it with its
 * own message, and is noted: the final pass then runs.
 */
function mergeInto(target: Json, source: unknown, notes: MergeNotes, x: Internals): void {
  if (typeof source !== "object" || source === null || isResolvable(target)) {
    notes.irregular = true;
    x.deepMerge(target, source);
    return;
  }
  for (const key of Object.keys(source)) {
    const value = (source as Json)[key];
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      if (typeof target[key] !== "object") target[key] = {};
      const into = target[key];
      if (isResolvable(value)) {
        target[key] = value;
        notes.irregular = true;
      } else if (Array.isArray(into) || into === null || isResolvable(into)) {
        notes.irregular = true;
        x.deepMerge(into, value);
      } else {
        mergeInto(into as Json, value, notes, x);
      }
    } else if (Array.isArray(value)) {
      const existing = target[key];
      target[key] = Array.isArray(existing) ? [...existing, ...value] : value;
    } else if (value === undefined) {
      delete target[key];
    } else {
      target[key] = value;
    }
  }
}

/**
 * True when cdktf's final `resolve` pass would return `value` unchanged apart from object entries
 * that are `undefined`, which it deletes (every object reached here was created by the merge).
 */
function settleFinalPass(value: unknown, depth: number): boolean {
  if (depth > 100) return false;
  switch (typeof value) {
    case "string":
      return isPlainString(value);
    case "number":
      return isPlainNumber(value);
    case "boolean":
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      // undefined or a hole: the final pass would remove it from the array.
      if (item === undefined || isListTokenElement(item)) return false;
      if (typeof item === "object" && item !== null && !settleArrayItem(item, depth + 1)) return false;
      if (typeof item !== "object" && !settleFinalPass(item, depth + 1)) return false;
    }
    return true;
  }
  const record = value as Json;
  if (Object.getPrototypeOf(record) !== Object.prototype || isTokenOrConstruct(record)) return false;
  for (const key of Object.keys(record)) {
    if (!isPlainString(key)) return false;
    const item = record[key];
    if (item === undefined) delete record[key];
    else if (!settleFinalPass(item, depth + 1)) return false;
  }
  return true;
}

/**
 * Like `settleFinalPass` for an object inside an array, which comes from a resolved fragment and
 * is not ours to change: it must hold no `undefined` at all.
 */
function settleArrayItem(value: object, depth: number): boolean {
  if (depth > 100) return false;
  if (Array.isArray(value)) return settleFinalPass(value, depth);
  const record = value as Json;
  if (Object.getPrototypeOf(record) !== Object.prototype || isTokenOrConstruct(record)) return false;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (item === undefined || !isPlainString(key)) return false;
    if (typeof item === "object" && item !== null ? !settleArrayItem(item, depth + 1) : !settleFinalPass(item, depth + 1)) return false;
  }
  return true;
}

/** The replacement `toTerraform`. */
function singlePassToTerraform(x: Internals): (this: StackLike) => unknown {
  return function toTerraform(this: StackLike): unknown {
    const stackOverrides = Object.keys(this.rawOverrides);
    const metadata: Json = {
      version: this.cdktfVersion,
      stackName: this.node.id,
      backend: "local", // backends overwrite it with their metadata
      cloud: undefined, // the cloud and remote backends set it
      ...(stackOverrides.length > 0 ? { overrides: { stack: stackOverrides } } : {}),
    };
    const elements = elementsOf(this as unknown as ConstructLike, x);
    const notes: MergeNotes = { irregular: false };
    const metadatas = elements.map((e) => x.resolve(this, e.toMetadata()));
    for (const meta of metadatas) mergeInto(metadata, meta, notes, x);
    const outputs: Json = {};
    for (const element of elements) {
      if (!x.isOutput(element)) continue;
      // The output's construct path as nested keys, its logical ID at the leaf.
      const nested = element.node.path
        .split("/")
        .reduceRight<Json>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }), {});
      mergeInto(outputs, nested, notes, x);
    }
    const tf: Json = { "//": { metadata, outputs } };
    // Each fragment is merged as soon as it is resolved, and is garbage right after.
    for (const element of elements) mergeInto(tf, x.resolve(this, element.toTerraform()), notes, x);
    mergeInto(tf, this.rawOverrides, notes, x);
    if (stackOverrides.length === 0 && !notes.irregular && settleFinalPass(tf, 0)) return tf;
    return x.resolve(this, tf);
  };
}

/**
 * Makes each stack's `toTerraform()` merge every element's JSON as soon as it is resolved and skip
 * cdktf's second resolve of the whole stack when that would change nothing, for the rest of the
 * process or until the returned function is called. The synthesized output does not change.
 *
 * @returns a function that restores cdktf's own `toTerraform`, or undefined when this cdktf
 *   version does not have the internals it relies on (nothing was changed).
 */
export function singlePassStackToTerraform(): (() => void) | undefined {
  const x = internals();
  if (x === undefined) return undefined;
  const previous = x.stackPrototype.toTerraform;
  x.stackPrototype.toTerraform = singlePassToTerraform(x);
  return () => {
    x.stackPrototype.toTerraform = previous;
  };
}

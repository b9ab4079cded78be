/**
 * Synthesis speed and memory: cdktf 0.21 writes each stack's cdk.tf.json with
 * `json-stable-stringify`.
 *
 * `StackSynthesizer.synthesize()` (cdktf/lib/synthesize/synthesizer.js) serializes the stack with
 * `json-stable-stringify(config, { space: 2 })`, a JavaScript serializer that sorts every object's
 * keys and builds the text level by level: for a stack of a few MB of JSON it allocates about
 * twenty times the text's size, and it is the largest single allocation of a big synth.
 *
 * `fastStackJson()` gives the synthesizer a serializer that writes the same bytes with the
 * engine's native `JSON.stringify` (modules/speed/private/sorted-json.ts: it sorts only the objects that
 * are out of order, fixes up empty arrays and objects, and leaves anything unusual to
 * `json-stable-stringify` itself). `synthesize` takes its serializer from a module-level
 * `require("json-stable-stringify")`, so there is nothing to replace on an object: this evaluates
 * cdktf's own synthesizer source a second time with that one `require` answered by the new
 * serializer (every other `require` returns the module instance cdktf already uses) and puts the
 * resulting `synthesize` method on cdktf's `StackSynthesizer.prototype`. Nothing of cdktf's code is
 * copied into this project or changed on disk. The serializer hands the synthesizer UTF-8 bytes,
 * which `fs.writeFileSync` writes as they are. The synthesized files are byte-identical
 * (test/speed/stack-json.test.ts compares the example and a large app).
 *
 * cdktf 0.21.0 is the final release and is pinned; if the synthesizer is not where and what we
 * expect (one `require("json-stable-stringify")`, a `StackSynthesizer` class with `synthesize`),
 * nothing is changed. It affects the whole process: call it at the top of an app's entry point,
 * not in a library.
 */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { sortedJson, type StableStringify } from "./private/sorted-json";
import { patchesFitThisCore } from "./private/core-check";

/** cdktf's synthesizer module, as far as this patch uses it. */
interface SynthesizerModule {
  StackSynthesizer?: { prototype: { synthesize?: unknown } };
}

const SERIALIZER = "json-stable-stringify";

/** cdktf's `StackSynthesizer.prototype` and a `synthesize` that uses the sorted-JSON serializer. */
interface Found {
  readonly prototype: { synthesize?: unknown };
  readonly synthesize: unknown;
}

/**
 * Evaluates cdktf's synthesizer source once more, with `require("json-stable-stringify")` answered
 * by the sorted-JSON serializer; undefined when the synthesizer is not what we expect.
 */
function synthesizerWithSortedJson(): Found | undefined {
  if (!patchesFitThisCore()) return undefined;
  try {
    // A deep path into cdktf, which has no "exports" map: resolves in cdktf 0.21.0.
    const file = require.resolve("cdktf/lib/synthesize/synthesizer");
    const real = require("cdktf/lib/synthesize/synthesizer") as SynthesizerModule;
    const prototype = real.StackSynthesizer?.prototype;
    if (prototype === undefined || typeof prototype.synthesize !== "function") return undefined;
    const source = readFileSync(file, "utf8");
    if (source.split(`require("${SERIALIZER}")`).length !== 2) return undefined;
    const fromCdktf = (id: string): string => require.resolve(id, { paths: [dirname(file)] });
    const fallback = require(fromCdktf(SERIALIZER)) as unknown;
    if (typeof fallback !== "function") return undefined;
    const serializer = sortedJson(fallback as StableStringify);
    // Every other dependency is the instance cdktf already loaded (its module-level symbols and
    // classes are shared): resolved from cdktf's directory, loaded through this module's require.
    const requireForCopy = (id: string): unknown => (id === SERIALIZER ? serializer : require(fromCdktf(id)));
    const copy: { exports: SynthesizerModule } = { exports: {} };
    // The CommonJS wrapper, as Node applies it; sourceURL names the file in stack traces.
    const evaluate = new Function("exports", "require", "module", "__filename", "__dirname", `${source}\n//# sourceURL=${file}`) as (
      ...args: unknown[]
    ) => void;
    evaluate(copy.exports, requireForCopy, copy, file, dirname(file));
    const synthesize = copy.exports.StackSynthesizer?.prototype.synthesize;
    return typeof synthesize === "function" ? { prototype, synthesize } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes cdktf write each stack's cdk.tf.json with a serializer built on the native
 * `JSON.stringify`, for the rest of the process or until the returned function is called. The
 * files do not change.
 *
 * @returns a function that restores cdktf's own `synthesize`, or undefined when this cdktf version
 *   does not have the synthesizer this relies on (nothing was changed).
 */
export function fastStackJson(): (() => void) | undefined {
  const found = synthesizerWithSortedJson();
  if (found === undefined) return undefined;
  const previous = found.prototype.synthesize;
  found.prototype.synthesize = found.synthesize;
  return () => {
    found.prototype.synthesize = previous;
  };
}

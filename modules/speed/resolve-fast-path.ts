/**
 * Synthesis speed: cdktf 0.21's `resolve()` does the work of a token at every node of plain data.
 *
 * cdktf turns each element into JSON by calling `resolve()` (cdktf/lib/tokens/private/resolve.js)
 * on it, three times per synth (a "preparing" pass for cross-stack references, each element, then
 * the whole stack). For every string, number, array and object it visits, that function builds two
 * resolution contexts with closures, copies the key path, spreads its options and runs four regular
 * expressions, although almost every node of a stack is plain data: a string without a token in it
 * comes back unchanged, an object or array comes back as a copy without its `undefined` entries.
 * For 1000 IRSA bindings in 3 environments that bookkeeping is about half of the synth time.
 *
 * `resolveFastPath()` replaces the module's exported `resolve` (the entry point that
 * `Tokenization.resolve`, and so every element's and stack's synthesis, calls) with a walk that
 * copies plain data itself and hands every node that is not plain (a token object, a string or
 * number carrying a token, a list or map token, a construct, a function, a nesting deeper than
 * cdktf's limit) to cdktf's own `resolve`, with the same key path and options cdktf would have
 * used. Tokens therefore resolve exactly as before, errors read as before, and the output is
 * byte-identical (test/speed/resolve-fast-path.test.ts compares the example and a large app).
 *
 * A call that already carries a resolution context (cdktf's own recursion inside a token) goes to
 * cdktf's `resolve` unchanged. cdktf 0.21.0 is the final release and is pinned; if the internal
 * module is not where and what we expect, nothing is changed. It affects the whole process: call
 * it at the top of an app's entry point, not in a library.
 */

import { isListTokenElement, isPlainNumber, isPlainString, isTokenOrConstruct, MAX_RESOLVE_DEPTH } from "./private/plain-data";
import { patchesFitThisCore } from "./private/core-check";

/** The options of cdktf's internal `resolve()` (`IResolveOptions`). */
interface ResolveOptions {
  readonly scope: unknown;
  readonly preparing: boolean;
  readonly resolver: unknown;
  readonly prefix?: string[];
  readonly previousContext?: unknown;
}

type Resolve = (obj: unknown, options: ResolveOptions) => unknown;

/** The shape of cdktf's internal resolve module. */
interface ResolveModule {
  resolve: Resolve;
}

/** A `resolve` that copies plain data itself and passes everything else to `original`. */
function fastResolve(original: Resolve): Resolve {
  return function resolve(obj: unknown, options: ResolveOptions): unknown {
    // cdktf's own recursion inside a token carries a context (flags such as suppressBraces): leave it alone.
    if (options.previousContext !== undefined) return original(obj, options);
    const path: string[] = options.prefix ? [...options.prefix] : [];
    const delegate = (value: unknown): unknown =>
      original(value, { scope: options.scope, preparing: options.preparing, resolver: options.resolver, prefix: [...path] });

    const walk = (value: unknown): unknown => {
      if (path.length > MAX_RESOLVE_DEPTH) return delegate(value);
      switch (typeof value) {
        case "undefined":
          return undefined;
        case "string":
          return isPlainString(value) ? value : delegate(value);
        case "number":
          return isPlainNumber(value) ? value : delegate(value);
        case "boolean":
        case "bigint":
        case "symbol":
          return value;
        case "function":
          return delegate(value);
      }
      if (value === null) return null;
      if (value instanceof Date) return value;
      if (Array.isArray(value)) {
        // An array subclass, or one holding a list token (a marked string or number), is cdktf's.
        if (Object.getPrototypeOf(value) !== Array.prototype) return delegate(value);
        for (const item of value) if (isListTokenElement(item)) return delegate(value);
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
          path.push(String(i));
          const resolved = walk(value[i]);
          path.pop();
          if (resolved !== undefined) out.push(resolved);
        }
        return out;
      }
      const record = value as Record<string, unknown>;
      if (isTokenOrConstruct(record)) return delegate(value);
      const keys = Object.keys(record);
      // Keys are resolved as strings too: a key with a token (or a map token) is cdktf's.
      for (const key of keys) if (!isPlainString(key)) return delegate(value);
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        path.push(key);
        const resolved = walk(record[key]);
        path.pop();
        if (resolved !== undefined) out[key] = resolved;
      }
      return out;
    };

    return walk(obj);
  };
}

/** cdktf's resolve module, or undefined when this cdktf does not have it. */
function resolveModule(): ResolveModule | undefined {
  if (!patchesFitThisCore()) return undefined;
  try {
    // A deep path into cdktf, which has no "exports" map: resolves in cdktf 0.21.0.
    const mod = require("cdktf/lib/tokens/private/resolve") as Partial<ResolveModule>;
    return typeof mod.resolve === "function" ? (mod as ResolveModule) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes cdktf copy plain data (no tokens inside) without its per-node token bookkeeping, for the
 * rest of the process or until the returned function is called. Tokens resolve as before and the
 * synthesized output does not change.
 *
 * @returns a function that restores cdktf's own `resolve`, or undefined when this cdktf version
 *   does not have the internal function (nothing was changed).
 */
export function resolveFastPath(): (() => void) | undefined {
  const mod = resolveModule();
  if (mod === undefined) return undefined;
  const previous = mod.resolve;
  mod.resolve = fastResolve(previous);
  return () => {
    mod.resolve = previous;
  };
}

/**
 * Startup: loading cdktf 0.21 loads two dependencies that synthesis without assets never calls.
 *
 * `require("cdktf")` loads cdktf/lib/private/fs.js, which requires `archiver` (about 280 modules:
 * streams, zip and tar writers, glob, lodash) for `TerraformAsset`s of type ARCHIVE, and
 * cdktf/lib/validations/validate-binary-version.js, which requires `semver` for binary version
 * checks. Loading them costs about 35 ms and 7 MB, a quarter of the time of `require("cdktf")`.
 *
 * Importing this module before anything loads cdktf (`import "./modules/defer-cdktf-dependencies"`
 * as an app's first import, or `node --require`) puts a stand-in for each of those two packages
 * into Node's module cache, at the paths cdktf resolves them to (cdktf's own node_modules). A
 * stand-in loads the real package on first use (a call, a property read) and forwards to it; Node
 * then caches the real package. Nothing else changes: the same code runs, later. Asset archives
 * are written as before: cdktf writes them in a child process (`node cdktf/lib/private/fs.js`),
 * which loads archiver itself.
 *
 * It only works where cdktf is loaded by Node's CommonJS loader and not yet loaded: otherwise it
 * does nothing (under Jest, for instance, which has its own module registry). It is not exported
 * from the package: a library cannot run before its consumer has loaded cdktf.
 */
import { dirname } from "node:path";
import { cacheStandIn, loadedByNode } from "./module-stand-in";

/** What cdktf requires, and from which of its files. */
const DEFERRED: readonly { readonly dependency: string; readonly requiredBy: string }[] = [
  { dependency: "archiver", requiredBy: "cdktf/lib/private/fs" },
  { dependency: "semver", requiredBy: "cdktf/lib/validations/validate-binary-version" },
];

type Loaded = ((...args: unknown[]) => unknown) & Record<PropertyKey, unknown>;

/** A function that stands for a package and loads it (`load`) on first use. */
function standIn(load: () => Loaded): Loaded {
  // A function target, so that the stand-in can be called as archiver is (`archiver("zip", ...)`).
  const target = function deferred() {} as unknown as Loaded;
  const proxy = new Proxy(target, {
    apply: (_t, thisArg, args: unknown[]) => Reflect.apply(load(), thisArg, args),
    construct: (_t, args: unknown[]) => Reflect.construct(load(), args),
    get: (_t, key) => Reflect.get(load(), key),
    has: (_t, key) => Reflect.has(load(), key),
    set: (_t, key, value) => Reflect.set(load(), key, value),
  });
  return proxy;
}

/**
 * Defers loading `archiver` and `semver` until cdktf uses them. Must run before cdktf is loaded.
 *
 * @returns a function that removes the stand-ins that are still unused, or undefined when nothing
 *   was changed (cdktf already loaded, or not Node's CommonJS loader).
 */
export function deferCdktfDependencies(): (() => void) | undefined {
  // Under another module system (Jest), require.cache is not the cache cdktf is loaded through.
  if (!loadedByNode(__filename)) return undefined;
  const cache = require.cache;
  const removals: (() => void)[] = [];
  try {
    for (const { dependency, requiredBy } of DEFERRED) {
      const requirer = require.resolve(requiredBy);
      if (cache[requirer] !== undefined) break; // cdktf is loaded already: too late
      const path = require.resolve(dependency, { paths: [dirname(requirer)] });
      if (cache[path] !== undefined) continue;
      removals.push(cacheStandIn(path, standIn));
    }
  } catch {
    // A layout this does not know: leave whatever was installed; each stand-in still works.
  }
  if (removals.length === 0) return undefined;
  return () => removals.forEach((remove) => remove());
}

deferCdktfDependencies();

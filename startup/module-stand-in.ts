import { createRequire, Module } from "node:module";

/**
 * Whether the module at `filename` (its `__filename`) was loaded by Node's CommonJS loader, whose
 * module cache the startup modules work on; not under another module system (Jest's registry).
 */
export function loadedByNode(filename: string): boolean {
  return require.cache?.[filename] instanceof Module;
}

/**
 * Puts a stand-in for the module at `path` into Node's CommonJS module cache, so that requiring that
 * path returns the stand-in without loading the file. `standIn` gets `load`, which loads the real
 * module on its first call (it removes the stand-in from the cache first, so Node then caches the
 * real module as it would have) and returns it on every call. The startup modules
 * (`defer-cdktf-dependencies.ts`, `defer-zod-locales.ts`) use it before the packages that require
 * those paths are loaded.
 *
 * @returns a function that removes the stand-in from the cache if it is still there (unused)
 */
export function cacheStandIn<T extends object>(path: string, standIn: (load: () => T) => T): () => void {
  const cache = require.cache;
  const requireReal = createRequire(path);
  let loaded: T | undefined;
  const load = (): T => {
    if (loaded === undefined) {
      if (cache[path]?.exports === stand) delete cache[path];
      loaded = requireReal(path) as T;
    }
    return loaded;
  };
  const stand = standIn(load);
  const entry = new Module(path);
  entry.filename = path;
  entry.loaded = true;
  entry.exports = stand;
  cache[path] = entry;
  return () => {
    if (cache[path]?.exports === stand) delete cache[path];
  };
}

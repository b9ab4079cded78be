/**
 * Startup: zod 4's classic API loads every one of its ~50 locales (the error messages in Arabic,
 * Azerbaijani, ..., Yoruba) when it is loaded, and this app only ever shows English ones.
 *
 * `require("zod")` loads zod/v4/classic/external.cjs and zod/v4/core/index.cjs, which both export the
 * locales index (`z.locales`, `z.core.locales`): `__importStar(require("../locales/index.cjs"))`. The
 * index requires each locale's file. English, the default, does not come from there: zod's schemas
 * module requires `locales/en.cjs` itself and registers it (`config(en())`) when the first schema is
 * made. The other locales are only read when a program asks for one (`z.config(z.locales.de())`).
 * Loading them costs about 15 ms and 2 MB, a third of the time of `require("zod")`.
 *
 * Importing this module before anything loads zod (`import "./modules/defer-zod-locales"` as an app's
 * first imports) puts a stand-in for the locales index into Node's module cache, at the path zod
 * resolves it to. The stand-in answers `__esModule` (true, as the index does: `__importStar` then
 * returns it as it is) and, on any other use (a property read, `in`, listing its keys), loads the real
 * index and forwards to it; Node then caches the real module. Nothing else changes: every message is
 * made by the same English locale as before, and `z.locales.de()` still works, later.
 *
 * It only works where zod is loaded by Node's CommonJS loader and not yet loaded: otherwise it does
 * nothing (under Jest, for instance, which has its own module registry). It is not exported from the
 * package: a library cannot run before its consumer has loaded zod.
 */
import { dirname, join } from "node:path";
import { cacheStandIn, loadedByNode } from "./module-stand-in";

/** The locales index, from zod's package directory (the file zod's own modules require). */
const LOCALES_INDEX = join("v4", "locales", "index.cjs");

type Namespace = Record<PropertyKey, unknown>;

/**
 * An object that stands for a module's exports: it says it is an ES module's namespace, and loads the
 * module (`load`) on any other use. A property's descriptor comes back as a configurable value
 * property (a proxy may not report a property its target lacks as non-configurable).
 */
function namespaceStandIn(load: () => Namespace): Namespace {
  const proxy = new Proxy({} as Namespace, {
    get: (_t, key) => (key === "__esModule" ? true : Reflect.get(load(), key)),
    has: (_t, key) => Reflect.has(load(), key),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_t, key) => {
      const real = load();
      const descriptor = Reflect.getOwnPropertyDescriptor(real, key);
      if (descriptor === undefined) return undefined;
      return { value: Reflect.get(real, key), writable: false, enumerable: descriptor.enumerable, configurable: true };
    },
    set: (_t, key, value) => Reflect.set(load(), key, value),
    defineProperty: (_t, key, descriptor) => Reflect.defineProperty(load(), key, descriptor),
    deleteProperty: (_t, key) => Reflect.deleteProperty(load(), key),
  });
  return proxy;
}

/**
 * Defers loading zod's locales index until a program uses it. Must run before zod is loaded.
 *
 * @returns a function that removes the stand-in if it is still unused, or undefined when nothing was
 *   changed (zod already loaded, a layout this does not know, or not Node's CommonJS loader)
 */
export function deferZodLocales(): (() => void) | undefined {
  // Under another module system (Jest), require.cache is not the cache zod is loaded through.
  if (!loadedByNode(__filename)) return undefined;
  const cache = require.cache;
  let path: string;
  try {
    const zodMain = require.resolve("zod");
    if (cache[zodMain] !== undefined) return undefined; // zod is loaded already: too late
    path = join(dirname(zodMain), LOCALES_INDEX);
    // The index must be where zod 4 keeps it, and not loaded yet.
    if (cache[path] !== undefined || require.resolve(path) !== path) return undefined;
  } catch {
    return undefined; // no zod, or a layout this does not know
  }
  return cacheStandIn(path, namespaceStandIn);
}

deferZodLocales();

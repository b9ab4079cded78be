/**
 * Startup: cdktf 0.21 and the prebuilt providers ship every compiled file with its source map inline,
 * as a base64 `//# sourceMappingURL=data:application/json;base64,...` comment at its end. The maps
 * are about half of those files' bytes (3 MB of @cdktf/provider-aws's files this app loads, 1 MB of
 * cdktf's), and V8 keeps each file's source text for lazy compilation, and the comment's URL as a
 * string of its own, for as long as the process runs: about 15 MB of the default app's peak memory.
 * Node reads the maps only with `--enable-source-maps`.
 *
 * Importing this module before anything loads cdktf (`import "./modules/drop-inline-source-maps"` as
 * an app's first import, or `node --require`) makes Node's CommonJS loader compile a file under a
 * `node_modules` directory without its trailing inline source map comment. The code compiled is the
 * same, to the character, up to that comment; line and column numbers in stack traces do not change.
 * With source maps enabled (`--enable-source-maps`, `process.sourceMapsEnabled`) it does nothing.
 *
 * It only works where packages are loaded by Node's CommonJS loader (not under Jest, which has its
 * own module registry), and only for what is loaded after it. It is not exported from the package:
 * a library cannot run before its consumer has loaded cdktf.
 */
import { Module } from "node:module";
import { sep } from "node:path";

/** The comment that starts an inline source map, on a line of its own. */
const INLINE_SOURCE_MAP = "\n//# sourceMappingURL=data:";

/** Only packages' files: this project's own files carry no inline map. */
const PACKAGE_DIRECTORY = `${sep}node_modules${sep}`;

type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;

/**
 * The source without its trailing inline source map comment (the newline before it stays), or the
 * source itself when it has none or has code after the comment. The result is a new flat string:
 * `slice` alone would give a view that keeps the whole text, map included, alive.
 */
export function withoutInlineSourceMap(content: string): string {
  const at = content.lastIndexOf(INLINE_SOURCE_MAP);
  if (at === -1) return content;
  // The comment must be the file's last line (a trailing newline at most): never cut code.
  const end = content.indexOf("\n", at + 1);
  if (end !== -1 && content.slice(end).trim() !== "") return content;
  return Buffer.from(content.slice(0, at + 1), "utf8").toString("utf8");
}

/**
 * Makes Node's CommonJS loader compile packages' files without their inline source maps, from now on.
 *
 * @returns a function that restores the loader's own compile, or undefined when nothing was changed
 *   (source maps enabled, or not Node's CommonJS loader)
 */
export function dropInlineSourceMaps(): (() => void) | undefined {
  // Under another module system (Jest), Node's loader does not compile the modules, and this
  // module is not one of its Module objects.
  if (!(require.cache?.[__filename] instanceof Module)) return undefined;
  if (process.sourceMapsEnabled) return undefined;
  const prototype = Module.prototype as unknown as { _compile?: Compile };
  const compile = prototype._compile;
  if (typeof compile !== "function") return undefined;
  const dropping: Compile = function (this: Module, content, filename, ...rest) {
    const source = typeof content === "string" && typeof filename === "string" && filename.includes(PACKAGE_DIRECTORY) ? withoutInlineSourceMap(content) : content;
    return compile.call(this, source, filename, ...rest);
  };
  prototype._compile = dropping;
  return () => {
    if (prototype._compile === dropping) prototype._compile = compile;
  };
}

dropInlineSourceMaps();

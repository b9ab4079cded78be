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
import { loadedByNode } from "./module-stand-in";
import { sep } from "node:path";

/** The comment that starts an inline source map, on a line of its own. */
const INLINE_SOURCE_MAP = "\n//# sourceMappingURL=data:";

/**
 * A character that a data URL (media type, parameters, base64) does not hold: anything but
 * `A-Za-z0-9+/=;,:.-`. After the comment's start and before the white space that ends the file,
 * such a character (a template literal's or a block comment's end, code, a second line) means the
 * text is not a trailing comment, and nothing is cut.
 *
 * Written as "not a word character or one of `+/=;,:.-`, or an underscore" (the same set as
 * `[^A-Za-z0-9+/=;,:.\-]`) because V8 scans for the word-character class several times faster: the
 * maps are ~4 MB of the default app's packages, 8-9 ms with the ranges spelled out, 3-4 ms this way.
 */
const NOT_DATA_URL = /[^\w+/=;,:.-]|_/;

/** Only packages' files: this project's own files carry no inline map. */
const PACKAGE_DIRECTORY = `${sep}node_modules${sep}`;

type Compile = (this: Module, content: string, filename: string, ...rest: unknown[]) => unknown;

/**
 * The source without its trailing inline source map comment (the newline before it stays), or the
 * source itself when it has none or has code after the comment.
 *
 * The result must not keep the file's whole text (map included) alive: `slice` alone gives a view
 * into it. It is the slice joined with the newline, a rope that V8 flattens into a new string of its
 * own when it compiles the source, dropping the view (a copy at memcpy speed; copying through a
 * Buffer, as before, took twice the time for the same memory).
 */
export function withoutInlineSourceMap(content: string): string {
  const at = content.lastIndexOf(INLINE_SOURCE_MAP);
  if (at === -1) return content;
  // The comment must be the file's last line, holding only the data URL: never cut code.
  if (NOT_DATA_URL.test(content.slice(at + INLINE_SOURCE_MAP.length).trimEnd())) return content;
  return `${content.slice(0, at)}\n`;
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
  if (!loadedByNode(__filename)) return undefined;
  if (sourceMapsEnabled()) return undefined;
  const prototype = Module.prototype as unknown as { _compile?: Compile };
  const compile = prototype._compile;
  if (typeof compile !== "function") return undefined;
  const dropping: Compile = function (this: Module, content, filename, ...rest) {
    // Asked on every file: `process.setSourceMapsEnabled(true)` may come later.
    const strip = typeof content === "string" && typeof filename === "string" && filename.includes(PACKAGE_DIRECTORY) && !sourceMapsEnabled();
    const source = strip ? withoutInlineSourceMap(content) : content;
    return compile.call(this, source, filename, ...rest);
  };
  prototype._compile = dropping;
  return () => {
    if (prototype._compile === dropping) prototype._compile = compile;
  };
}

/**
 * Whether Node reads source maps: `process.sourceMapsEnabled` (Node 20.7 on), or, on older Node 20,
 * `--enable-source-maps` among the process's flags or in `NODE_OPTIONS`.
 */
function sourceMapsEnabled(): boolean {
  const enabled = (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled;
  if (typeof enabled === "boolean") return enabled;
  return process.execArgv.includes("--enable-source-maps") || /(^|\s)--enable-source-maps(\s|$)/.test(process.env.NODE_OPTIONS ?? "");
}

dropInlineSourceMaps();

// Builds the compiled output (dist/) when it is older than its sources, and does nothing when it is
// current: the check `npm run synth` and `npm run review` make instead of running the TypeScript
// build on every run (tsc takes ~1-2 s even when nothing changed; this check takes milliseconds).
//
//   node -r ./tools/fresh.cjs dist/tools/synth.js    preloaded: build if stale, then Node runs the entry point
//   node tools/fresh.cjs                             alone: build if stale, then exit
//
// Plain JavaScript, not compiled: it decides whether to compile. It loads nothing but Node's own
// modules, so that the app's startup modules (startup/) still run before anything loads cdktf.
//
// "Stale" means: no stamp of a build made here (dist/.build-stamp), a source file or a file that
// changes what tsc makes (tsconfig.json, tsconfig.build.json, package-lock.json) modified at or
// after the moment that build started, or a source's compiled .js missing. The stamp's time is the
// moment the build started, so a file saved during a build makes the next run build again. A build
// made otherwise (`npm run build`) leaves no stamp: the next run builds once more.
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");

const ROOT = join(__dirname, "..");
const PROJECT = "tsconfig.build.json";
/** Files besides the sources whose change changes the build: the compiler options and the compiler's version. */
const SETTINGS = ["tsconfig.json", PROJECT, "package-lock.json"];

/** JSON with comments, as tsconfig files are written: `//` and `/* *\/` outside strings dropped, then parsed. */
function parseJsonc(text) {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, i + 1);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i === -1) break;
      i++;
    } else out += c;
  }
  return JSON.parse(out);
}

/** The sources the build compiles: tsconfig.build.json's `include`, whose entries are files or `<dir>/**\/*.ts`. */
function sources(root) {
  const include = parseJsonc(readFileSync(join(root, PROJECT), "utf8")).include;
  const files = [];
  for (const pattern of include) {
    const tree = /^([^*]+)\/\*\*\/\*\.ts$/.exec(pattern);
    if (tree) files.push(...walk(root, tree[1]));
    else if (!pattern.includes("*")) files.push(pattern);
    else throw new Error(`${PROJECT}: include pattern ${JSON.stringify(pattern)} is not a file or "<dir>/**/*.ts", which tools/fresh.cjs reads`);
  }
  return files;
}

/** The `.ts` files (not `.d.ts`) under a directory, as paths relative to the root. */
function walk(root, dir) {
  const out = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(root, path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/**
 * Why the build in `root` is stale, or undefined when it is current.
 * @param {string} root the project directory
 * @returns {string | undefined}
 */
function staleness(root) {
  const stamp = statSync(join(root, "dist", ".build-stamp"), { throwIfNoEntry: false });
  if (!stamp) return "no build made by this check yet";
  for (const file of [...SETTINGS, ...sources(root)]) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    if (!stat) {
      if (SETTINGS.includes(file)) continue;
      return `${file} is missing`;
    }
    if (stat.mtimeMs >= stamp.mtimeMs) return `${file} changed`;
    if (file.endsWith(".ts") && !existsSync(join(root, "dist", `${file.slice(0, -3)}.js`))) return `dist/${file.slice(0, -3)}.js is missing`;
  }
  return undefined;
}

/**
 * Builds when stale: `tsc -p tsconfig.build.json`, its output on stderr (stdout is the entry point's,
 * a report a caller may redirect). Returns tsc's exit code, 0 when nothing was to do.
 * @param {string} root the project directory
 * @param {(line: string) => void} say where the one line saying why it builds goes
 * @param {"inherit" | "ignore"} tscOutput what becomes of tsc's output: this process's stderr, or nothing
 * @returns {number}
 */
function buildIfStale(root, say, tscOutput = "inherit") {
  const why = staleness(root);
  if (why === undefined) return 0;
  say(`cdktf-eks-irsa: building (${why}): tsc -p ${PROJECT}`);
  const started = new Date();
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", PROJECT], { cwd: root, stdio: tscOutput === "inherit" ? ["ignore", 2, 2] : "ignore" });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    say(`cdktf-eks-irsa: the build failed (tsc exited with ${result.status}): see tsc's errors above`);
    return result.status ?? 1;
  }
  const stamp = join(root, "dist", ".build-stamp");
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `tools/fresh.cjs: dist/ built from the sources of ${PROJECT} as they were at this file's time\n`);
  utimesSync(stamp, started, started);
  return 0;
}

module.exports = { staleness, buildIfStale };

// Preloaded (-r) or run alone: build now. A failed build ends the process before the entry point runs.
if (require.main === module || module.parent?.id === "internal/preload") {
  const code = buildIfStale(ROOT, (line) => process.stderr.write(`${line}\n`));
  if (code !== 0) process.exit(code);
}

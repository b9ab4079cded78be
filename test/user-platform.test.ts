/**
 * `platform.json` belongs to the user: nothing in test/, modules/, tools/ or startup/ reads the
 * project's own file, so editing it never breaks `npm test`. The app's default choice aside
 * (`PlatformConfigSource.fileChoice` in modules/platform/config-file.ts, which the app uses), the
 * tests read their own fixtures and the examples (`EXAMPLE_PLATFORM_CONFIG_FILE`). Checked on the
 * sources' syntax trees (swc): every string that names a file `platform.json`, every use of the
 * default choice, and every environment an app runs with.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO } from "./support/compiled-app";

const swc = require("@swc/core") as { parseSync: (code: string, options: object) => { body: unknown[] } };

/** The folders whose sources must not reach the project's platform.json. */
const FOLDERS = ["test", "modules", "tools", "startup"];

/** Files that may, and why. */
const ALLOWED: { readonly [file: string]: string } = {
  "modules/platform/config-file.ts": "the app's default choice: platform.json in the project directory, unless EKS_IRSA_CONFIG names another",
  "test/first-platform.slow.test.ts":
    "the slow suite runs the app by its default choice, in a project directory of its own holding the README's first platform",
  "test/support/docs.ts": "names the README's first platform to tell its marker apart from the examples' (and reads no file of it)",
};

/** Names that hold the repository's root (or the directory the tests run in). */
const ROOTS = new Set(["REPO", "ROOT", "PACKAGE_ROOT", "__dirname", "cwd()"]);

type Node = { type: string; [key: string]: any };

/** The property `dir` of an object literal, when it is a string. */
function dirOf(node: Node): string | undefined {
  const dir = node.properties?.find((p: Node) => p.type === "KeyValueProperty" && textOf(p.key) === "dir" && p.value.type === "StringLiteral");
  return dir?.value.value;
}

/** `true` when a string, as a path, names a file platform.json other than an example's. */
function namesPlatformJson(value: string): boolean {
  return /(^|[\\/])platform\.json$/.test(value) && !/(^|[\\/])examples[\\/]/.test(value);
}

/** A short text of an expression, for messages. */
function textOf(node: Node | undefined): string {
  if (!node) return "";
  switch (node.type) {
    case "StringLiteral":
      return JSON.stringify(node.value);
    case "Identifier":
      return node.value;
    case "TemplateLiteral":
      return `\`${node.quasis.map((q: Node) => q.cooked).join("${…}")}\``;
    case "MemberExpression":
      return `${textOf(node.object)}.${textOf(node.property)}`;
    case "CallExpression":
      return `${textOf(node.callee)}(${node.arguments.map((a: { expression: Node }) => textOf(a.expression)).join(", ")})`;
    default:
      return `<${node.type}>`;
  }
}

/** The function a call calls, by its last name: `join` for `path.join(...)`, `read` for `PlatformConfigSource.read(...)`. */
function calleeName(call: Node): string {
  const callee = call.callee as Node;
  return callee.type === "Identifier" ? callee.value : callee.type === "MemberExpression" ? textOf(callee.property) : "";
}

/** Visits every node of a syntax tree with its ancestors (nearest last). */
function walk(node: unknown, parents: Node[], visit: (node: Node, parents: Node[]) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, parents, visit);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const typed = typeof (node as Node).type === "string";
  if (typed) visit(node as Node, parents);
  const next = typed ? [...parents, node as Node] : parents;
  for (const [key, value] of Object.entries(node)) if (key !== "span") walk(value, next, visit);
}

/**
 * Every way a source reaches the project's platform.json:
 * - the name `platform.json` (a string, or `PLATFORM_CONFIG_FILE_NAME`) given to a function that
 *   reads or resolves it from the current directory (the repository, in the tests), joined to the
 *   repository's root, or kept in a value; joined to a directory of the test's own, under
 *   `examples`, or as the file name `PlatformConfigSource.parse` shows in messages, it is not;
 * - the app's default choice: `fileChoice()` without a directory, the app's `main()` without an environment;
 * - an environment the app runs with (an object that sets `CDKTF_OUTDIR`, given to the app's `main`
 *   or to the helpers that run it) without `EKS_IRSA_CONFIG`.
 */
function platformJsonReaders(file: string, code: string): string[] {
  const ast = swc.parseSync(code, { syntax: file.endsWith(".ts") ? "typescript" : "ecmascript", target: "es2022" });
  const found: string[] = [];
  // The app's entry point, when this source imports it (`import { main } from "../main"`).
  const app = new Set<string>();
  walk(ast.body, [], (node) => {
    if (node.type === "ImportDeclaration" && /(^|\/)main$/.test(node.source.value)) for (const s of node.specifiers) app.add(s.local.value);
  });
  /** A call that runs the app: its entry point, or this repository's helpers that run it (`run` in test/main.test.ts, `node` in test/support/compiled-app.ts). */
  const runsApp = (call: Node) =>
    call.callee.type === "Identifier" && (app.has(call.callee.value) || call.callee.value === "run" || call.callee.value === "node");
  const checkName = (node: Node, parents: Node[]) => {
    const parent = parents[parents.length - 1];
    if (parent?.type === "ImportSpecifier" || parent?.type === "ExportSpecifier") return;
    // A file of an example, in an object that names the example's directory.
    if (parents.some((p) => p.type === "ObjectExpression" && /^examples\//.test(dirOf(p) ?? ""))) return;
    if (parent?.type === "CallExpression" && parent.arguments.some((a: { expression: Node }) => a.expression === node)) {
      const args: Node[] = parent.arguments.map((a: { expression: Node }) => a.expression);
      const index = args.indexOf(node);
      const name = calleeName(parent);
      if (name === "join" || name === "resolve") {
        if (args.slice(0, index).some((a) => a.type === "StringLiteral" && a.value === "examples")) return;
        if (index === 0 && node.type === "StringLiteral" && node.value.startsWith("/")) return;
        const first = index === 0 ? undefined : textOf(args[0]).replace(/^process\./, "");
        if (first !== undefined && !ROOTS.has(first)) return;
      } else if (name === "parse" && index === 1) {
        return;
      }
      found.push(`${textOf(parent)}: ${textOf(node)} reaches the project's platform.json`);
      return;
    }
    found.push(`${textOf(node)} names platform.json in a value (${parent?.type ?? "the module"}) that may become a path`);
  };
  walk(ast.body, [], (node, parents) => {
    if (node.type === "StringLiteral" && namesPlatformJson(node.value)) checkName(node, parents);
    else if (node.type === "TemplateLiteral" && namesPlatformJson(node.quasis.map((q: Node) => q.cooked ?? q.raw).join("${}"))) checkName(node, parents);
    else if (node.type === "Identifier" && node.value === "PLATFORM_CONFIG_FILE_NAME") checkName(node, parents);
    else if (node.type === "CallExpression") {
      const name = calleeName(node);
      if (name === "fileChoice" && node.arguments.length < 2) found.push(`${textOf(node)}: the default choice, in the current directory`);
      if (node.callee.type === "Identifier" && app.has(node.callee.value) && node.arguments.length === 0)
        found.push(`${textOf(node)}: the app with the process's environment`);
      for (const { expression: env } of runsApp(node) ? node.arguments : []) {
        if (env.type !== "ObjectExpression") continue;
        const keys = env.properties.map((p: Node) => (p.type === "KeyValueProperty" ? textOf(p.key).replace(/"/g, "") : p.type));
        if (keys.includes("CDKTF_OUTDIR") && !keys.includes("EKS_IRSA_CONFIG") && !keys.includes("SpreadElement")) {
          found.push(`{ ${keys.join(", ")} }: an app run without EKS_IRSA_CONFIG reads platform.json`);
        }
      }
    }
  });
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  );
}

describe("platform.json belongs to the user", () => {
  const files = FOLDERS.flatMap(sources);

  test("no source of test/, modules/, tools/ or startup/ reads it, but the app's default choice and the slow suite's run of it in a directory of its own", () => {
    expect(files.length).toBeGreaterThan(150);
    const found = files
      .filter((file) => ALLOWED[file] === undefined)
      .flatMap((file) => platformJsonReaders(file, readFileSync(join(REPO, file), "utf8")).map((f) => `${file}: ${f}`));
    expect(found).toEqual([]);
  });

  test("the allowed files exist, and are the only ones that name it", () => {
    const naming = files.filter((file) => platformJsonReaders(file, readFileSync(join(REPO, file), "utf8")).length > 0);
    expect(naming.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  test.each([
    ['readFileSync("platform.json", "utf8");', 'readFileSync("platform.json", "utf8"): "platform.json" reaches'],
    ['PlatformConfigSource.read("./platform.json");', 'PlatformConfigSource.read("./platform.json"): "./platform.json" reaches'],
    ['join(REPO, "platform.json");', 'join(REPO, "platform.json"): "platform.json" reaches'],
    ['join(__dirname, "..", "platform.json");', 'join(__dirname, "..", "platform.json"): "platform.json" reaches'],
    ["resolve(process.cwd(), PLATFORM_CONFIG_FILE_NAME);", "resolve(process.cwd(), PLATFORM_CONFIG_FILE_NAME): PLATFORM_CONFIG_FILE_NAME reaches"],
    ["readFileSync(`${REPO}/platform.json`);", "readFileSync(`${…}/platform.json`): `${…}/platform.json` reaches"],
    ['const file = "platform.json";', '"platform.json" names platform.json in a value (VariableDeclarator)'],
    ["PlatformConfigSource.fileChoice({});", "PlatformConfigSource.fileChoice(<ObjectExpression>): the default choice"],
    ['import { main } from "../main"; main();', "main(): the app with the process's environment"],
    ['node(["dist/main.js"], { CDKTF_OUTDIR: out });', "{ CDKTF_OUTDIR }: an app run without EKS_IRSA_CONFIG"],
  ])("fails when a test reads it: %s", (code, message) => {
    expect(platformJsonReaders("planted.ts", code)).toEqual([expect.stringContaining(message)]);
  });

  test.each([
    'readFileSync(join(dir, "platform.json"), "utf8");',
    'PlatformConfigSource.read(join(REPO, "examples", "platform", "platform.json"));',
    'PlatformConfigSource.parse(text, "platform.json");',
    'resolve("/home/me/app/platform.json");',
    'expect(message).toBe("platform.json:3:21: not valid JSON");',
    '// readFileSync("platform.json")',
    'PlatformConfigSource.fileChoice({}, "/home/me/app");',
    'node(["dist/main.js"], { EKS_IRSA_CONFIG: EXAMPLE_PLATFORM_CONFIG_FILE, CDKTF_OUTDIR: out });',
    'node(["dist/main.js"], { ...example, CDKTF_OUTDIR: out });',
    'mustRun("synth", process.execPath, ["dist/main.js"], consumer, { CDKTF_OUTDIR: out }); // a consumer\'s app',
    "function main() {} main();",
    'const scenario = { dir: "examples/karpenter", platforms: ["platform.json"] };',
  ])("passes a test that reads its own fixtures: %s", (code) => {
    expect(platformJsonReaders("planted.ts", code)).toEqual([]);
  });

  test("the allowed files are named by their paths in the repository", () => {
    for (const file of Object.keys(ALLOWED)) expect(relative(REPO, join(REPO, file))).toBe(file);
  });
});

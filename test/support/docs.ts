import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO } from "./compiled-app";

/**
 * The code blocks of the Markdown pages, and their markers. A block that shows an example is
 * marked on the line right before its fence with the file it shows, optionally a named region of
 * it (`// #region <name>` ... `// #endregion <name>` in the file, the lines in between):
 *
 *     <!-- example: examples/karpenter/ec2nodeclass.yaml -->
 *     <!-- example: examples/platform/main.ts#speed -->
 *
 * A block that shows what something prints or writes (synthesized JSON, a chart's values, a
 * report) is marked `<!-- output: <what writes it> -->`. A JSON snippet of the configuration file
 * (one option, a cluster, a workload) is marked with the part of the schema it is a value of,
 * `<!-- config: cluster -->` (a key of `configSchemas`), and the schema must accept it. Unmarked
 * blocks are shell commands (`sh`) and plain output (`text`) only.
 */

/** The project's own platform.json, which the README shows as the first platform (the file is the user's; see test/first-platform.slow.test.ts). */
export const FIRST_PLATFORM_FILE = "platform.json";

/** The Markdown pages whose code blocks are held to the examples: README.md, docs/*.md and each example's README. */
export function markdownPages(): string[] {
  const docs = existsSync(join(REPO, "docs")) ? readdirSync(join(REPO, "docs")).filter((f) => f.endsWith(".md")) : [];
  const examples = readdirSync(join(REPO, "examples")).filter((d) => existsSync(join(REPO, "examples", d, "README.md")));
  return ["README.md", ...docs.map((f) => `docs/${f}`), ...examples.map((d) => `examples/${d}/README.md`)];
}

/** A fenced code block of a page. */
export interface CodeBlock {
  /** The page, relative to the repository. */
  readonly page: string;
  /** The line of the opening fence, from 1. */
  readonly line: number;
  /** The fence's info string (`sh`, `json`, ...). */
  readonly info: string;
  /** The block's lines, each with its line break, without the fence's indentation. */
  readonly text: string;
  /** The marker on the line before the fence, if any. */
  readonly marker?:
    | { readonly kind: "example"; readonly file: string; readonly region?: string }
    | { readonly kind: "output"; readonly what: string }
    | { readonly kind: "config"; readonly part: string };
}

/** Every fenced code block of a page (relative to the repository). */
export function codeBlocks(page: string): CodeBlock[] {
  const lines = readFileSync(join(REPO, page), "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    let end = i + 1;
    while (end < lines.length && !new RegExp(`^ *${fence[0]}{${fence.length},}\\s*$`).test(lines[end])) end++;
    if (end === lines.length) throw new Error(`${page}:${i + 1}: a code block that is never closed`);
    const text = lines
      .slice(i + 1, end)
      .map((l) => `${l.startsWith(indent) ? l.slice(indent.length) : l}\n`)
      .join("");
    blocks.push({ page, line: i + 1, info: info.trim(), text, marker: markerOf(lines[i - 1] ?? "") });
    i = end;
  }
  return blocks;
}

function markerOf(line: string): CodeBlock["marker"] {
  const example = /^ *<!-- example: ([^#\s]+)(?:#([\w-]+))? -->$/.exec(line);
  if (example) return { kind: "example", file: example[1], region: example[2] };
  const output = /^ *<!-- output: (.+) -->$/.exec(line);
  if (output) return { kind: "output", what: output[1] };
  const config = /^ *<!-- config: (\w+) -->$/.exec(line);
  return config ? { kind: "config", part: config[1] } : undefined;
}

/** The code blocks of a page marked as examples, with the file (and region) each shows. */
export function markedBlocks(page: string): { file: string; region?: string; text: string; line: number }[] {
  return codeBlocks(relative(REPO, page) || page).flatMap((b) =>
    b.marker?.kind === "example" ? [{ file: b.marker.file, region: b.marker.region, text: b.text, line: b.line }] : [],
  );
}

/**
 * The lines between `#region <name>` and `#endregion <name>` (in a comment of the file's language),
 * each with its line break; undefined when the file has no such region.
 */
export function regionOf(text: string, name: string): string | undefined {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^\\s*(//|#) #region ${name}$`).test(l));
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^\\s*(//|#) #endregion ${name}$`).test(l));
  if (start < 0 || end < 0) return undefined;
  return lines
    .slice(start + 1, end)
    .map((l) => `${l}\n`)
    .join("");
}

/** GitHub's anchors of a page's headings (lower case, punctuation dropped, spaces as hyphens, repeats numbered). */
export function anchorsOf(page: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of readFileSync(join(REPO, page), "utf8").split("\n")) {
    if (/^ *(`{3,}|~{3,})/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6} (.+)$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/ /g, "-");
    let anchor = slug;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

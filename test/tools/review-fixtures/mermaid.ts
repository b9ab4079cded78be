import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** A node as mermaid's flowchart database holds it. */
export interface MermaidNode {
  readonly id: string;
  readonly text: string;
  /** `hexagon`, `round`, `stadium`, `square`, ... */
  readonly shape: string;
  readonly classes: readonly string[];
}

/** An edge as mermaid's flowchart database holds it. */
export interface MermaidEdge {
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** `normal`, `dotted`, ... */
  readonly stroke: string;
  /** Its `linkStyle`. */
  readonly style: readonly string[];
}

/** The result of parsing one diagram with mermaid's own parser. */
export type MermaidParse =
  | { readonly ok: true; readonly type: string; readonly nodes: readonly MermaidNode[]; readonly edges: readonly MermaidEdge[] }
  | { readonly ok: false; readonly error: string };

/**
 * Parses Mermaid diagrams with `mermaid.parse` (mermaid is ESM and wants a DOM for sanitizing, so
 * it runs in a node child process: see mermaid-parse.mjs).
 */
export function parseMermaid(diagrams: readonly string[]): MermaidParse[] {
  const run = spawnSync(process.execPath, [join(__dirname, "mermaid-parse.mjs")], { input: JSON.stringify(diagrams), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`mermaid-parse.mjs failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The Mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}

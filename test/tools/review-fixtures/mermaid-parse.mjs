// Parses Mermaid diagrams with mermaid's own parser (mermaid.parse), for test/review*.test.ts.
// Reads a JSON array of diagram texts on stdin; prints a JSON array of { ok, type, nodes, edges }
// (what mermaid's flowchart database holds: shapes, classes, edge styles) or { ok: false, error }.
//
// mermaid sanitizes labels with DOMPurify, which needs a browser DOM that node lacks. Sanitizing
// is about rendering HTML safely, not about syntax, so DOMPurify is replaced here by a module that
// returns the text as is; the parse (the flowchart grammar and its database) is mermaid's own.
import { register } from "node:module";
import { readFileSync } from "node:fs";

const stub = "export default { sanitize: (text) => text, addHook() {}, removeHook() {}, removeAllHooks() {} };";
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === "dompurify") return { url: "data:text/javascript," + encodeURIComponent(${JSON.stringify(stub)}), shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
const { default: mermaid } = await import("mermaid");

const diagrams = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const text of diagrams) {
  try {
    const parsed = await mermaid.parse(text);
    const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
    const nodes = [...db.getVertices().values()].map((v) => ({ id: v.id, text: v.text, shape: v.type, classes: v.classes }));
    const edges = db.getEdges().map((e) => ({ from: e.start, to: e.end, text: e.text, stroke: e.stroke, style: e.style ?? [] }));
    results.push({ ok: true, type: parsed.diagramType, nodes, edges });
  } catch (error) {
    results.push({ ok: false, error: String(error?.message ?? error) });
  }
}
process.stdout.write(JSON.stringify(results));

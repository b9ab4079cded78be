import { sortedUnique } from "./json";
import type { Policy, StackAccess } from "./model";

/**
 * A Mermaid node label: quoted, so that any character may appear; `"`, `#` and the characters
 * Mermaid would read as markup become entity codes. Lines are joined with `<br/>`.
 */
export function mermaidLabel(lines: readonly string[]): string {
  const codes: { readonly [c: string]: number } = { "#": 35, '"': 34, "<": 60, ">": 62 };
  return `"${lines.map((line) => line.replace(/[#"<>]/g, (c) => `#${codes[c]};`)).join("<br/>")}"`;
}

/** The policy's node: its kind and name, and its first Allow actions. */
function policyLines(p: Policy): string[] {
  if (p.kind === "managed") {
    const at = p.name.indexOf(":policy/");
    return [`managed: ${at >= 0 ? p.name.slice(at + ":policy/".length) : p.name}`];
  }
  const actions = sortedUnique((p.document?.statements ?? []).filter((s) => s.effect === "Allow").flatMap((s) => s.actions));
  const shown = actions.slice(0, 3).join(", ") + (actions.length > 3 ? ` +${actions.length - 3} more` : "");
  const head = `${p.kind === "customer" ? "policy" : "inline"}: ${p.name}`;
  return p.document?.unreadable !== undefined ? [head, "(cannot be read)"] : shown ? [head, shown] : [head];
}

/**
 * The stack's graph: carrier --> role --> policy. Node ids are a letter and a number handed out in
 * the report's sorted order, so they are always valid Mermaid ids and stable for the same input;
 * one node per distinct carrier or policy, however many roles share it.
 */
export function mermaidGraph(stack: StackAccess): string {
  const nodes: string[] = [];
  const edges: string[] = [];
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  const node = (prefix: string, key: string, lines: readonly string[]): string => {
    const known = ids.get(`${prefix} ${key}`);
    if (known !== undefined) return known;
    const id = `${prefix}${(counts.get(prefix) ?? 0) + 1}`;
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    ids.set(`${prefix} ${key}`, id);
    nodes.push(`  ${id}[${mermaidLabel(lines)}]`);
    return id;
  };
  for (const role of stack.roles) {
    const r = node("role", role.key, [`role: ${role.name}`]);
    for (const c of role.carriers) {
      const where = c.stack === stack.name ? "" : `${c.stack}: `;
      const label = c.kind === "add-on" ? `add-on: ${c.label}` : `service account: ${c.label}`;
      edges.push(`  ${node("sa", c.key, [where + label])} --> ${r}`);
    }
    for (const p of role.policies) edges.push(`  ${r} --> ${node("pol", `${p.kind} ${p.name}`, policyLines(p))}`);
  }
  return ["flowchart LR", ...nodes, ...new Set(edges)].join("\n");
}

import type { Change } from "./changes";
import { sortedUnique } from "./json";
import type { Carrier, Policy, RoleAccess, StackAccess } from "./report";
import { roleMechanismText, subjectLabel } from "./text";

/**
 * Mermaid's own limits with its default configuration (`maxTextSize`, `maxEdges`): a larger graph
 * does not render on GitHub, so it is left out and the report says so.
 */
export const MERMAID_LIMITS = { maxTextSize: 50_000, maxEdges: 500 } as const;

/**
 * A Mermaid node label: quoted, so that any character may appear; `"`, `#` and the characters
 * Mermaid would read as markup become entity codes. Lines are joined with `<br/>`.
 */
export function mermaidLabel(lines: readonly string[]): string {
  const codes: { readonly [c: string]: number } = { "#": 35, '"': 34, "<": 60, ">": 62, "`": 96 };
  return `"${lines.map((line) => line.replace(/[#"<>`]/g, (c) => `#${codes[c]};`)).join("<br/>")}"`;
}

/** How a node or edge of a diff graph changed: new trust is `widened`, new permissions `added` (or `widened` when a widened change names the policy). */
export type GraphStatus = "unchanged" | "added" | "widened" | "removed" | "replaced";

type Shape = "entry" | "account" | "wildcard" | "role" | "policy";

interface GraphNode {
  readonly key: string;
  readonly shape: Shape;
  readonly lines: readonly string[];
  /** Trust side (who may assume) or permission side. */
  readonly side: "trust" | "permissions";
}

interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** Drawn dotted: a carrier the trust does not let in, a trust nobody uses yet. */
  readonly dotted: boolean;
  readonly side: "trust" | "permissions";
}

/** Nodes and edges by key, in insertion order (the report's sorted order). */
class Graph {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();

  node(key: string, shape: Shape, lines: readonly string[], side: GraphNode["side"] = "trust"): string {
    if (!this.nodes.has(key)) this.nodes.set(key, { key, shape, lines, side });
    return key;
  }

  edge(from: string, to: string, label?: string, dotted = false, side: GraphEdge["side"] = "trust"): void {
    const key = `${from}\n${to}\n${label ?? ""}`;
    if (!this.edges.has(key)) this.edges.set(key, { from, to, label, dotted, side });
  }
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

function serviceAccountKey(cluster: string, label: string): string {
  return `sa ${cluster} ${label}`;
}

function carrierNode(g: Graph, c: Carrier, stack: string): string {
  const where = c.stack === stack ? "" : `${c.stack}: `;
  if (c.kind === "addOn") return g.node(`addon ${c.key}`, "entry", [`${where}add-on`, c.label]);
  return g.node(serviceAccountKey(c.cluster ?? `stack ${c.stack}`, c.label), "account", [`${where}service account`, c.label]);
}

/**
 * Adds a role to a graph: who may assume it (cluster's OIDC provider -> service account, Pod
 * Identity -> service account, kube2iam node role, other principals) -> role -> policies.
 * `roleKey` lets a diff graph give the base's and the head's role one node.
 */
function addRole(g: Graph, role: RoleAccess, stack: string, roleKey = `role ${role.key}`): void {
  const r = g.node(roleKey, "role", [`role: ${role.name}`, roleMechanismText(role)]);
  const accounts = new Set<string>();
  for (const t of role.trust.irsa) {
    const provider = g.node(
      `oidc ${t.provider}`,
      "entry",
      t.cluster === t.provider ? ["OIDC provider", t.provider] : ["OIDC provider", `cluster ${t.cluster}`],
    );
    const lines =
      t.match === "any"
        ? ["any service account", "(no sub condition)"]
        : t.wildcard
          ? ["service accounts", subjectLabel(t)]
          : ["service account", subjectLabel(t)];
    const key = g.node(serviceAccountKey(t.cluster, subjectLabel(t)), t.wildcard ? "wildcard" : "account", lines);
    accounts.add(key);
    g.edge(provider, key, `IRSA ${t.match}`);
    g.edge(key, r);
  }
  const pi = role.trust.podIdentity;
  const associations = role.carriers.filter((c) => c.kind === "podIdentityAssociation");
  if (pi && !pi.sourceArn) {
    g.edge(g.node("pod-identity *", "wildcard", ["Pod Identity", "any cluster (no aws:SourceArn pin)"]), r, "any association");
  } else if (pi && associations.length === 0) {
    for (const cluster of pi.clusters)
      g.edge(g.node(`pod-identity ${cluster}`, "entry", ["Pod Identity", `cluster ${cluster}`]), r, "no association yet", true);
  }
  for (const c of role.carriers) {
    if (c.kind === "podIdentityAssociation") {
      const entry = g.node(`pod-identity ${c.cluster}`, "entry", ["Pod Identity", `cluster ${c.cluster}`]);
      const account = carrierNode(g, c, stack);
      g.edge(entry, account, "association");
      g.edge(account, r, c.trusted === false ? "not trusted" : undefined, c.trusted === false);
    } else if (c.kind === "addOn") {
      g.edge(carrierNode(g, c, stack), r, "add-on");
    } else if (c.trusted === false) {
      // A service account the trust does not let in: its pods will be denied.
      g.edge(carrierNode(g, c, stack), r, "not trusted", true);
    }
  }
  for (const p of role.fargateProfiles ?? []) {
    g.edge(g.node(`fargate ${p.key}`, "entry", ["Fargate profile", p.name]), r, "pod execution");
  }
  for (const nodeRole of role.trust.kube2iamNodeRoles) g.edge(g.node(`kube2iam ${nodeRole}`, "entry", ["kube2iam", `node role ${nodeRole}`]), r, "kube2iam");
  for (const p of role.trust.principals) g.edge(g.node(`principal ${p.type} ${p.identifier}`, "entry", [p.type, p.identifier]), r, p.actions.join(", "));
  for (const p of role.policies) g.edge(r, g.node(`policy ${p.kind} ${p.name}`, "policy", policyLines(p), "permissions"), undefined, false, "permissions");
}

function shaped(id: string, shape: Shape, label: string): string {
  switch (shape) {
    case "entry":
      return `${id}([${label}])`;
    case "wildcard":
      return `${id}{{${label}}}`;
    case "role":
      return `${id}(${label})`;
    default:
      return `${id}[${label}]`;
  }
}

const CLASS_DEFS: { readonly [S in Exclude<GraphStatus, "unchanged"> | "wildcard"]: string } = {
  widened: "fill:#ffe3e3,stroke:#c92a2a,stroke-width:2px",
  added: "fill:#ebfbee,stroke:#2b8a3e",
  removed: "fill:#f1f3f5,stroke:#868e96,stroke-dasharray:5 3,color:#868e96",
  replaced: "fill:#fff3bf,stroke:#e67700,stroke-width:2px",
  wildcard: "stroke:#c92a2a,stroke-width:3px,stroke-dasharray:2 2",
};

const LINK_STYLES: { readonly [S in Exclude<GraphStatus, "unchanged" | "replaced">]: string } = {
  widened: "stroke:#c92a2a,stroke-width:2px",
  added: "stroke:#2b8a3e",
  removed: "stroke:#868e96,stroke-dasharray:5 3",
};

/** A word in the label of a changed node, so that the change shows without colours too. */
const MARKS: { readonly [S in GraphStatus]: string } = { unchanged: "", added: "new", widened: "widened", removed: "removed", replaced: "replaced" };

/**
 * Renders a graph as a Mermaid flowchart. Node ids are a letter and a number handed out in
 * insertion order, so they are always valid and stable for the same input; changed nodes and
 * edges get a class and a link style, wildcard nodes the `wildcard` class and a hexagon.
 */
function render(g: Graph, status: (kind: "node" | "edge", key: string) => GraphStatus = () => "unchanged"): string {
  const ids = new Map<string, string>();
  const counts = new Map<string, number>();
  const prefix: { readonly [S in Shape]: string } = { entry: "e", account: "s", wildcard: "w", role: "r", policy: "p" };
  const lines = ["flowchart LR"];
  const classes = new Map<string, string[]>();
  const addClass = (name: string, id: string) => classes.set(name, [...(classes.get(name) ?? []), id]);
  for (const node of g.nodes.values()) {
    const p = prefix[node.shape];
    const id = `${p}${(counts.get(p) ?? 0) + 1}`;
    counts.set(p, (counts.get(p) ?? 0) + 1);
    ids.set(node.key, id);
    const s = status("node", node.key);
    const text = s === "unchanged" ? node.lines : [...node.lines, `(${MARKS[s]})`];
    lines.push(`  ${shaped(id, node.shape, mermaidLabel(text))}`);
    if (s !== "unchanged") addClass(s, id);
    if (node.shape === "wildcard") addClass("wildcard", id);
  }
  const linkStyles = new Map<string, number[]>();
  [...g.edges.entries()].forEach(([key, e], i) => {
    const arrow = e.dotted ? "-.->" : "-->";
    lines.push(`  ${ids.get(e.from)} ${arrow}${e.label !== undefined ? `|${mermaidLabel([e.label])}|` : ""} ${ids.get(e.to)}`);
    const s = status("edge", key);
    if (s !== "unchanged" && s !== "replaced") linkStyles.set(s, [...(linkStyles.get(s) ?? []), i]);
  });
  for (const name of Object.keys(CLASS_DEFS) as (keyof typeof CLASS_DEFS)[]) {
    const members = classes.get(name);
    if (!members) continue;
    lines.push(`  classDef ${name} ${CLASS_DEFS[name]}`, `  class ${members.join(",")} ${name}`);
  }
  for (const name of Object.keys(LINK_STYLES) as (keyof typeof LINK_STYLES)[]) {
    const members = linkStyles.get(name);
    if (members) lines.push(`  linkStyle ${members.join(",")} ${LINK_STYLES[name]}`);
  }
  return lines.join("\n");
}

/**
 * The graph of a stack's workload roles, or undefined when it is larger than Mermaid renders
 * ({@link MERMAID_LIMITS}). One node per distinct service account, provider or policy, however
 * many roles share it.
 */
export function mermaidGraph(stack: StackAccess): string | undefined {
  const g = new Graph();
  for (const role of stack.roles) {
    addRole(g, role, stack.name);
    if (g.edges.size > MERMAID_LIMITS.maxEdges) return undefined;
  }
  const text = render(g);
  return text.length <= MERMAID_LIMITS.maxTextSize ? text : undefined;
}

/**
 * The graph of one changed role: base and head drawn as one, what the head adds styled `widened`
 * (trust, and policies a widened change names) or `added`, what it drops `removed`, the role
 * `replaced` when Terraform replaces it. `changes` are the role's changes.
 */
export function mermaidChangeGraph(base: RoleAccess | undefined, head: RoleAccess, changes: readonly Change[]): string {
  const before = new Graph();
  if (base) addRole(before, base, base.stack, "role");
  const after = new Graph();
  addRole(after, head, head.stack, "role");
  const union = new Graph();
  for (const g of [after, before]) {
    for (const n of g.nodes.values()) union.node(n.key, n.shape, n.lines, n.side);
    for (const e of g.edges.values()) union.edge(e.from, e.to, e.label, e.dotted, e.side);
  }
  const widenedPolicies = new Set(
    changes.flatMap((c) => (c.severity === "widened" && "policies" in c ? c.policies.map((p) => `policy ${p.kind} ${p.name}`) : [])),
  );
  for (const c of changes) if (c.type === "managedPolicyAttached") widenedPolicies.add(`policy managed ${c.arn}`);
  const replaced = changes.some((c) => c.type === "roleReplaced");
  const status = (kind: "node" | "edge", key: string): GraphStatus => {
    const inBase = kind === "node" ? before.nodes.has(key) : before.edges.has(key);
    const inHead = kind === "node" ? after.nodes.has(key) : after.edges.has(key);
    const item = kind === "node" ? union.nodes.get(key)! : union.edges.get(key)!;
    if (kind === "node" && key === "role") return !base ? "widened" : replaced ? "replaced" : "unchanged";
    if (!inHead) return "removed";
    const policy = kind === "node" ? key : (item as GraphEdge).to;
    if (!inBase) return item.side === "trust" || widenedPolicies.has(policy) ? "widened" : "added";
    return kind === "node" && widenedPolicies.has(key) ? "widened" : "unchanged";
  };
  return render(union, status);
}

import type { AccessDiff, Finding } from "./diff";
import { subjectLabel } from "./diff";
import { cell, code, codeList } from "./md";
import { mermaidGraph } from "./mermaid";
import type { AccessReport, Carrier, RoleAccess, StackAccess, TrustedSubject } from "./model";
import { conditionText } from "./policy";

function findingLine(f: Finding): string {
  return `- ${code(f.stack)} ${f.target}: ${f.text}`;
}

function summary(report: AccessReport, diff: AccessDiff | undefined): string {
  if (diff) {
    const others = diff.findings.length - diff.widened;
    if (diff.findings.length === 0) return "Compared with the base: no change to IRSA access.";
    return `Compared with the base: **${diff.widened} widened**, ${others} other change${others === 1 ? "" : "s"}.`;
  }
  const roles = report.stacks.flatMap((s) => s.roles);
  const carriers = roles.reduce((n, r) => n + r.carriers.length, 0);
  return `${report.stacks.length} stack${report.stacks.length === 1 ? "" : "s"}, ${roles.length} IRSA role${roles.length === 1 ? "" : "s"}, ${carriers} service account${carriers === 1 ? "" : "s"} and add-ons carrying them.`;
}

function diffSections(diff: AccessDiff): string[] {
  const widened = diff.findings.filter((f) => f.kind === "widened");
  const others = diff.findings.filter((f) => f.kind !== "widened");
  return [
    "## Widened access",
    "",
    ...(widened.length > 0 ? widened.map(findingLine) : ["None: no change lets more service accounts assume a role or a role do more."]),
    "",
    "## Changes",
    "",
    ...(others.length > 0 ? others.map((f) => findingLine({ ...f, text: `**${f.kind}:** ${f.text}` })) : ["No other changes."]),
    "",
  ];
}

function carrierText(c: Carrier, stack: string): string {
  const where = c.stack === stack ? "" : ` in stack ${code(c.stack)}`;
  const warning =
    c.trusted === false ? " — **not trusted by this role's trust policy: its pods will be denied (AccessDenied on AssumeRoleWithWebIdentity)**" : "";
  return `${c.kind} ${code(c.label)}${where}${warning}`;
}

/** The `aud` conditions of a subject's trust statement, or that there is none. */
function audienceText(t: TrustedSubject): string {
  if (t.audiences.length === 0) return "any (no `aud` condition)";
  return t.audiences.map((a) => `${codeList(a.values)} (${a.match})`).join("; ");
}

function trustLines(role: RoleAccess, former: boolean): string[] {
  const lines = ["**Trusted subjects**", ""];
  if (role.trust.length > 0) {
    lines.push("| Cluster | Namespace | Service account | Match | Audience |", "| --- | --- | --- | --- | --- |");
    for (const t of role.trust) {
      const namespace = t.namespace ?? "";
      const account = t.serviceAccount ?? "";
      const who = t.namespace !== undefined ? [code(namespace), code(account)] : [`sub ${code(subjectLabel(t))}`, ""];
      lines.push(`| ${[code(t.cluster), ...who, t.match, audienceText(t)].map(cell).join(" | ")} |`);
    }
  } else {
    lines.push(former ? "None: no web identity statement." : "No service account subject could be read.");
  }
  if (role.principals.length > 0) {
    lines.push("", "**Other trusted principals**", "", "| Principal | Identifier | Actions | Conditions |", "| --- | --- | --- | --- |");
    for (const p of role.principals) {
      lines.push(`| ${[p.type, code(p.identifier), codeList(p.actions), p.conditions.map(code).join(", ")].map(cell).join(" | ")} |`);
    }
  }
  if (role.trustNotes.length > 0) lines.push("", ...role.trustNotes.map((n) => `- **Note:** ${n}`));
  return lines;
}

function permissionLines(role: RoleAccess): string[] {
  const lines = [];
  const managed = role.policies.filter((p) => p.kind === "managed");
  const documents = role.policies.filter((p) => p.kind !== "managed");
  if (role.permissionsBoundary !== undefined) lines.push(`**Permissions boundary:** ${code(role.permissionsBoundary)}`, "");
  lines.push(`**Permissions**${role.policies.length === 0 ? ": none" : ""}`, "");
  if (managed.length > 0) lines.push(...managed.map((p) => `- managed policy ${code(p.name)}`), "");
  const rows: string[][] = [];
  for (const p of documents) {
    const name = `${p.kind === "customer" ? "policy" : "inline"} ${code(p.name)}`;
    if (p.document?.unreadable !== undefined) rows.push([name, "", `cannot be read here: ${code(p.document.unreadable)}`, "", ""]);
    for (const s of p.document?.statements ?? []) {
      rows.push([name, s.effect, s.actions.map(code).join(", "), s.resources.map(code).join(", "), s.conditions.map((c) => code(conditionText(c))).join(", ")]);
    }
  }
  if (rows.length > 0) {
    // The conditions column only when some statement has one: most IRSA policies have none.
    const withConditions = rows.some((r) => r[4] !== "");
    const header = ["Policy", "Effect", "Actions", "Resources", ...(withConditions ? ["Conditions"] : [])];
    lines.push(`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`);
    for (const r of rows) lines.push(`| ${(withConditions ? r : r.slice(0, 4)).map(cell).join(" | ")} |`);
    lines.push("");
  }
  return lines;
}

function roleLines(role: RoleAccess, stack: string, former = false): string[] {
  const carriers = role.carriers.map((c) => `- ${carrierText(c, stack)}`);
  return [
    `### ${former ? "Former IRSA role" : "Role"} ${code(role.name)}`,
    "",
    `Construct path ${code(role.path)}.`,
    "",
    ...(former
      ? [
          "**No longer an IRSA role:** its trust policy has no readable `sts:AssumeRoleWithWebIdentity` statement, so no service account can assume it.",
          "",
        ]
      : []),
    ...trustLines(role, former),
    "",
    "**Carried by**",
    "",
    ...(carriers.length > 0 ? carriers : ["Nothing in this output: no service account or add-on names this role."]),
    "",
    ...permissionLines(role),
  ];
}

/** `former`: the stack's roles that were IRSA roles of the base, to show with their changes. */
function stackLines(stack: StackAccess, former: readonly RoleAccess[]): string[] {
  const lines = [`## Stack ${code(stack.name)}`, ""];
  if (stack.infrastructure.length > 0) {
    lines.push(...stack.infrastructure.map((i) => `- ${i.kind} ${code(i.name)}: ${i.detail}`), "");
  }
  if (stack.roles.length === 0) lines.push("No IRSA roles.", "");
  for (const role of stack.roles) lines.push(...roleLines(role, stack.name));
  for (const role of former) lines.push(...roleLines(role, stack.name, true));
  if (stack.strayCarriers.length > 0) {
    lines.push("**Service accounts whose role is not an IRSA role of this output**", "");
    lines.push(...stack.strayCarriers.map((c) => `- ${carrierText(c, stack.name)} names role ${code(c.roleExpression)}`), "");
  }
  if (stack.roles.length > 0) lines.push("```mermaid", mermaidGraph(stack), "```", "");
  return lines;
}

/**
 * The report as Markdown: a summary, with a base the widened access and the other changes, then
 * per stack its clusters, IRSA roles (and, with a base, the roles that lost their web identity
 * trust) and a Mermaid graph. Only stack names and construct paths appear, never file paths, so
 * the same input gives the same bytes anywhere.
 */
export function renderMarkdown(report: AccessReport, diff?: AccessDiff): string {
  const lines = ["# IRSA access review", "", summary(report, diff), ""];
  if (diff) lines.push(...diffSections(diff));
  // A role of the stack's other roles has findings only when it was an IRSA role of the base.
  const changed = new Set(diff?.findings.map((f) => f.key) ?? []);
  for (const stack of report.stacks) lines.push(...stackLines(stack, (stack.otherRoles ?? []).filter((r) => changed.has(r.key))));
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

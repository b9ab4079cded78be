import type { Change, Severity } from "./changes";
import type { AccessDiff } from "./diff";
import { type ReviewDocument, reviewDocument, type StackSummary } from "./document";
import { byteLength, fitSections, type Omission, renderAll, type Section } from "./fit";
import { cell, code, codeList, thousands } from "./md";
import { MERMAID_LIMITS, mermaidChangeGraph, mermaidGraph } from "./mermaid";
import { conditionText } from "./policy";
import type { AccessReport, InfrastructureItem, RoleAccess, StackAccess, TrustedSubject } from "./report";
import { accessEntryCells, carrierText, changeText, fargateProfileText, roleMechanismText, subjectLabel, targetText } from "./text";

/** The title of the report, also what a workflow's sticky comment can look for. */
export const REPORT_TITLE = "# Workload IAM access review";

/** A stack with more workload roles than this shows them folded into `<details>`. */
export const FOLD_ROLES = 10;

/** The smallest `--max-bytes` that leaves room for the title, the summary and the note. */
export const MIN_MAX_BYTES = 2_000;

/** How the Markdown is rendered. */
export interface MarkdownOptions {
  /** The base report, to draw what changed in the changed roles' graphs. */
  readonly base?: AccessReport;
  /** The changes from the base; without it, the report describes every stack. */
  readonly diff?: AccessDiff;
  /**
   * The most bytes (UTF-8) the Markdown may take; what does not fit is left out and counted in a
   * closing note. Undefined or 0: no limit.
   * @default no limit
   */
  readonly maxBytes?: number;
  /**
   * Where the whole report is, for the closing note: a Markdown link or a file name.
   * @default "the output of the review run without `--max-bytes`"
   */
  readonly fullReport?: string;
}

function n(count: number, word: string, words = `${word}s`): string {
  return `${thousands(count)} ${count === 1 ? word : words}`;
}

function summaryLine(doc: ReviewDocument): string {
  const c = doc.summary.changes;
  if (c) {
    const total = c.widened + c.replaced + c.narrowed + c.other;
    if (total === 0) return "Compared with the base: no change to workload access.";
    return `Compared with the base: **${c.widened} widened**, **${c.replaced} replaced**, ${c.narrowed} narrowed, ${c.other} other.`;
  }
  const s = doc.summary.stacks;
  const sum = (f: (x: StackSummary) => number) => s.reduce((a, x) => a + f(x), 0);
  const roles = sum((x) => x.roles);
  const count = (f: (x: StackSummary) => number) => thousands(sum(f));
  const parts = [
    `${count((x) => x.mechanisms.irsa)} IRSA`,
    `${count((x) => x.mechanisms.podIdentity)} Pod Identity`,
    `${count((x) => x.mechanisms.both)} both`,
    ...(sum((x) => x.kube2iam) > 0 ? [`${count((x) => x.kube2iam)} with kube2iam trust`] : []),
    ...(sum((x) => x.fargatePodExecutionRoles ?? 0) > 0 ? [`${count((x) => x.fargatePodExecutionRoles ?? 0)} Fargate pod execution`] : []),
  ];
  const carriers = [
    n(
      sum((x) => x.serviceAccounts),
      "service account",
    ),
    n(
      sum((x) => x.podIdentityAssociations),
      "Pod Identity association",
    ),
    n(
      sum((x) => x.addOns),
      "add-on",
    ),
  ];
  const entries = sum((x) => x.accessEntries ?? 0);
  const access = entries > 0 ? `; ${n(entries, "access entry", "access entries")} (who can do what in the clusters)` : "";
  return `${n(s.length, "stack")}, ${n(roles, "workload role")} (${parts.join(", ")}), carried by ${carriers.join(", ")}${access}.`;
}

/** A report fitted into a limit shows at most this many stack rows; the others fold into one row of their sums. */
export const MAX_STACK_ROWS = 100;

/**
 * The table of the stacks: a row each; past `cap` rows (a report fitted into a limit), the stacks
 * with workload roles (or, with a base, changes) first, and the rest folded into one row of sums.
 */
function stackTable(doc: ReviewDocument, cap?: number): Section {
  const withChanges = doc.summary.changes !== undefined;
  // The access entries' column only when a stack has some: an output without keeps its table.
  const withEntries = !withChanges && doc.summary.stacks.some((s) => s.accessEntries !== undefined);
  const header = withChanges
    ? ["Stack", "Roles", "Widened", "Replaced", "Narrowed", "Other"]
    : ["Stack", "Roles", "IRSA", "Pod Identity", "Both", "kube2iam", "Service accounts", "Associations", "Add-ons", ...(withEntries ? ["Access entries"] : [])];
  const row = (s: StackSummary) => {
    const cells = withChanges
      ? [code(s.name), s.roles, s.changes!.widened, s.changes!.replaced, s.changes!.narrowed, s.changes!.other]
      : [
          code(s.name),
          s.roles,
          s.mechanisms.irsa,
          s.mechanisms.podIdentity,
          s.mechanisms.both,
          s.kube2iam,
          s.serviceAccounts,
          s.podIdentityAssociations,
          s.addOns,
          ...(withEntries ? [s.accessEntries ?? 0] : []),
        ];
    return `| ${cells.map((c) => cell(String(c))).join(" | ")} |\n`;
  };
  const busy = (x: StackSummary) => (withChanges ? x.changes!.widened + x.changes!.replaced + x.changes!.narrowed + x.changes!.other > 0 : x.roles > 0);
  const capped = cap !== undefined && doc.summary.stacks.length > cap;
  const stacks = capped ? [...doc.summary.stacks.filter(busy), ...doc.summary.stacks.filter((x) => !busy(x))] : doc.summary.stacks;
  // Rows that do not fit fold into one row of their sums: the table still counts every stack.
  const fold = (shown: number) => {
    const rest = stacks.slice(shown);
    const sum = (f: (x: StackSummary) => number) => thousands(rest.reduce((a, x) => a + f(x), 0));
    const cells = withChanges
      ? [
          `${thousands(rest.length)} more stacks`,
          sum((x) => x.roles),
          sum((x) => x.changes!.widened),
          sum((x) => x.changes!.replaced),
          sum((x) => x.changes!.narrowed),
          sum((x) => x.changes!.other),
        ]
      : [
          `${thousands(rest.length)} more stacks`,
          sum((x) => x.roles),
          sum((x) => x.mechanisms.irsa),
          sum((x) => x.mechanisms.podIdentity),
          sum((x) => x.mechanisms.both),
          sum((x) => x.kube2iam),
          sum((x) => x.serviceAccounts),
          sum((x) => x.podIdentityAssociations),
          sum((x) => x.addOns),
        ];
    return `| ${cells.join(" | ")} |\n`;
  };
  return {
    // One line per stack, right after the title; past the room, the remaining stacks fold into one row of sums.
    priority: 1,
    head: `## Stacks\n\n| ${header.join(" | ")} |\n| ${header.map(() => "---").join(" | ")} |\n`,
    items: (capped ? stacks.slice(0, cap) : stacks).map(row),
    tail: capped
      ? `${fold(cap)}\n_${thousands(cap)} of ${thousands(stacks.length)} stacks shown, those with ${withChanges ? "changes" : "workload roles"} first; the last row sums the others._\n\n`
      : "\n",
    unit: ["stack row", "stack rows"],
    where: "in the stack table (folded into one row of their sums)",
    fold,
  };
}

// ---- one role ------------------------------------------------------------------------------------

/** The `aud` conditions of a subject's trust statement, or that there is none. */
function audienceText(t: TrustedSubject): string {
  if (t.audiences.length === 0) return "any (no `aud` condition)";
  return t.audiences.map((a) => `${codeList(a.values)} (${a.match})`).join("; ");
}

function trustLines(role: RoleAccess, former: boolean): string[] {
  const lines: string[] = [];
  const { irsa, podIdentity, kube2iamNodeRoles, principals, unreadable } = role.trust;
  if (irsa.length > 0) {
    lines.push("**IRSA**", "", "| Cluster | Namespace | Service account | Match | Audience |", "| --- | --- | --- | --- | --- |");
    for (const t of irsa) {
      const who = t.namespace !== undefined ? [code(t.namespace), code(t.serviceAccount ?? "")] : [`sub ${code(subjectLabel(t))}`, ""];
      lines.push(`| ${[code(t.cluster), ...who, t.match, audienceText(t)].map(cell).join(" | ")} |`);
    }
    lines.push("");
  }
  if (podIdentity) {
    const pins = [
      ...(podIdentity.sourceArn ? [`cluster ${codeList(podIdentity.clusters)} (cluster pin ${podIdentity.sourceArn.matches.join(", ")})`] : []),
      ...(podIdentity.sourceAccount
        ? [`account ${codeList(podIdentity.sourceAccount.values)} (\`aws:SourceAccount\` ${podIdentity.sourceAccount.matches.join(", ")})`]
        : []),
    ];
    const pinned = podIdentity.sourceArn
      ? `pinned to ${pins.join(", ")}`
      : `**not pinned to a cluster** (no \`aws:SourceArn\` or \`aws:RequestTag/eks-cluster-arn\` condition): a Pod Identity association in any cluster${podIdentity.sourceAccount ? ` of account ${codeList(podIdentity.sourceAccount.values)}` : " of the account"} can hand out this role`;
    const extra = podIdentity.conditions.length > 0 ? `; also asks ${codeList(podIdentity.conditions)}` : "";
    const admitted =
      podIdentity.serviceAccounts === undefined
        ? "; **any service account** (no `kubernetes-namespace` or `kubernetes-service-account` session tag condition)"
        : `; admits ${podIdentity.serviceAccounts.length === 1 ? "service account" : "service accounts"} ${codeList(podIdentity.serviceAccounts)}`;
    lines.push(`**Pod Identity:** ${pinned}; allows ${codeList(podIdentity.actions)}${extra}${admitted}.`, "");
  }
  if (kube2iamNodeRoles.length > 0) {
    lines.push(
      `**kube2iam (transitional):** node ${kube2iamNodeRoles.length === 1 ? "role" : "roles"} ${codeList(kube2iamNodeRoles)} may assume this role: any pod on those nodes, through kube2iam.`,
      "",
    );
  }
  if (role.fargateProfiles !== undefined) {
    lines.push(
      "**Fargate pod execution:** Fargate (`eks-fargate-pods.amazonaws.com`, see the principals below) assumes it to pull the images and write the logs of the pods its Fargate profiles select; no pod can assume it.",
      "",
    );
  } else if (irsa.length === 0 && !podIdentity && kube2iamNodeRoles.length === 0) {
    lines.push(former ? "**No workload trust:** no IRSA, Pod Identity or kube2iam statement, so no pod can assume it." : "No subject could be read.", "");
  }
  if (principals.length > 0) {
    lines.push("**Other trusted principals**", "", "| Principal | Identifier | Actions | Conditions |", "| --- | --- | --- | --- |");
    for (const p of principals) lines.push(`| ${[p.type, code(p.identifier), codeList(p.actions), p.conditions.map(code).join(", ")].map(cell).join(" | ")} |`);
    lines.push("");
  }
  if (unreadable !== undefined) lines.push(`- **Note:** trust policy cannot be read here (${code(unreadable)}): review it by hand`, "");
  return lines;
}

function permissionLines(role: RoleAccess): string[] {
  const lines = [];
  const managed = role.policies.filter((p) => p.kind === "managed");
  const documents = role.policies.filter((p) => p.kind !== "managed");
  if (role.permissionsBoundary !== undefined) lines.push(`**Permissions boundary:** ${code(role.permissionsBoundary)}`, "");
  for (const p of role.policies.filter((x) => x.widerThanUpstream !== undefined)) {
    lines.push(
      `**Widened beyond upstream (acknowledged):** policy ${code(p.name)} takes wildcards wider than the add-on's upstream policy in ${code(p.widerThanUpstream!)} (\`acknowledgeWideningWildcards\`).`,
      "",
    );
  }
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
    // The conditions column only when some statement has one: most workload policies have none.
    const withConditions = rows.some((r) => r[4] !== "");
    const header = ["Policy", "Effect", "Actions", "Resources", ...(withConditions ? ["Conditions"] : [])];
    lines.push(`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`);
    for (const r of rows) lines.push(`| ${(withConditions ? r : r.slice(0, 4)).map(cell).join(" | ")} |`);
    lines.push("");
  }
  return lines;
}

/** A role's section: heading, mechanism, who may assume it, what carries it, its permissions, and an optional graph. */
function roleSection(role: RoleAccess, heading: string, former: boolean, graph?: string): string {
  const carriers = [
    ...role.carriers.map((c) => `- ${carrierText(c, role.stack)}`),
    ...(role.fargateProfiles ?? []).map((p) => `- ${fargateProfileText(p, role.stack)}`),
  ];
  const lines = [
    heading,
    "",
    `${former ? "**No longer a workload role.** " : ""}${roleMechanismText(role)}; construct path ${code(role.path)}, Terraform ${code(`aws_iam_role.${role.logicalId}`)}.`,
    "",
    ...trustLines(role, former),
    "**Carried by**",
    "",
    ...(carriers.length > 0
      ? carriers
      : role.outputs
        ? [
            `Nothing in this output: no service account, association, add-on or Fargate profile names this role; the stack's ${role.outputs.length === 1 ? "output" : "outputs"} ${role.outputs.map(code).join(", ")} ${role.outputs.length === 1 ? "hands" : "hand"} it out (for a Helm chart's service account, for example).`,
          ]
        : [`Nothing in this output: no service account, association, add-on${role.fargateProfiles ? " or Fargate profile" : ""} names this role.`]),
    "",
    ...permissionLines(role),
    ...(graph !== undefined ? ["```mermaid", graph, "```", ""] : []),
  ];
  return `${lines.join("\n")}\n`;
}

// ---- without a base: every stack -----------------------------------------------------------------

function infrastructureText(i: InfrastructureItem): string {
  const what = i.kind === "cluster" ? "cluster" : i.ofCluster ? "OIDC provider of cluster" : "OIDC provider";
  const type = i.kind === "cluster" ? "aws_eks_cluster" : "aws_iam_openid_connect_provider";
  switch (i.source) {
    case "resource":
      return `${what} ${code(i.name)}: \`${type}\` at ${code(i.path ?? "")}`;
    case "dataSource":
      return `${what} ${code(i.name)}: looked up with \`data.${type}\` at ${code(i.path ?? "")}`;
    case "otherStack":
      return `${what} ${code(i.name)}: defined in stack ${code(i.definedIn ?? "")}, trusted by roles here`;
    case "external":
      return `${what} ${code(i.name)}: not defined in this output, trusted by roles here`;
  }
}

function stackSections(stack: StackAccess): Section[] {
  const infra = stack.infrastructure.map((i) => `- ${infrastructureText(i)}\n`).join("");
  const fold = stack.roles.length > FOLD_ROLES;
  const entries = stack.accessEntries ?? [];
  const access =
    entries.length === 0
      ? ""
      : [
          "**Access entries** (who can do what in the cluster)\n\n",
          "| Principal | Cluster | Type | Access | User name |\n| --- | --- | --- | --- | --- |\n",
          ...entries.map((e) => `| ${accessEntryCells(e).map(cell).join(" | ")} |\n`),
          "\n",
        ].join("");
  const head = [
    `## Stack ${code(stack.name)}\n\n`,
    infra ? `${infra}\n` : "",
    access,
    stack.roles.length === 0 ? "No workload roles.\n\n" : "",
    fold ? `<details><summary>${n(stack.roles.length, "workload role")} (click to expand)</summary>\n\n` : "",
  ].join("");
  const stray = stack.strayCarriers.map((c) => `- ${carrierText(c, stack.name)} names role ${code(c.roleExpression)}\n`).join("");
  const tail = [fold ? "</details>\n\n" : "", stray ? `**Carriers whose role is no workload role of this output**\n\n${stray}\n` : ""].join("");
  const empty = stack.roles.length === 0 && stack.strayCarriers.length === 0;
  const sections: Section[] = [
    empty
      ? // After the stacks with roles: a stack without any says least.
        { priority: 4, head: `${head}${tail}`, items: [], unit: ["stack without workload roles", "stacks without workload roles"] }
      : {
          // Small stacks first, whole and with their graphs; large ones share what room is left.
          priority: fold ? 5 : 3,
          head,
          items: stack.roles.map((r) => roleSection(r, `### Role ${code(r.name)}`, false)),
          tail,
          unit: ["workload role", "workload roles"],
          where: `of stack ${code(stack.name)}`,
          stub: `## Stack ${code(stack.name)}\n\n_${n(stack.roles.length, "workload role")} left out to fit one comment: see the note at the end._\n\n`,
        },
  ];
  if (stack.roles.length > 0) {
    const graph = mermaidGraph(stack);
    const text =
      graph !== undefined
        ? `\`\`\`mermaid\n${graph}\n\`\`\`\n\n`
        : `_The graph of this stack is left out: it is larger than Mermaid renders (${MERMAID_LIMITS.maxEdges} edges, ${thousands(MERMAID_LIMITS.maxTextSize)} characters)._\n\n`;
    sections.push({ priority: 4, head: text, items: [], unit: ["graph", "graphs"], where: `of stack ${code(stack.name)}` });
  }
  return sections;
}

// ---- with a base: what changed -------------------------------------------------------------------

function changeLine(c: Change, roleOf: (key: string) => RoleAccess | undefined, marker = false): string {
  return `- ${targetText(c.target)}: ${marker ? `**${c.severity}:** ` : ""}${changeText(c, roleOf)}\n`;
}

const NONE: { readonly [S in "widened" | "replaced"]: string } = {
  widened: "None: no change lets more pods assume a role or a role do more.",
  replaced: "None: Terraform replaces no role, service account or association.",
};

const TITLES: { readonly [S in "widened" | "replaced"]: string } = { widened: "Widened access", replaced: "Replaced on apply" };

function changeSections(report: AccessReport, options: MarkdownOptions & { diff: AccessDiff }, doc: ReviewDocument): Section[] {
  const roles = new Map<string, RoleAccess>();
  for (const s of report.stacks) for (const r of [...s.roles, ...s.otherRoles]) roles.set(r.key, r);
  const roleOf = (key: string) => roles.get(key);
  const { changes } = options.diff;
  const of = (s: Severity) => changes.filter((c) => c.severity === s);
  const severitySection = (s: "widened" | "replaced"): Section => {
    // Wildcards first: when the list is cut, they are the last thing to lose.
    const list = [...of(s).filter((c) => c.wildcard), ...of(s).filter((c) => !c.wildcard)];
    return {
      // Widened access and replacements share the room first, taking turns.
      priority: 2,
      head: `## ${TITLES[s]}\n\n${list.length === 0 ? `${NONE[s]}\n` : ""}`,
      items: list.map((c) => changeLine(c, roleOf)),
      tail: "\n",
      unit: [`${s} change`, `${s} changes`],
    };
  };
  const others = changes.filter((c) => c.severity === "narrowed" || c.severity === "other");
  // The roles to show in detail: changed roles of the head, and roles whose carriers changed.
  const changed = new Map<string, Change[]>();
  const carrierRoles = new Map<string, string>();
  for (const s of report.stacks) for (const r of [...s.roles, ...s.otherRoles]) for (const c of r.carriers) carrierRoles.set(c.key, r.key);
  for (const c of changes) {
    const key = c.target.kind === "role" ? c.target.key : carrierRoles.get(c.target.key);
    if (key === undefined || !roles.has(key)) continue;
    changed.set(key, [...(changed.get(key) ?? []), c]);
  }
  const detailed = [...changed.keys()].sort().map((key) => roles.get(key)!);
  const fold = detailed.length > FOLD_ROLES;
  const former = new Set(changes.filter((c) => c.type === "workloadTrustLost").map((c) => c.target.key));
  return [
    severitySection("widened"),
    severitySection("replaced"),
    stackTable(doc),
    {
      priority: 3,
      head: others.length > 0 ? "## Other changes\n\n" : "",
      items: others.map((c) => changeLine(c, roleOf, true)),
      tail: "\n",
      unit: ["other change", "other changes"],
    },
    {
      priority: 4,
      head:
        detailed.length === 0
          ? ""
          : `## Changed roles\n\n${fold ? `<details><summary>${n(detailed.length, "changed role")} (click to expand)</summary>\n\n` : ""}`,
      items: detailed.map((role) => {
        const graph = mermaidChangeGraph(options.diff.baseRoles.get(role.key), role, changed.get(role.key)!);
        return roleSection(role, `### ${code(role.stack)} role ${code(role.name)}`, former.has(role.key), graph);
      }),
      tail: fold ? "</details>\n\n" : "",
      unit: ["changed role's details", "changed roles' details"],
    },
  ];
}

// ---- the document --------------------------------------------------------------------------------

function omissionText(o: Omission): string {
  const what = o.total === 0 ? `the ${o.unit[0]}` : `${thousands(o.total - o.shown)} of ${thousands(o.total)} ${o.total === 1 ? o.unit[0] : o.unit[1]}`;
  return o.where ? `${what} ${o.where}` : what;
}

/**
 * The review as Markdown. Without a diff: a summary, a table of the stacks, then per stack its
 * clusters, its workload roles (who may assume them through which mechanism, what carries them,
 * their permissions; folded into `<details>` beyond {@link FOLD_ROLES}) and a Mermaid graph.
 * With a diff: widened access and replacements first, a line per stack, the other changes, then
 * the changed roles in detail with a graph of what changed. With `maxBytes`, what does not fit
 * is left out, least important first, and a closing note says what and where the whole report is.
 * Only stack names and construct paths appear, never file paths: the same input gives the same bytes.
 */
export function renderMarkdown(report: AccessReport, options: MarkdownOptions = {}): string {
  return renderMarkdownAndWhole(report, options).text;
}

/**
 * The Markdown as {@link renderMarkdown} renders it (`text`), and the whole report, nothing left
 * out (`whole`), from one rendering.
 */
export function renderMarkdownAndWhole(report: AccessReport, options: MarkdownOptions = {}): { readonly text: string; readonly whole: string } {
  const doc = reviewDocument(report, options.diff);
  const top: Section = { priority: 0, head: `${REPORT_TITLE}\n\n${summaryLine(doc)}\n\n`, items: [], unit: ["summary", "summaries"] };
  const sections = options.diff
    ? [top, ...changeSections(report, { ...options, diff: options.diff }, doc)]
    : [top, stackTable(doc), ...report.stacks.flatMap(stackSections)];
  const whole = renderAll(sections);
  if (!options.maxBytes) return { text: whole, whole };
  const limit = options.maxBytes;
  const wholeReport = `The whole report: ${options.fullReport ?? "run the review with `--max-bytes 0`, or with `--full-report <file>`"}.`;
  const note = (omitted: readonly Omission[]) => {
    const listed = omitted.map(omissionText).join("; ");
    // Past a few lines, what was left out is counted by kind instead of listed section by section.
    const what = byteLength(listed) <= NOTE_LIST_BYTES ? listed : foldedOmissions(omitted);
    return `\n---\n\n**Left out to fit one comment** (${thousands(limit)} bytes): ${what}. ${wholeReport}\n`;
  };
  // A large platform's table would take the whole comment: past MAX_STACK_ROWS stacks it folds.
  const fitting =
    doc.summary.stacks.length > MAX_STACK_ROWS
      ? sections.map((section) => (section.unit[1] === "stack rows" ? stackTable(doc, MAX_STACK_ROWS) : section))
      : sections;
  const fitted = fitSections(fitting, limit, note, whole);
  if (fitted) return { text: fitted.text, whole };
  // The title and summary take a line each, so this last resort fits any limit of at least MIN_MAX_BYTES.
  const text = `${top.head}---\n\n**Left out to fit one comment** (${thousands(limit)} bytes): everything but the summary. ${wholeReport}\n`;
  return { text: byteLength(text) <= limit ? text : `${REPORT_TITLE}\n\n${wholeReport}\n`, whole };
}

/** How many bytes the closing note lists omissions in, section by section, before it counts them by kind. */
const NOTE_LIST_BYTES = 1_500;

/** Omissions counted by kind and place: `5,970 of 6,000 workload roles of 597 stacks`. */
function foldedOmissions(omitted: readonly Omission[]): string {
  const groups = new Map<string, { unit: readonly [string, string]; place?: string; shown: number; total: number; places: number }>();
  for (const o of omitted) {
    // `of stack `x`` -> `stack`: sections of one kind of place are counted together.
    const place = o.where?.match(/^of (\w+) `/)?.[1];
    const key = `${o.unit[1]}\u0000${place ?? o.where ?? ""}`;
    const entry = groups.get(key) ?? { unit: o.unit, place: place ?? o.where, shown: 0, total: 0, places: 0 };
    entry.shown += o.shown;
    entry.total += o.total;
    entry.places += 1;
    groups.set(key, entry);
  }
  return [...groups.values()]
    .map((g) => {
      const what =
        g.total === 0 ? `${thousands(g.places)} ${g.places === 1 ? g.unit[0] : g.unit[1]}` : omissionText({ unit: g.unit, shown: g.shown, total: g.total });
      if (g.place === undefined) return what;
      return /^\w+$/.test(g.place) ? `${what} of ${thousands(g.places)} ${g.places === 1 ? g.place : `${g.place}s`}` : `${what} ${g.place}`;
    })
    .join("; ");
}

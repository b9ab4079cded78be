import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AccessDiff, diffAccess } from "../../tools/review/diff";
import type { AccessReport, RoleAccess } from "../../tools/review/report";
import { buildAccessReport } from "../../tools/review/model";
import type { Change } from "../../tools/review/changes";
import { readCdktfOut } from "../../tools/review/load";
import { renderMarkdown } from "../../tools/review/markdown";
import { reviewDocument } from "../../tools/review/document";
import { runReview } from "../../tools/review/cli";
import { mermaidBlocks, type MermaidParse, parseMermaid } from "./review-fixtures/mermaid";
import { type Binding, synthBindings } from "./review-fixtures/stacks";

// One stack, two clusters (`cluster-a`, `cluster-b`), and a binding per mechanism, built from the
// providers' raw constructs: what the synthesized JSON of IRSA, Pod Identity, both and kube2iam
// trust looks like, whatever construct writes it.
const QUEUE = "arn:aws:sqs:eu-west-1:123456789012:orders";
const ORDERS: Binding = {
  id: "orders",
  roleName: "orders",
  irsa: { subjects: ["orders/api"] },
  serviceAccount: { namespace: "orders", name: "api" },
  actions: ["sqs:SendMessage"],
  resources: [QUEUE],
};
const BILLING: Binding = {
  id: "billing",
  roleName: "billing",
  podIdentity: {},
  association: { namespace: "billing", name: "invoicer" },
  actions: ["s3:GetObject"],
  resources: ["arn:aws:s3:::invoices/*"],
};
const SEARCH: Binding = {
  id: "search",
  roleName: "search",
  irsa: { subjects: ["search/indexer"] },
  podIdentity: {},
  serviceAccount: { namespace: "search", name: "indexer" },
  association: { namespace: "search", name: "indexer" },
  actions: ["es:ESHttpGet"],
  resources: ["arn:aws:es:eu-west-1:123456789012:domain/search/*"],
};
const LEGACY: Binding = {
  id: "legacy",
  roleName: "legacy",
  irsa: { subjects: ["legacy/app"] },
  kube2iam: true,
  serviceAccount: { namespace: "legacy", name: "app" },
  actions: ["s3:ListBucket"],
  resources: ["arn:aws:s3:::legacy"],
};
const REPORTS: Binding = {
  id: "reports",
  parent: "team-a",
  roleName: "reports",
  irsa: { subjects: ["reports/writer"] },
  serviceAccount: { namespace: "reports", name: "writer" },
  actions: ["s3:PutObject"],
  resources: ["arn:aws:s3:::reports/*"],
};
const BASE = [ORDERS, BILLING, SEARCH, LEGACY, REPORTS];

/** The base with bindings replaced by id (and more appended). */
function withBindings(...changed: Binding[]): Binding[] {
  const ids = new Set(changed.map((b) => b.id));
  return [...BASE.filter((b) => !ids.has(b.id)), ...changed];
}

let root: string;
let base: AccessReport;
let count = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "review-mechanisms-"));
  base = buildAccessReport(readCdktfOut(synthBindings(join(root, "base"), BASE)));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function synth(bindings: readonly Binding[]): string {
  return synthBindings(join(root, `head-${++count}`), bindings);
}

function headOf(bindings: readonly Binding[]): AccessReport {
  return buildAccessReport(readCdktfOut(synth(bindings)));
}

/** The diff from the base to the base with these bindings changed or added. */
function diffWith(...changed: Binding[]): AccessDiff {
  return diffAccess(base, headOf(withBindings(...changed)));
}

/** The changes without their targets' paths: the target as `<kind> <name>`. */
function typed(diff: AccessDiff): object[] {
  return diff.changes.map(({ target, ...rest }: Change) => ({ ...rest, target: `${target.kind} ${target.name}` }));
}

function role(report: AccessReport, path: string): RoleAccess {
  const found = report.stacks.flatMap((s) => [...s.roles, ...s.otherRoles]).find((r) => r.path === path);
  if (!found) throw new Error(`no role ${path}`);
  return found;
}

const ACCOUNT = "data.aws_caller_identity.account.account_id";
const CLUSTER_A_ARN = "aws_eks_cluster.cluster-a.arn";

describe("mechanisms in the report", () => {
  test("each role's mechanism is a field: IRSA, Pod Identity, both, and kube2iam trust as a flag", () => {
    const platform = base.stacks[0];
    expect(platform.roles.map((r) => [r.name, r.mechanism, r.kube2iam])).toEqual([
      ["billing", "podIdentity", false],
      ["legacy", "irsa", true],
      ["orders", "irsa", false],
      ["search", "both", false],
      ["reports", "irsa", false],
    ]);
    // The node role trusts ec2.amazonaws.com: no workload role.
    expect(platform.otherRoles.map((r) => [r.name, r.mechanism, r.kube2iam])).toEqual([["platform-nodes", "none", false]]);
  });

  test("Pod Identity trust: its pins on aws:SourceArn (the clusters) and aws:SourceAccount, and the association that carries the role", () => {
    const billing = role(base, "billing/role");
    expect(billing.trust).toEqual({
      irsa: [],
      podIdentity: {
        actions: ["sts:AssumeRole", "sts:TagSession"],
        sourceArn: { matches: ["ArnEquals"], values: [CLUSTER_A_ARN] },
        sourceAccount: { matches: ["StringEquals"], values: [ACCOUNT] },
        clusters: ["cluster-a"],
        conditions: [],
      },
      kube2iamNodeRoles: [],
      principals: [],
    });
    expect(billing.carriers).toEqual([
      {
        key: "platform/billing/association",
        stack: "platform",
        path: "billing/association",
        type: "aws_eks_pod_identity_association",
        logicalId: "billing_association_F75C5D4D",
        kind: "podIdentityAssociation",
        label: "billing/invoicer",
        cluster: "cluster-a",
        trusted: true,
        roleKey: "platform/billing/role",
        roleExpression: "aws_iam_role.billing_role_CCCC86C1.arn",
      },
    ]);
  });

  test("both: IRSA subjects and Pod Identity, carried by a service account and an association of the same name", () => {
    const search = role(base, "search/role");
    expect(search.trust.irsa.map((t) => `${t.cluster} ${t.subject}`)).toEqual(["cluster-a system:serviceaccount:search:indexer"]);
    expect(search.trust.podIdentity?.clusters).toEqual(["cluster-a"]);
    expect(search.carriers.map((c) => `${c.kind} ${c.label} ${c.trusted}`)).toEqual([
      "podIdentityAssociation search/indexer true",
      "serviceAccount search/indexer true",
    ]);
  });

  test("kube2iam transitional trust: the node role by name, not among the other principals", () => {
    const legacy = role(base, "legacy/role");
    expect(legacy.trust.kube2iamNodeRoles).toEqual(["platform-nodes"]);
    expect(legacy.trust.principals).toEqual([]);
  });

  test("an association its role's trust does not let in is flagged: another cluster than the pin, or no Pod Identity trust", () => {
    const head = headOf(
      withBindings(
        { ...BILLING, association: { namespace: "billing", name: "invoicer", cluster: "b" } },
        { ...ORDERS, association: { namespace: "orders", name: "api" } },
      ),
    );
    expect(role(head, "billing/role").carriers.map((c) => [c.cluster, c.trusted])).toEqual([["cluster-b", false]]);
    expect(role(head, "orders/role").carriers.map((c) => [c.kind, c.trusted])).toEqual([
      ["podIdentityAssociation", false],
      ["serviceAccount", true],
    ]);
    expect(renderMarkdown(head)).toContain(
      "Pod Identity association `billing/invoicer` in cluster `cluster-b` — **not trusted by the role's trust policy (no Pod Identity trust for this cluster): its pods will be denied**",
    );
  });

  test("the Markdown says each role's mechanism, Pod Identity pins and kube2iam node roles", () => {
    const markdown = renderMarkdown(base);
    expect(markdown).toContain("### Role `search`\n\nIRSA and Pod Identity; construct path `search/role`");
    expect(markdown).toContain(
      `**Pod Identity:** pinned to cluster \`cluster-a\` (cluster pin ArnEquals), account \`${ACCOUNT}\` (\`aws:SourceAccount\` StringEquals); allows \`sts:AssumeRole\`, \`sts:TagSession\`; **any service account** (no \`kubernetes-namespace\` or \`kubernetes-service-account\` session tag condition).`,
    );
    expect(markdown).toContain("**kube2iam (transitional):** node role `platform-nodes` may assume this role: any pod on those nodes, through kube2iam.");
    expect(markdown).toContain(
      "5 workload roles (3 IRSA, 1 Pod Identity, 1 both, 1 with kube2iam trust), carried by 4 service accounts, 2 Pod Identity associations, 0 add-ons.",
    );
  });
});

describe("changes, by type", () => {
  test("widened: a new mechanism on a role (IRSA gains Pod Identity); a pinned one is no wildcard", () => {
    expect(typed(diffWith({ ...ORDERS, podIdentity: {} }))).toEqual([
      { severity: "widened", type: "mechanismAdded", mechanism: "podIdentity", wildcard: false, target: "role orders" },
    ]);
  });

  test("widened: a removed aws:SourceArn pin (a wildcard: any cluster's association) and a removed aws:SourceAccount pin", () => {
    expect(typed(diffWith({ ...BILLING, podIdentity: { sourceArn: [], sourceAccount: false } }))).toEqual([
      {
        severity: "widened",
        type: "podIdentityPinChanged",
        condition: "aws:SourceAccount",
        before: { matches: ["StringEquals"], values: [ACCOUNT] },
        added: [],
        removed: [ACCOUNT],
        wildcard: false,
        target: "role billing",
      },
      {
        severity: "widened",
        type: "podIdentityPinChanged",
        condition: "aws:SourceArn",
        before: { matches: ["ArnEquals"], values: [CLUSTER_A_ARN] },
        added: [],
        removed: [CLUSTER_A_ARN],
        wildcard: true,
        target: "role billing",
      },
    ]);
  });

  test("widened: a pin that accepts another cluster; narrowed: a pin that accepts fewer", () => {
    const wider = diffWith({ ...BILLING, podIdentity: { sourceArn: ["a", "b"] } });
    expect(typed(wider)).toMatchObject([
      { severity: "widened", type: "podIdentityPinChanged", condition: "aws:SourceArn", added: ["aws_eks_cluster.cluster-b.arn"], removed: [] },
    ]);
    const two = headOf(withBindings({ ...BILLING, podIdentity: { sourceArn: ["a", "b"] } }));
    const narrower = diffAccess(two, base);
    expect(typed(narrower)).toMatchObject([{ severity: "narrowed", type: "podIdentityPinChanged", added: [], removed: ["aws_eks_cluster.cluster-b.arn"] }]);
  });

  test("widened: a new Pod Identity association to a role; narrowed: an association removed", () => {
    const added = diffWith({ ...SEARCH, id: "search" }, { ...BILLING, association: undefined });
    expect(typed(added)).toEqual([
      { severity: "narrowed", type: "carrierRemoved", role: "billing", wildcard: false, target: "podIdentityAssociation billing/invoicer" },
    ]);
    const more = diffWith({
      id: "jobs",
      roleName: "billing-jobs",
      podIdentity: {},
      association: { namespace: "billing", name: "jobs" },
      actions: ["s3:GetObject"],
      resources: ["arn:aws:s3:::invoices/*"],
    });
    expect(typed(more)).toMatchObject([
      { severity: "widened", type: "carrierAdded", role: "billing-jobs", trusted: true, target: "podIdentityAssociation billing/jobs" },
      { severity: "widened", type: "roleAdded", mechanism: "podIdentity", kube2iam: false, target: "role billing-jobs" },
    ]);
  });

  test("widened: an association pointed at another role, or chaining to a target role", () => {
    const diff = diffWith(
      { ...BILLING, association: { namespace: "billing", name: "invoicer", targetRole: "arn:aws:iam::999999999999:role/ledger" } },
      { ...SEARCH, association: undefined },
      {
        id: "jobs",
        roleName: "jobs",
        podIdentity: {},
        association: { namespace: "search", name: "indexer" },
        actions: ["s3:GetObject"],
        resources: ["arn:aws:s3:::x/*"],
      },
    );
    expect(typed(diff)).toMatchObject([
      {
        severity: "widened",
        type: "associationTargetChanged",
        after: "arn:aws:iam::999999999999:role/ledger",
        target: "podIdentityAssociation billing/invoicer",
      },
      // The association of search/indexer moved to the new binding: Terraform replaces it (a new construct path), and it now gives another role.
      { severity: "widened", type: "carrierRoleChanged", before: "search", after: "jobs", target: "podIdentityAssociation search/indexer" },
      { severity: "replaced", type: "carrierReplaced", reason: "moved", before: "platform/search/association", after: "platform/jobs/association" },
      { severity: "widened", type: "roleAdded", target: "role jobs" },
    ]);
  });

  test("widened: a new kube2iam node-role trust; narrowed: the mechanism removed", () => {
    expect(typed(diffWith({ ...ORDERS, kube2iam: true }))).toEqual([
      { severity: "widened", type: "kube2iamTrustAdded", nodeRole: "platform-nodes", wildcard: false, target: "role orders" },
    ]);
    expect(typed(diffWith({ ...SEARCH, irsa: undefined, serviceAccount: undefined }))).toMatchObject([
      { severity: "narrowed", type: "mechanismRemoved", mechanism: "irsa", target: "role search" },
      { severity: "narrowed", type: "subjectRemoved", subject: "system:serviceaccount:search:indexer", target: "role search" },
      { severity: "other", type: "carrierRemoved", role: "search", target: "serviceAccount search/indexer" },
    ]);
  });

  test("replaced: a renamed role, a new logical id, and a construct moved; a moved block is no replacement", () => {
    expect(typed(diffWith({ ...ORDERS, roleName: "orders-v2" }))).toMatchObject([
      { severity: "replaced", type: "roleReplaced", reason: "renamed", before: "orders", after: "orders-v2", target: "role orders-v2" },
    ]);
    expect(typed(diffWith({ ...ORDERS, logicalIds: { role: "orders_role" } }))).toMatchObject([
      {
        severity: "replaced",
        type: "roleReplaced",
        reason: "logicalIdChanged",
        before: "aws_iam_role.orders_role_0C3CFEBB",
        after: "aws_iam_role.orders_role",
      },
    ]);
    expect(typed(diffWith({ ...ORDERS, logicalIds: { role: "orders_role" }, roleMovedFrom: "aws_iam_role.orders_role_0C3CFEBB" }))).toMatchObject([
      { severity: "other", type: "roleMovedInState", before: "aws_iam_role.orders_role_0C3CFEBB", after: "aws_iam_role.orders_role" },
    ]);
    // The binding moved under another parent: new construct paths and logical ids for the role and its service account.
    expect(typed(diffWith({ ...REPORTS, parent: "team-b" }))).toMatchObject([
      {
        severity: "replaced",
        type: "roleReplaced",
        reason: "moved",
        before: "platform/team-a/reports/role",
        after: "platform/team-b/reports/role",
        target: "role reports",
      },
      {
        severity: "replaced",
        type: "carrierReplaced",
        reason: "moved",
        before: "platform/team-a/reports/service-account",
        after: "platform/team-b/reports/service-account",
      },
    ]);
  });

  test("replaced: a service account or association with another namespace, name or cluster", () => {
    const diff = diffWith(
      { ...ORDERS, irsa: { subjects: ["orders/api-v2"] }, serviceAccount: { namespace: "orders", name: "api-v2" } },
      { ...BILLING, podIdentity: { sourceArn: ["a", "b"] }, association: { namespace: "billing", name: "invoicer", cluster: "b" } },
    );
    expect(typed(diff)).toMatchObject([
      {
        severity: "replaced",
        type: "carrierReplaced",
        reason: "renamed",
        before: "cluster-a: billing/invoicer",
        after: "cluster-b: billing/invoicer",
        target: "podIdentityAssociation billing/invoicer",
      },
      { severity: "widened", type: "podIdentityPinChanged", target: "role billing" },
      { severity: "widened", type: "subjectAdded", subject: "system:serviceaccount:orders:api-v2", target: "role orders" },
      { severity: "narrowed", type: "subjectRemoved", subject: "system:serviceaccount:orders:api", target: "role orders" },
      {
        severity: "replaced",
        type: "carrierReplaced",
        reason: "renamed",
        before: "orders/api",
        after: "orders/api-v2",
        target: "serviceAccount orders/api-v2",
      },
    ]);
  });

  test("replacements are their own section at the top, next to widened access", () => {
    const head = synth(withBindings({ ...ORDERS, roleName: "orders-v2", kube2iam: true }));
    const markdown = runReview(["--out", head, "--base", join(root, "base"), "--max-bytes", "0"]).stdout;
    const sections = [...markdown.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(["Widened access", "Replaced on apply", "Stacks", "Changed roles"]);
    expect(markdown).toContain(
      "- `platform` role `orders-v2` (`orders/role`): **replaced:** now `orders-v2` (was `orders`): IAM deletes and recreates the role",
    );
  });
});

describe("Mermaid", () => {
  /** A parsed graph, failing when mermaid rejects it. */
  function parsed(graph: string): Extract<MermaidParse, { ok: true }> {
    const [result] = parseMermaid([graph]);
    if (!result.ok) throw new Error(`mermaid rejects the graph: ${result.error}\n${graph}`);
    return result;
  }

  test("a stack's graph: cluster (OIDC provider or Pod Identity) -> service account -> role -> policies, kube2iam node roles into the role", () => {
    const graph = parsed(mermaidBlocks(renderMarkdown(base))[0]);
    const text = (id: string) => graph.nodes.find((n) => n.id === id)!.text;
    const edges = graph.edges.map((e) => `${text(e.from)} -> ${text(e.to)}${e.text ? ` [${e.text}]` : ""}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        "Pod Identity<br/>cluster cluster-a -> service account<br/>billing/invoicer [association]",
        "service account<br/>billing/invoicer -> role: billing<br/>Pod Identity",
        "OIDC provider<br/>cluster cluster-a -> service account<br/>search/indexer [IRSA StringEquals]",
        "Pod Identity<br/>cluster cluster-a -> service account<br/>search/indexer [association]",
        "service account<br/>search/indexer -> role: search<br/>IRSA and Pod Identity",
        "kube2iam<br/>node role platform-nodes -> role: legacy<br/>IRSA + kube2iam trust [kube2iam]",
        "role: orders<br/>IRSA -> inline: orders-policy<br/>sqs:SendMessage",
      ]),
    );
    // One node per cluster entry and per service account, however many roles share them.
    expect(graph.nodes.filter((n) => n.text === "Pod Identity<br/>cluster cluster-a")).toHaveLength(1);
  });

  test("a changed role's graph: new trust styled widened, removed trust styled removed, wildcards as hexagons", () => {
    const head = headOf(withBindings({ ...ORDERS, irsa: { subjects: ["orders/*"], match: "StringLike" }, podIdentity: { sourceArn: [] } }));
    const markdown = renderMarkdown(head, { base, diff: diffAccess(base, head) });
    const graphs = mermaidBlocks(markdown);
    expect(graphs).toHaveLength(1);
    const graph = parsed(graphs[0]);
    const node = (text: string) => graph.nodes.find((n) => n.text.startsWith(text))!;
    expect(node("service accounts<br/>orders/*")).toMatchObject({ shape: "hexagon", classes: ["widened", "wildcard"] });
    expect(node("Pod Identity<br/>any cluster")).toMatchObject({ shape: "hexagon", classes: ["widened", "wildcard"] });
    expect(node("service account<br/>orders/api")).toMatchObject({ shape: "square", classes: ["removed"] });
    expect(node("role: orders")).toMatchObject({ shape: "round", classes: [] });
    const edge = (from: string, to: string) => graph.edges.find((e) => e.from === node(from).id && e.to === node(to).id)!;
    expect(edge("service accounts<br/>orders/*", "role: orders").style).toEqual(["stroke:#c92a2a", "stroke-width:2px", "fill:none"]);
    expect(edge("service account<br/>orders/api", "role: orders").style).toEqual(["stroke:#868e96", "stroke-dasharray:5 3", "fill:none"]);
    expect(edge("role: orders", "inline: orders-policy").style).toEqual([]);
  });

  test("a replaced role and a new policy: the role styled replaced, the policy added", () => {
    const head = headOf(withBindings({ ...LEGACY, roleName: "legacy-v2", actions: ["s3:ListBucket", "s3:GetObject"] }));
    const graph = parsed(mermaidBlocks(renderMarkdown(head, { base, diff: diffAccess(base, head) }))[0]);
    expect(graph.nodes.find((n) => n.text.startsWith("role: legacy-v2"))).toMatchObject({ classes: ["replaced"] });
    // The policy keeps its name; a widened change names it.
    expect(graph.nodes.find((n) => n.text.startsWith("inline: legacy-policy"))).toMatchObject({ classes: ["widened"] });
  });

  test("fails when a graph is not valid Mermaid: the check itself can fail", () => {
    expect(parseMermaid(['flowchart LR\n  a1[["x"] --> b1'])[0]).toMatchObject({ ok: false });
  });
});

describe("snapshots", () => {
  /** A change of each kind at once: the Markdown and the JSON of the same review. */
  const everything = () =>
    withBindings(
      { ...ORDERS, roleName: "orders-v2", podIdentity: {}, association: { namespace: "orders", name: "api" } },
      { ...BILLING, podIdentity: { sourceArn: [] } },
      { ...SEARCH, irsa: { subjects: ["search/*"], match: "StringLike" }, actions: ["es:ESHttpGet", "es:ESHttpPost"] },
      { ...LEGACY, irsa: undefined, kube2iam: false, podIdentity: {}, serviceAccount: undefined, association: { namespace: "legacy", name: "app" } },
      { ...REPORTS, parent: "team-b" },
    );

  test("the Markdown of a change matches its snapshot", () => {
    const head = headOf(everything());
    expect(renderMarkdown(head, { base, diff: diffAccess(base, head) })).toMatchSnapshot();
  });

  test("the JSON of a change matches its snapshot, and holds what the Markdown shows", () => {
    const result = runReview(["--out", synth(everything()), "--base", join(root, "base"), "--format", "json"]);
    const doc = JSON.parse(result.stdout);
    expect(doc).toEqual(JSON.parse(JSON.stringify(reviewDocument(headOf(everything()), diffAccess(base, headOf(everything()))))));
    expect({ version: doc.version, summary: doc.summary, changes: doc.changes }).toMatchSnapshot();
  });
});

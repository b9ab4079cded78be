import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformFileSync } from "@swc/core";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { buildApp, PlatformConfig } from "../main";
import { ClusterStack } from "../modules/cluster-stack";
import { EksCluster } from "../modules/eks-cluster";
import { WorkloadRole } from "../modules/workload-role";
import { ServiceAccountSubject, SubjectMatch } from "../modules/trust-policy";
import { ClusterOidcProvider, IOidcProvider } from "../modules/oidc-provider";
import type { Workload } from "../modules/workloads-stack";
import {
  AccessDiff,
  AccessReport,
  buildAccessReport,
  diffAccess,
  parseArgs,
  readCdktfOut,
  renderMarkdown,
  RoleAccess,
  runReview,
  synthOutput,
} from "../tools/review";
import { isBroadResource } from "../tools/review/diff";

// ---- fixtures: one small environment, synthesized once per variant into a temp dir ------------

const REPORTS: Workload = {
  serviceAccounts: [{ namespace: "reports", name: "s3-reader", createNamespace: true }],
  policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::review-reports/*"] }],
};
const LISTER: Workload = {
  serviceAccounts: [{ namespace: "platform-jobs", name: "cluster-lister" }],
  inlinePolicies: { "list-clusters": [{ actions: ["eks:ListClusters"], resources: ["*"] }] },
};
const ORDERS: Workload = {
  roleKey: "orders",
  serviceAccounts: [
    { namespace: "orders", name: "orders-api" },
    { namespace: "orders", name: "orders-worker" },
  ],
  policyStatements: [{ actions: ["sqs:SendMessage", "sqs:ReceiveMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:orders"] }],
};

/** What varies between base and head. */
interface Variant {
  readonly workloads: readonly Workload[];
  /** The trust of the role in the custom stack `batch-dev`. */
  readonly batchMatch: SubjectMatch;
  readonly batchSubjects: readonly ServiceAccountSubject[];
  /** OIDC providers the batch role trusts besides the app cluster's. */
  readonly batchProviders?: (scope: Construct) => IOidcProvider[];
  /** Changes the batch role's trust after the fact (escape hatches), as a hand-edited module would. */
  readonly batchTrust?: (scope: Construct, role: WorkloadRole, provider: IOidcProvider) => void;
}

const BASE: Variant = {
  workloads: [REPORTS, LISTER, ORDERS],
  batchMatch: "StringEquals",
  batchSubjects: [{ namespace: "batch", name: "runner" }],
};

/** A stack of our own: an `WorkloadRole` on the app's cluster (StringLike allowed here), and a looked-up cluster with a service account. */
class BatchStack extends TerraformStack {
  constructor(scope: Construct, id: string, provider: IOidcProvider, variant: Variant) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    new KubernetesProvider(this, "kubernetes", {});
    const batch = new WorkloadRole(this, "batch", {
      roleName: "review-batch",
      oidcProviders: [provider, ...(variant.batchProviders?.(this) ?? [])],
      serviceAccounts: variant.batchSubjects,
      subjectMatch: variant.batchMatch,
      inlinePolicies: { queue: [{ actions: ["sqs:ReceiveMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:batch"] }] },
    });
    variant.batchTrust?.(this, batch, provider);
    EksCluster.fromClusterName(this, "legacy", "legacy-prod").addServiceAccount("legacy-reader", {
      serviceAccounts: [{ namespace: "legacy", name: "reader" }],
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });
  }
}

function config(workloads: readonly Workload[]): PlatformConfig {
  return {
    environments: [
      {
        name: "dev",
        region: "eu-west-1",
        cluster: {
          clusterName: "review-dev",
          vpc: { cidr: "10.9.0.0/16", azCount: 2, natGateways: 1 },
          nodeGroups: { default: { instanceTypes: ["t3.large"], minSize: 1, maxSize: 2 } },
        },
        workloads,
      },
    ],
  };
}

let root: string;

/** Synthesizes a variant as `cdktf synth` does (manifest, stacks, cross-stack outputs) and returns its cdktf.out. */
function synth(name: string, variant: Variant): string {
  const outdir = join(root, name);
  const app = new App({ outdir, stackTraces: false });
  buildApp(app, config(variant.workloads));
  const eks = app.node.findChild("eks-dev") as ClusterStack;
  new BatchStack(app, "batch-dev", eks.cluster.oidcProvider, variant);
  app.synth();
  return outdir;
}

const dirs: Record<string, string> = {};
let base: AccessReport;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "review-test-"));
  const newServiceAccounts: Variant = {
    ...BASE,
    workloads: [
      REPORTS,
      LISTER,
      // A second service account joins the shared role: a new subject in its trust.
      { ...ORDERS, serviceAccounts: [...ORDERS.serviceAccounts, { namespace: "orders", name: "orders-admin" }] },
      // A new workload: a new role and its service account.
      { serviceAccounts: [{ namespace: "billing", name: "invoicer" }], managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"] },
    ],
  };
  const widerTrust: Variant = {
    ...BASE,
    batchMatch: "StringLike",
    batchSubjects: [...BASE.batchSubjects, { namespace: "batch", name: "job-*" }],
  };
  const widerPermissions: Variant = {
    ...BASE,
    workloads: [
      { ...REPORTS, policyStatements: [{ actions: ["s3:GetObject", "s3:PutObject"], resources: ["arn:aws:s3:::review-reports/*"] }] },
      {
        ...LISTER,
        inlinePolicies: { "list-clusters": [{ actions: ["eks:ListClusters", "eks:Describe*"], resources: ["*"] }] },
      },
      ORDERS,
    ],
  };
  const removedRole: Variant = { ...BASE, workloads: [REPORTS, ORDERS] };
  const everything: Variant = {
    ...widerTrust,
    workloads: [widerPermissions.workloads[0], ...newServiceAccounts.workloads.slice(2)],
  };
  dirs.base = synth("base", BASE);
  // The same workloads in another order: roles are matched by construct path, not position.
  dirs.same = synth("same", { ...BASE, workloads: [...BASE.workloads].reverse() });
  dirs.newServiceAccounts = synth("new-service-accounts", newServiceAccounts);
  dirs.widerTrust = synth("wider-trust", widerTrust);
  dirs.widerPermissions = synth("wider-permissions", widerPermissions);
  dirs.removedRole = synth("removed-role", removedRole);
  dirs.everything = synth("everything", everything);
  base = buildAccessReport(readCdktfOut(dirs.base));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function diffWith(head: string): AccessDiff {
  return diffAccess(base, buildAccessReport(readCdktfOut(dirs[head])));
}

/** Findings as `<kind> <stack> <target>: <text>` lines, easy to match. */
function lines(diff: AccessDiff): string[] {
  return diff.findings.map((f) => `${f.kind} ${f.stack} ${f.target}: ${f.text}`);
}

function role(report: AccessReport, stack: string, path: string): RoleAccess {
  const found = report.stacks.find((s) => s.name === stack)?.roles.find((r) => r.path === path);
  if (!found) throw new Error(`no role ${stack}/${path}`);
  return found;
}

// ---- the access report --------------------------------------------------------------------------

describe("access report", () => {
  test("lists every stack; one without IRSA roles says so", () => {
    expect(base.stacks.map((s) => s.name)).toEqual(["batch-dev", "eks-dev", "workloads-dev"]);
    const empty = synthOutput({ "vpc-only": { "//": { metadata: { stackName: "vpc-only" } }, resource: { aws_vpc: { v: { cidr_block: "10.0.0.0/16" } } } } });
    const markdown = renderMarkdown(buildAccessReport(empty));
    expect(markdown).toContain("## Stack `vpc-only`\n\nNo IRSA roles.");
    expect(markdown).not.toContain("```mermaid");
  });

  test("names the cluster and OIDC provider of the cluster stack, and the vpc-cni add-on as its role's carrier", () => {
    const eks = base.stacks.find((s) => s.name === "eks-dev")!;
    expect(eks.infrastructure.map((i) => `${i.kind} ${i.name}`)).toEqual(["cluster review-dev", "OIDC provider of cluster review-dev"]);
    const cni = role(base, "eks-dev", "eks/vpc-cni-role/role");
    expect(cni.name).toBe("review-dev-vpc-cni");
    expect(cni.trust).toEqual([
      {
        cluster: "review-dev",
        provider: "eks-dev/eks/oidc-provider/provider",
        match: "StringEquals",
        subject: "system:serviceaccount:kube-system:aws-node",
        namespace: "kube-system",
        serviceAccount: "aws-node",
        audiences: [{ match: "StringEquals", values: ["sts.amazonaws.com"] }],
      },
    ]);
    expect(cni.carriers.map((c) => `${c.kind} ${c.label}`)).toEqual(["add-on vpc-cni"]);
    expect(cni.policies).toEqual([{ kind: "managed", name: "arn:<partition>:iam::aws:policy/AmazonEKS_CNI_Policy" }]);
  });

  test("follows cross-stack references to name the cluster a workloads role trusts", () => {
    const orders = role(base, "workloads-dev", "orders/role/role");
    expect(orders.trust.map((t) => `${t.cluster} ${t.match} ${t.namespace}/${t.serviceAccount}`)).toEqual([
      "review-dev StringEquals orders/orders-api",
      "review-dev StringEquals orders/orders-worker",
    ]);
    expect(orders.trustNotes).toEqual([]);
    expect(orders.carriers.map((c) => `${c.label} ${c.trusted}`)).toEqual(["orders/orders-api true", "orders/orders-worker true"]);
    expect(orders.policies.map((p) => `${p.kind} ${p.name}`)).toEqual(["customer workloads-dev_orders-policy"]);
    const workloads = base.stacks.find((s) => s.name === "workloads-dev")!;
    expect(workloads.infrastructure).toEqual([{ kind: "cluster", name: "review-dev", detail: "defined in stack `eks-dev`, trusted by roles here" }]);
  });

  test("reads inline policies, and a looked-up cluster with its provider", () => {
    const lister = role(base, "workloads-dev", "platform-jobs_cluster-lister/role/role");
    expect(lister.policies).toEqual([
      {
        kind: "inline",
        name: "list-clusters",
        document: { statements: [{ effect: "Allow", actions: ["eks:ListClusters"], resources: ["*"], conditions: [], principals: [] }] },
      },
    ]);
    const legacy = role(base, "batch-dev", "legacy-reader/role/role");
    expect(legacy.trust.map((t) => `${t.cluster} ${t.subject}`)).toEqual(["legacy-prod system:serviceaccount:legacy:reader"]);
    const batch = base.stacks.find((s) => s.name === "batch-dev")!;
    expect(batch.infrastructure.map((i) => `${i.kind} ${i.name}: ${i.detail}`)).toEqual([
      "cluster legacy-prod: looked up with `data.aws_eks_cluster` at `legacy/cluster`",
      "OIDC provider of cluster legacy-prod: looked up with `data.aws_iam_openid_connect_provider` at `legacy/oidc-provider`",
      "cluster review-dev: defined in stack `eks-dev`, trusted by roles here",
    ]);
  });

  test("renders one Mermaid graph per stack with roles, with alphanumeric ids and quoted labels", () => {
    const markdown = renderMarkdown(base);
    const graphs = [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
    expect(graphs).toHaveLength(3);
    for (const graph of graphs) {
      const [first, ...rest] = graph.split("\n");
      expect(first).toBe("flowchart LR");
      for (const line of rest) expect(line).toMatch(/^ {2}([a-z]+\d+\["[^"]*"\]|[a-z]+\d+ --> [a-z]+\d+)$/);
    }
    expect(markdown).toContain(`sa1["service account: orders/orders-api"]\n`);
  });

  test("warns about a service account its role does not trust, and reads literal IAM JSON and role ARNs", () => {
    const trust = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "sts:AssumeRoleWithWebIdentity",
          Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.example/id/1" },
          Condition: { StringLike: { "oidc.example/id/1:sub": "system:serviceaccount:jobs:*" } },
        },
      ],
    };
    const out = synthOutput({
      apps: {
        "//": { metadata: { stackName: "apps" } },
        resource: {
          aws_iam_role: { jobs: { "//": { metadata: { path: "apps/jobs" } }, name: "jobs", assume_role_policy: JSON.stringify(trust) } },
          kubernetes_service_account_v1: {
            ok: { "//": { metadata: { path: "apps/ok" } }, metadata: { namespace: "jobs", name: "nightly", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/jobs" } } },
            bad: { "//": { metadata: { path: "apps/bad" } }, metadata: { namespace: "web", name: "frontend", annotations: { "eks.amazonaws.com/role-arn": "${aws_iam_role.jobs.arn}" } } },
            other: { "//": { metadata: { path: "apps/other" } }, metadata: { name: "x", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/elsewhere" } } },
          },
        },
      },
    });
    const report = buildAccessReport(out);
    const jobs = report.stacks[0].roles[0];
    expect(jobs.trust).toEqual([
      {
        cluster: "arn:aws:iam::123456789012:oidc-provider/oidc.example/id/1",
        provider: "arn:aws:iam::123456789012:oidc-provider/oidc.example/id/1",
        match: "StringLike",
        subject: "system:serviceaccount:jobs:*",
        namespace: "jobs",
        serviceAccount: "*",
        audiences: [],
      },
    ]);
    expect(jobs.trustNotes).toEqual([
      "audience not pinned for cluster `arn:aws:iam::123456789012:oidc-provider/oidc.example/id/1`: tokens minted for any audience are accepted",
    ]);
    expect(jobs.carriers.map((c) => `${c.label} ${c.trusted}`)).toEqual(["jobs/nightly true", "web/frontend false"]);
    expect(report.stacks[0].strayCarriers.map((c) => `${c.label} ${c.roleExpression}`)).toEqual(["default/x arn:aws:iam::1:role/elsewhere"]);
    expect(renderMarkdown(report)).toContain("service account `web/frontend` — **not trusted by this role's trust policy");
  });
});

// ---- the diff ------------------------------------------------------------------------------------

describe("diff against the base", () => {
  test("no change: nothing widened or changed, and the same bytes from another synthesis in another order", () => {
    const result = runReview(["--out", dirs.same, "--base", dirs.base, "--fail-on-widen"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Compared with the base: no change to IRSA access.");
    expect(result.stdout).toContain("## Widened access\n\nNone:");
    expect(runReview([dirs.same]).stdout).toBe(runReview([dirs.base]).stdout);
    expect(result.stdout).not.toContain(root);
  });

  test("a new service account: a new role widens access, and a new subject widens a shared role's trust", () => {
    const diff = diffWith("newServiceAccounts");
    expect(lines(diff)).toEqual([
      "added workloads-dev service account `billing/invoicer`: carries role `workloads-dev_billing_invoicer`",
      "widened workloads-dev role `workloads-dev_billing_invoicer` (`billing_invoicer/role/role`): new role, assumable by `billing/invoicer` in cluster `review-dev` (StringEquals); grants managed `arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess`",
      "added workloads-dev service account `orders/orders-admin`: carries role `workloads-dev_orders`",
      "widened workloads-dev role `workloads-dev_orders` (`orders/role/role`): trust: new subject `orders/orders-admin` in cluster `review-dev` (StringEquals)",
    ]);
    expect(diff.widened).toBe(2);
  });

  test("a wider trust: StringEquals turned StringLike, and a wildcard subject", () => {
    const diff = diffWith("widerTrust");
    expect(lines(diff)).toEqual([
      "widened batch-dev role `review-batch` (`batch/role`): **wildcard:** trust: new subject `batch/job-*` in cluster `review-dev` (StringLike)",
      "widened batch-dev role `review-batch` (`batch/role`): trust: `batch/runner` in cluster `review-dev` now matched with StringLike (was StringEquals)",
    ]);
    expect(diff.findings.map((f) => f.wildcard)).toEqual([true, false]);
  });

  test("wider permissions: a new action, and a wildcard action on `*`", () => {
    const diff = diffWith("widerPermissions");
    expect(lines(diff)).toEqual([
      "widened workloads-dev role `workloads-dev_platform-jobs_cluster-lister` (`platform-jobs_cluster-lister/role/role`): **wildcard:** permissions: new action `eks:Describe*` on `*` (inline policy `list-clusters`)",
      "widened workloads-dev role `workloads-dev_reports_s3-reader` (`reports_s3-reader/role/role`): permissions: new action `s3:PutObject` on `arn:aws:s3:::review-reports/*` (policy `workloads-dev_reports_s3-reader-policy`)",
    ]);
    const failing = runReview(["--out", dirs.widerPermissions, "--base", dirs.base, "--fail-on-widen"]);
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toMatch(/^cdktf-eks-irsa-review: access widened \(2 findings, see "Widened access"\); failing because of --fail-on-widen\n$/);
    expect(failing.stdout.indexOf("## Widened access")).toBeLessThan(failing.stdout.indexOf("## Stack"));
    expect(runReview(["--out", dirs.widerPermissions, "--base", dirs.base]).exitCode).toBe(0);
  });

  test("a removed role and its service account are changes, not widened access", () => {
    const diff = diffWith("removedRole");
    expect(lines(diff)).toEqual([
      "removed workloads-dev service account `platform-jobs/cluster-lister`: carried role `workloads-dev_platform-jobs_cluster-lister`",
      "removed workloads-dev role `workloads-dev_platform-jobs_cluster-lister` (`platform-jobs_cluster-lister/role/role`): the role is gone; it was assumable by `platform-jobs/cluster-lister` in cluster `review-dev` (StringEquals)",
    ]);
    expect(runReview(["--out", dirs.removedRole, "--base", dirs.base, "--fail-on-widen"]).exitCode).toBe(0);
  });

  test("a narrowed permission and replaced policies are changes, not widened access", () => {
    const head = base.stacks.map((s) => ({
      ...s,
      roles: s.roles.map((r) =>
        r.path === "orders/role/role"
          ? { ...r, policies: [{ kind: "inline" as const, name: "send", document: { statements: [{ effect: "Allow" as const, actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:123456789012:orders"], conditions: [], principals: [] }] } }] }
          : r,
      ),
    }));
    expect(lines(diffAccess(base, { stacks: head }))).toEqual([
      "narrowed workloads-dev role `workloads-dev_orders` (`orders/role/role`): permissions: no longer allows `sqs:ReceiveMessage` on `arn:aws:sqs:eu-west-1:123456789012:orders`",
      "changed workloads-dev role `workloads-dev_orders` (`orders/role/role`): inline policy `send` added",
      "changed workloads-dev role `workloads-dev_orders` (`orders/role/role`): policy `workloads-dev_orders-policy` removed",
    ]);
  });

  test("a trust statement without a sub condition lets any service account in: a wildcard", () => {
    const stack = (condition: object[]) =>
      synthOutput({
        apps: {
          "//": { metadata: { stackName: "apps" } },
          data: {
            aws_iam_policy_document: {
              trust: { statement: [{ actions: ["sts:AssumeRoleWithWebIdentity"], principals: [{ type: "Federated", identifiers: ["arn:aws:iam::1:oidc-provider/x"] }], condition }] },
            },
          },
          resource: { aws_iam_role: { r: { "//": { metadata: { path: "apps/r" } }, name: "r", assume_role_policy: "${data.aws_iam_policy_document.trust.json}" } } },
        },
      });
    const aud = { test: "StringEquals", variable: "x:aud", values: ["sts.amazonaws.com"] };
    const before = buildAccessReport(stack([{ test: "StringEquals", variable: "x:sub", values: ["system:serviceaccount:a:b"] }, aud]));
    const after = buildAccessReport(stack([aud]));
    expect(lines(diffAccess(before, after))).toEqual([
      "widened apps role `r` (`r`): **wildcard:** trust: any service account of cluster `arn:aws:iam::1:oidc-provider/x` may assume the role (no `sub` condition)",
      "narrowed apps role `r` (`r`): trust: no longer trusts `a/b` in cluster `arn:aws:iam::1:oidc-provider/x` (StringEquals)",
    ]);
  });


  // ---- trust beyond the subjects: audiences, providers, other principals ----------------------

  /** The batch role's trust policy replaced by a document of these statements (the provider's issuer host in `<host>:sub` / `<host>:aud`). */
  function replaceTrust(statements: (provider: IOidcProvider) => object[]): Variant["batchTrust"] {
    return (scope, batch, provider) => {
      const document = new DataAwsIamPolicyDocument(scope, "replaced-trust", { statement: statements(provider) });
      batch.role.addOverride("assume_role_policy", document.json);
    };
  }

  const webIdentity = (provider: IOidcProvider, principal: string, conditions: { test: string; variable: string; values: string[] }[]) => ({
    effect: "Allow",
    actions: ["sts:AssumeRoleWithWebIdentity"],
    principals: [{ type: "Federated", identifiers: [principal] }],
    condition: [{ test: "StringEquals", variable: `${provider.issuerHost}:sub`, values: ["system:serviceaccount:batch:runner"] }, ...conditions],
  });

  const BATCH = "batch-dev role `review-batch` (`batch/role`)";
  const REVIEW_DEV = "cluster `review-dev` (OIDC provider `eks-dev/eks/oidc-provider/provider`)";

  test("audiences: reported per trust statement; a new audience, a removed aud condition and a StringLike aud widen trust", () => {
    const batchOf = (dir: string) => role(buildAccessReport(readCdktfOut(dir)), "batch-dev", "batch/role");
    expect(role(base, "batch-dev", "batch/role").trust.map((t) => t.audiences)).toEqual([[{ match: "StringEquals", values: ["sts.amazonaws.com"] }]]);

    // An extra audience: the override appends to the aud condition's values.
    const extra = synth("aud-extra", { ...BASE, batchTrust: (_s, batch) => batch.trustPolicy.addOverride("statement.0.condition.1.values", ["vault"]) });
    expect(batchOf(extra).trust.map((t) => t.audiences)).toEqual([[{ match: "StringEquals", values: ["sts.amazonaws.com", "vault"] }]]);
    expect(runReview([extra]).stdout).toContain("| `review-dev` | `batch` | `runner` | StringEquals | `sts.amazonaws.com`, `vault` (StringEquals) |");
    const extraDiff = diffAccess(base, buildAccessReport(readCdktfOut(extra)));
    expect(lines(extraDiff)).toEqual([`widened ${BATCH}: trust: new audience \`vault\` accepted for ${REVIEW_DEV} (StringEquals)`]);
    expect(runReview(["--out", extra, "--base", dirs.base, "--fail-on-widen"]).exitCode).toBe(1);

    // The aud condition removed.
    const removed = synth("aud-removed", { ...BASE, batchTrust: replaceTrust((p) => [webIdentity(p, p.arn, [])]) });
    expect(batchOf(removed).trust.map((t) => t.audiences)).toEqual([[]]);
    expect(runReview([removed]).stdout).toContain("| `review-dev` | `batch` | `runner` | StringEquals | any (no `aud` condition) |");
    expect(lines(diffAccess(base, buildAccessReport(readCdktfOut(removed))))).toEqual([
      `widened ${BATCH}: trust: \`aud\` condition removed for ${REVIEW_DEV}: tokens minted for any audience are accepted`,
    ]);

    // The aud operator turned StringLike, with a pattern.
    const like = synth("aud-like", {
      ...BASE,
      batchTrust: replaceTrust((p) => [webIdentity(p, p.arn, [{ test: "StringLike", variable: `${p.issuerHost}:aud`, values: ["sts.*"] }])]),
    });
    expect(batchOf(like).trust.map((t) => t.audiences)).toEqual([[{ match: "StringLike", values: ["sts.*"] }]]);
    const likeDiff = diffAccess(base, buildAccessReport(readCdktfOut(like)));
    expect(lines(likeDiff)).toEqual([
      `widened ${BATCH}: **wildcard:** trust: audience for ${REVIEW_DEV} now matched with StringLike (was StringEquals)`,
      `widened ${BATCH}: **wildcard:** trust: new audience \`sts.*\` accepted for ${REVIEW_DEV} (StringLike)`,
      `narrowed ${BATCH}: trust: no longer accepts audience \`sts.amazonaws.com\` for ${REVIEW_DEV}`,
    ]);
    expect(likeDiff.widened).toBe(2);
  });

  test("a new OIDC provider for an existing role, or its trust moved to another provider, widens trust", () => {
    const other = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER";
    const added = synth("provider-added", {
      ...BASE,
      batchProviders: (scope) => [ClusterOidcProvider.fromProviderArn(scope, "other", other, "https://oidc.eks.eu-west-1.amazonaws.com/id/OTHER")],
    });
    expect(lines(diffAccess(base, buildAccessReport(readCdktfOut(added))))).toEqual([
      `widened ${BATCH}: trust widened (new cluster/provider): OIDC provider \`${other}\` is now trusted, for \`batch/runner\` (StringEquals)`,
    ]);

    // The same condition keys (the app cluster's issuer, so still labelled `review-dev`), another federated principal.
    const moved = synth("provider-moved", {
      ...BASE,
      batchTrust: replaceTrust((p) => [webIdentity(p, other, [{ test: "StringEquals", variable: `${p.issuerHost}:aud`, values: ["sts.amazonaws.com"] }])]),
    });
    const head = buildAccessReport(readCdktfOut(moved));
    expect(role(head, "batch-dev", "batch/role").trust.map((t) => `${t.cluster} ${t.provider}`)).toEqual([`review-dev ${other}`]);
    const diff = diffAccess(base, head);
    expect(lines(diff)).toEqual([
      `widened ${BATCH}: trust widened (new cluster/provider): cluster \`review-dev\` (OIDC provider \`${other}\`) is now trusted, for \`batch/runner\` (StringEquals)`,
      `narrowed ${BATCH}: trust: no longer trusts ${REVIEW_DEV}`,
    ]);
    expect(runReview(["--out", moved, "--base", dirs.base, "--fail-on-widen"]).exitCode).toBe(1);
  });

  test("a role that loses its web identity trust but trusts other principals is a trust change, not a removed role", () => {
    const servicePolicy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: ["sts:AssumeRole", "sts:TagSession"] },
      ],
    });
    const lost = synth("web-identity-lost", { ...BASE, batchTrust: (_s, batch) => batch.role.addOverride("assume_role_policy", servicePolicy) });
    const head = buildAccessReport(readCdktfOut(lost));
    const batch = head.stacks.find((s) => s.name === "batch-dev")!;
    expect(batch.roles.map((r) => r.path)).toEqual(["legacy-reader/role/role"]);
    expect(batch.otherRoles.map((r) => [r.path, r.principals])).toEqual([
      [
        "batch/role",
        [
          { type: "AWS", identifier: "arn:aws:iam::111122223333:root", actions: ["sts:AssumeRole", "sts:TagSession"], conditions: [] },
          { type: "Service", identifier: "ec2.amazonaws.com", actions: ["sts:AssumeRole"], conditions: [] },
        ],
      ],
    ]);
    const diff = diffAccess(base, head);
    expect(lines(diff)).toEqual([
      `widened ${BATCH}: trust: newly trusts AWS \`arn:aws:iam::111122223333:root\` (\`sts:AssumeRole\`, \`sts:TagSession\`)`,
      `widened ${BATCH}: trust: newly trusts Service \`ec2.amazonaws.com\` (\`sts:AssumeRole\`)`,
      `narrowed ${BATCH}: trust: no longer trusts \`batch/runner\` in cluster \`review-dev\` (StringEquals)`,
      `changed ${BATCH}: no longer an IRSA role: its trust policy has no readable \`sts:AssumeRoleWithWebIdentity\` statement; still assumable by AWS \`arn:aws:iam::111122223333:root\` (\`sts:AssumeRole\`, \`sts:TagSession\`); Service \`ec2.amazonaws.com\` (\`sts:AssumeRole\`)`,
    ]);
    const markdown = runReview(["--out", lost, "--base", dirs.base]).stdout;
    expect(markdown).toContain("### Former IRSA role `review-batch`\n\nConstruct path `batch/role`.\n\n**No longer an IRSA role:**");
    expect(markdown).toContain("**Trusted subjects**\n\nNone: no web identity statement.\n\n**Other trusted principals**");
    expect(markdown).toContain("| Service | `ec2.amazonaws.com` | `sts:AssumeRole` |  |");
    // Without a base it is no IRSA role: not in the report.
    expect(runReview([lost]).stdout).not.toContain("review-batch");
    // The role in the base, seen from the head: web identity trust regained, the other principals gone.
    expect(lines(diffAccess(head, base))).toEqual([
      `widened ${BATCH}: trust: new subject \`batch/runner\` in cluster \`review-dev\` (StringEquals)`,
      `narrowed ${BATCH}: trust: no longer trusts AWS \`arn:aws:iam::111122223333:root\` (\`sts:AssumeRole\`, \`sts:TagSession\`)`,
      `narrowed ${BATCH}: trust: no longer trusts Service \`ec2.amazonaws.com\` (\`sts:AssumeRole\`)`,
      `changed ${BATCH}: now an IRSA role: its trust policy gained a \`sts:AssumeRoleWithWebIdentity\` statement`,
    ]);
  });

  test("an IRSA role that also trusts another principal shows it, and a new one widens trust", () => {
    const alsoService = synth("also-service", {
      ...BASE,
      batchTrust: (scope, batch) => {
        const document = new DataAwsIamPolicyDocument(scope, "wider-trust", {
          sourcePolicyDocuments: [batch.trustPolicy.json],
          statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] }],
        });
        batch.role.addOverride("assume_role_policy", document.json);
      },
    });
    const head = buildAccessReport(readCdktfOut(alsoService));
    const batch = role(head, "batch-dev", "batch/role");
    expect(batch.trust.map((t) => t.subject)).toEqual(["system:serviceaccount:batch:runner"]);
    expect(batch.principals).toEqual([{ type: "AWS", identifier: "*", actions: ["sts:AssumeRole"], conditions: [] }]);
    expect(runReview([alsoService]).stdout).toContain("**Other trusted principals**\n\n| Principal | Identifier | Actions | Conditions |\n| --- | --- | --- | --- |\n| AWS | `*` | `sts:AssumeRole` |  |");
    const diff = diffAccess(base, head);
    expect(lines(diff)).toEqual([`widened ${BATCH}: **wildcard:** trust: newly trusts AWS \`*\` (\`sts:AssumeRole\`)`]);
    expect(diff.findings[0].wildcard).toBe(true);
  });

  test("a role deleted outright is still removed, and roles that never were IRSA roles are not diffed", () => {
    const eks = base.stacks.find((s) => s.name === "eks-dev")!;
    // The cluster's and nodes' service roles: read, but no IRSA roles.
    expect(eks.otherRoles.map((r) => r.principals.map((p) => `${p.type} ${p.identifier}`))).toEqual([["Service eks.amazonaws.com"], ["Service ec2.amazonaws.com"]]);
    const head: AccessReport = {
      stacks: base.stacks.map((s) => ({
        ...s,
        roles: s.roles.filter((r) => r.path !== "batch/role"),
        otherRoles: s.otherRoles.map((r) => ({ ...r, principals: [...r.principals, { type: "AWS", identifier: "*", actions: ["sts:AssumeRole"], conditions: [] }] })),
      })),
    };
    expect(lines(diffAccess(base, head))).toEqual([
      `removed ${BATCH}: the role is gone; it was assumable by \`batch/runner\` in cluster \`review-dev\` (StringEquals)`,
    ]);
  });

  test.each([
    ["*", true],
    ["arn:aws:s3:::*", true],
    ["arn:aws:s3:::team-*/*", true],
    ["arn:aws:sqs:*:*:orders", true],
    ["arn:aws:dynamodb:eu-west-1:123456789012:table/*", true],
    ["NOT arn:aws:s3:::reports", true],
    ["arn:aws:s3:::reports/*", false],
    ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders/index/*", false],
    ["arn:aws:sqs:eu-west-1:123456789012:orders", false],
  ])("resource %s counts as a wildcard: %s", (resource, broad) => {
    expect(isBroadResource(resource)).toBe(broad);
  });

  test("the full report matches its snapshot", () => {
    const result = runReview(["--out", dirs.everything, "--base", dirs.base]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatchSnapshot();
  });
});

// ---- the command line ----------------------------------------------------------------------------

describe("command line", () => {
  test("reads --out, --out=, a positional path, --base and --fail-on-widen; defaults to ./cdktf.out", () => {
    expect(parseArgs([])).toEqual({ out: "cdktf.out", base: undefined, failOnWiden: false, help: false });
    expect(parseArgs(["head.out", "--base", "base.out", "--fail-on-widen"])).toEqual({ out: "head.out", base: "base.out", failOnWiden: true, help: false });
    expect(parseArgs(["--out=head.out", "--base=base.out"])).toMatchObject({ out: "head.out", base: "base.out" });
    expect(runReview(["--help"])).toMatchObject({ exitCode: 0, stderr: "" });
  });

  /** A failure: exit 2, nothing on stdout, one line on stderr, no stack trace. */
  function expectFailure(argv: string[], message: RegExp): void {
    const result = runReview(argv);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^cdktf-eks-irsa-review: [^\n]+\n$/);
    expect(result.stderr).toMatch(message);
  }

  test("fails when the cdktf.out directory does not exist", () => {
    expectFailure(["--out", join(root, "missing")], /missing does not exist: run `npm run synth` first/);
  });

  test("fails when the directory is empty", () => {
    const empty = join(root, "empty");
    mkdirSync(empty);
    expectFailure([empty], /empty is empty: run `npm run synth` first/);
  });

  test("fails when manifest.json is not JSON", () => {
    const dir = join(root, "bad-manifest");
    mkdirSync(dir);
    writeFileSync(join(dir, "manifest.json"), "not json");
    expectFailure([dir], /manifest\.json is not valid JSON/);
  });

  test("fails when a stack file is not CDKTF JSON", () => {
    const dir = join(root, "not-cdktf");
    mkdirSync(join(dir, "stacks", "x"), { recursive: true });
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: { x: { name: "x", synthesizedStackPath: "stacks/x/cdk.tf.json" } } }));
    writeFileSync(join(dir, "stacks", "x", "cdk.tf.json"), JSON.stringify({ resource: {} }));
    expectFailure([dir], /stack x: .*cdk\.tf\.json is not CDKTF JSON \(no "\/\/" metadata block\)/);
  });

  test("fails when the base directory does not exist", () => {
    expectFailure(["--out", dirs.base, "--base", join(root, "no-base")], /--base: .*no-base does not exist/);
  });

  test("fails when an option is unknown or lacks its value", () => {
    expectFailure(["--fail-on-widening"], /unknown option --fail-on-widening: see cdktf-eks-irsa-review --help/);
    expectFailure(["--base"], /--base needs a directory/);
    expectFailure(["a.out", "b.out"], /gives a second cdktf\.out directory/);
  });

  test("the built script is executable, prints the report and exits 1 on widened access with --fail-on-widen", () => {
    const source = readFileSync(join(__dirname, "..", "tools", "review.ts"), "utf8");
    expect(source.startsWith("#!/usr/bin/env node\n")).toBe(true);
    // Compiled here (tests do not depend on a prior `npm run build`), as tsc lays it out in dist/.
    const bin = join(root, "bin");
    const compile = (from: string, to: string) => {
      const { code } = transformFileSync(from, { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } });
      writeFileSync(to, code);
    };
    mkdirSync(join(bin, "review"), { recursive: true });
    compile(join(__dirname, "..", "tools", "review.ts"), join(bin, "review.js"));
    for (const file of readdirSync(join(__dirname, "..", "tools", "review"))) {
      compile(join(__dirname, "..", "tools", "review", file), join(bin, "review", file.replace(/\.ts$/, ".js")));
    }
    const run = spawnSync(process.execPath, [join(bin, "review.js"), "--out", dirs.widerPermissions, "--base", dirs.base, "--fail-on-widen"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(runReview(["--out", dirs.widerPermissions, "--base", dirs.base]).stdout);
    expect(run.stderr).toMatch(/^cdktf-eks-irsa-review: access widened/);
    const failed = spawnSync(process.execPath, [join(bin, "review.js"), "--nope"], { encoding: "utf8" });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toBe("cdktf-eks-irsa-review: unknown option --nope: see cdktf-eks-irsa-review --help\n");
  });

  test("the review tool imports node built-ins only", () => {
    const dir = join(__dirname, "..", "tools", "review");
    const files = [join(__dirname, "..", "tools", "review.ts"), ...readdirSync(dir).map((f) => join(dir, f))];
    for (const file of files) {
      for (const m of readFileSync(file, "utf8").matchAll(/^(?:import|export)[^;]*? from "([^"]+)";/gm)) {
        expect(`${file}: ${m[1]}`).toMatch(/: (node:|\.)/);
      }
    }
  });
});

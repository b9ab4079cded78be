import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformFileSync } from "@swc/core";
import { App, TerraformStack, Testing } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "../../modules/identity/kubernetes";
import { Platform } from "../../modules/platform/platform";
import type { PlatformConfig } from "../../modules";
import { ClusterStack } from "../../modules/platform/cluster-stack";
import { EksCluster } from "../../modules/cluster/eks-cluster";
import { WorkloadRole } from "../../modules/identity/workload-role";
import type { ServiceAccountSubject, SubjectMatch } from "../../modules/iam/trust-policy";
import { ClusterOidcProvider, type IOidcProvider } from "../../modules/identity/oidc-provider";
import type { Workload } from "../../modules/platform/workloads-stack";
import { type AccessDiff, diffAccess } from "../../tools/review/diff";
import type { AccessReport, RoleAccess } from "../../tools/review/report";
import { buildAccessReport } from "../../tools/review/model";
import type { Change } from "../../tools/review/changes";
import { review } from "../../tools/review";
import { DEFAULT_MAX_BYTES, parseArgs, runReview } from "../../tools/review/cli";
import { readCdktfOut, synthOutput } from "../../tools/review/load";
import { renderMarkdown } from "../../tools/review/markdown";
import { isBroadResource } from "../../tools/review/diff-permissions";
import { mermaidBlocks, parseMermaid } from "./review-fixtures/mermaid";

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
  new Platform(app, { config: config(variant.workloads) });
  const eks = app.node.findChild("eks-dev") as ClusterStack;
  new BatchStack(app, "batch-dev", eks.cluster.oidcProvider!, variant);
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

/** The changes without their targets' paths: severity, type, target stack and name, and the change's own fields. */
function typed(diff: AccessDiff): object[] {
  return diff.changes.map(({ target, ...rest }: Change) => ({ ...rest, target: `${target.stack} ${target.kind} ${target.name}` }));
}

/** The changes in one line each: `<severity> <type> <stack> <target name>`. */
function brief(diff: AccessDiff): string[] {
  return diff.changes.map((c) => `${c.severity} ${c.type} ${c.target.stack} ${c.target.name}`);
}

function role(report: AccessReport, stack: string, path: string): RoleAccess {
  const found = report.stacks.find((s) => s.name === stack)?.roles.find((r) => r.path === path);
  if (!found) throw new Error(`no role ${stack}/${path}`);
  return found;
}

// ---- the access report --------------------------------------------------------------------------

describe("access report", () => {
  test("lists every stack; one without workload roles says so", () => {
    expect(base.stacks.map((s) => s.name)).toEqual(["batch-dev", "eks-dev", "workloads-dev"]);
    const empty = synthOutput({ "vpc-only": { "//": { metadata: { stackName: "vpc-only" } }, resource: { aws_vpc: { v: { cidr_block: "10.0.0.0/16" } } } } });
    const report = buildAccessReport(empty);
    expect(report.stacks).toEqual([{ name: "vpc-only", infrastructure: [], roles: [], otherRoles: [], strayCarriers: [], moved: {} }]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("## Stack `vpc-only`\n\nNo workload roles.");
    expect(mermaidBlocks(markdown)).toEqual([]);
  });

  test("names the cluster and OIDC provider of the cluster stack, and the vpc-cni add-on as its role's carrier", () => {
    const eks = base.stacks.find((s) => s.name === "eks-dev")!;
    expect(eks.infrastructure).toEqual([
      { kind: "cluster", name: "review-dev", source: "resource", path: "eks/cluster" },
      { kind: "oidcProvider", name: "review-dev", ofCluster: true, source: "resource", path: "eks/oidc-provider/provider" },
    ]);
    const cni = role(base, "eks-dev", "eks/vpc-cni-role/role");
    expect(cni).toMatchObject({ name: "review-dev-vpc-cni", mechanism: "irsa", kube2iam: false });
    expect(cni.trust).toEqual({
      irsa: [
        {
          cluster: "review-dev",
          provider: "eks-dev/eks/oidc-provider/provider",
          match: "StringEquals",
          subject: "system:serviceaccount:kube-system:aws-node",
          namespace: "kube-system",
          serviceAccount: "aws-node",
          audiences: [{ match: "StringEquals", values: ["sts.amazonaws.com"] }],
          wildcard: false,
        },
      ],
      kube2iamNodeRoles: [],
      principals: [],
    });
    expect(cni.carriers.map((c) => `${c.kind} ${c.label}`)).toEqual(["addOn vpc-cni"]);
    expect(cni.policies).toEqual([{ kind: "managed", name: "arn:<partition>:iam::aws:policy/AmazonEKS_CNI_Policy" }]);
  });

  test("names the add-ons of the catalogue as their roles' carriers, bound through the add-on's IRSA role ARN or its Pod Identity association", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "review-addons-")) });
    try {
      const stack = new ClusterStack(app, "eks-addons", {
        region: "eu-west-1",
        cluster: {
          clusterName: "addons",
          subnetIds: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
          addons: { ebsCsiDriver: {}, efsCsiDriver: { mechanism: "podIdentity" }, externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1"] } },
        },
      });
      const report = buildAccessReport(synthOutput({ "eks-addons": JSON.parse(Testing.synth(stack)) }));
      const roleNamed = (name: string) => report.stacks[0].roles.find((r) => r.name === name)!;
      const carriers = (name: string) => roleNamed(name).carriers.map((c) => `${c.kind} ${c.label}`);
      expect(carriers("addons-ebs-csi-driver")).toEqual(["addOn aws-ebs-csi-driver"]);
      expect(carriers("addons-efs-csi-driver")).toEqual(["addOn aws-efs-csi-driver (Pod Identity, efs-csi-controller-sa)"]);
      // A Helm chart's role: nothing carries it, the stack's outputs hand it out.
      expect(carriers("addons-external-dns")).toEqual([]);
      expect(roleNamed("addons-external-dns").outputs).toEqual(["addon_external_dns_helm_values", "addon_external_dns_role_arn"]);
      expect(renderMarkdown(report)).toContain("the stack's outputs `addon_external_dns_helm_values`, `addon_external_dns_role_arn` hand it out");
      expect(roleNamed("addons-vpc-cni").outputs).toBeUndefined();
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  test("shows Fargate pod execution roles with the profiles that use them, EKS add-ons' roles by name, and Pod Identity associations Fargate leaves without credentials", () => {
    // One app per stack: cluster names are unique in an app (their roles are named after them).
    const apps: App[] = [];
    try {
      const stackOf = (id: string, fargate: boolean) => {
        const app = new App({ outdir: mkdtempSync(join(tmpdir(), "review-compute-")) });
        apps.push(app);
        const stack = new ClusterStack(app, id, {
          region: "eu-west-1",
          cluster: {
            clusterName: "compute",
            subnetIds: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
            ...(fargate ? { fargateProfiles: { batch: { selectors: [{ namespace: "batch" }, { namespace: "jobs", labels: { tier: "nightly" } }] } } } : {}),
            eksAddons: {
              "external-dns": {
                role: {
                  serviceAccount: { namespace: "external-dns", name: "external-dns" },
                  addonPolicies: { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/Z1"] } },
                },
              },
            },
          },
        });
        // A Pod Identity binding written by hand, which the library refuses in a namespace Fargate takes whole.
        const legacy = new WorkloadRole(stack, "legacy", {
          roleName: `${id}-legacy`,
          cluster: stack.cluster,
          mechanism: "podIdentity",
          serviceAccounts: [{ namespace: "batch", name: "worker" }],
          managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess"],
        });
        new EksPodIdentityAssociation(stack, "legacy-association", {
          clusterName: stack.cluster.clusterName,
          namespace: "batch",
          serviceAccount: "worker",
          roleArn: legacy.arn,
        });
        return buildAccessReport(synthOutput({ "eks-compute": JSON.parse(Testing.synth(stack)) }));
      };
      const before = stackOf("eks-before", false);
      const report = stackOf("eks-compute", true);
      const roles = report.stacks[0].roles;
      const fargate = roles.find((r) => r.name === "compute-fargate-pods")!;
      expect(fargate).toMatchObject({ mechanism: "none", kube2iam: false, carriers: [] });
      expect(fargate.fargateProfiles).toEqual([
        expect.objectContaining({
          name: "batch",
          cluster: "compute",
          selectors: ["batch", "jobs (tier=nightly)"],
          path: expect.stringMatching(/fargate-profile-batch/),
        }),
      ]);
      expect(fargate.trust.principals).toEqual([
        {
          type: "Service",
          identifier: "eks-fargate-pods.amazonaws.com",
          actions: ["sts:AssumeRole"],
          conditions: [expect.stringMatching(/^ArnLike aws:SourceArn /)],
        },
      ]);
      expect(fargate.policies).toEqual([{ kind: "managed", name: "arn:<partition>:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy" }]);
      // Roles of other kinds carry no Fargate field, so reports without Fargate are as before.
      expect(roles.filter((r) => r.fargateProfiles !== undefined).map((r) => r.name)).toEqual(["compute-fargate-pods"]);
      expect(roles.find((r) => r.name === "compute-external-dns")!.carriers.map((c) => `${c.kind} ${c.label}`)).toEqual(["addOn external-dns"]);
      const association = roles.find((r) => r.name === "eks-compute-legacy")!.carriers[0];
      expect(association).toMatchObject({ kind: "podIdentityAssociation", label: "batch/worker", onFargate: "batch" });
      expect(before.stacks[0].roles.find((r) => r.name === "eks-before-legacy")!.carriers[0].onFargate).toBeUndefined();

      const markdown = renderMarkdown(report);
      expect(markdown).toContain("1 Fargate pod execution");
      expect(markdown).toMatch(/### Role `compute-fargate-pods`\n\nFargate pod execution role; construct path /);
      expect(markdown).toContain(
        "- Fargate profile `batch` of cluster `compute`: Fargate pulls the images and writes the logs of the pods of `batch`, `jobs (tier=nightly)` with this role; those pods get no credentials from it, and only IRSA reaches them (EKS Pod Identity does not run on Fargate)",
      );
      expect(markdown).toContain(
        "Pod Identity association `batch/worker` in cluster `compute` — **runs on Fargate (profile `batch` takes its namespace), where EKS Pod Identity does not work: its pods get no credentials from it**",
      );
      const graphs = mermaidBlocks(markdown);
      expect(graphs.join("\n")).toContain("Fargate profile");
      expect(parseMermaid(graphs).map((r) => r.ok && r.type)).toEqual(graphs.map(() => "flowchart-v2"));
      // With a base without the profile: the new pod execution role is new access, as any role that something may now assume.
      const diff = diffAccess({ stacks: before.stacks.map((s) => ({ ...s, name: "eks-compute" })) }, report);
      expect(brief(diff)).toContain("widened roleAdded eks-compute compute-fargate-pods");
    } finally {
      for (const app of apps) rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  test("follows cross-stack references to name the cluster a workloads role trusts", () => {
    const orders = role(base, "workloads-dev", "orders/role/role");
    expect(orders.trust.irsa.map((t) => `${t.cluster} ${t.match} ${t.namespace}/${t.serviceAccount}`)).toEqual([
      "review-dev StringEquals orders/orders-api",
      "review-dev StringEquals orders/orders-worker",
    ]);
    expect(orders.trust.unreadable).toBeUndefined();
    expect(orders.carriers.map((c) => `${c.kind} ${c.label} ${c.trusted}`)).toEqual([
      "serviceAccount orders/orders-api true",
      "serviceAccount orders/orders-worker true",
    ]);
    expect(orders.policies.map((p) => `${p.kind} ${p.name}`)).toEqual(["customer workloads-dev_orders-policy"]);
    const workloads = base.stacks.find((s) => s.name === "workloads-dev")!;
    expect(workloads.infrastructure).toEqual([{ kind: "cluster", name: "review-dev", source: "otherStack", definedIn: "eks-dev" }]);
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
    expect(legacy.trust.irsa.map((t) => `${t.cluster} ${t.subject}`)).toEqual(["legacy-prod system:serviceaccount:legacy:reader"]);
    const batch = base.stacks.find((s) => s.name === "batch-dev")!;
    expect(batch.infrastructure).toEqual([
      { kind: "cluster", name: "legacy-prod", source: "dataSource", path: "legacy/cluster" },
      { kind: "oidcProvider", name: "legacy-prod", ofCluster: true, source: "dataSource", path: "legacy/oidc-provider" },
      { kind: "cluster", name: "review-dev", source: "otherStack", definedIn: "eks-dev" },
    ]);
  });

  test("renders one Mermaid graph per stack with roles, which mermaid parses", () => {
    const graphs = mermaidBlocks(renderMarkdown(base));
    expect(graphs).toHaveLength(3);
    expect(parseMermaid(graphs).map((r) => r.ok && r.type)).toEqual(graphs.map(() => "flowchart-v2"));
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
            ok: {
              "//": { metadata: { path: "apps/ok" } },
              metadata: { namespace: "jobs", name: "nightly", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/jobs" } },
            },
            bad: {
              "//": { metadata: { path: "apps/bad" } },
              metadata: { namespace: "web", name: "frontend", annotations: { "eks.amazonaws.com/role-arn": "${aws_iam_role.jobs.arn}" } },
            },
            other: {
              "//": { metadata: { path: "apps/other" } },
              metadata: { name: "x", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/elsewhere" } },
            },
          },
        },
      },
    });
    const report = buildAccessReport(out);
    const jobs = report.stacks[0].roles[0];
    expect(jobs.trust.irsa).toEqual([
      {
        cluster: "arn:aws:iam::123456789012:oidc-provider/oidc.example/id/1",
        provider: "arn:aws:iam::123456789012:oidc-provider/oidc.example/id/1",
        match: "StringLike",
        subject: "system:serviceaccount:jobs:*",
        namespace: "jobs",
        serviceAccount: "*",
        audiences: [],
        wildcard: true,
      },
    ]);
    expect(jobs.carriers.map((c) => `${c.label} ${c.trusted}`)).toEqual(["jobs/nightly true", "web/frontend false"]);
    expect(report.stacks[0].strayCarriers.map((c) => `${c.label} ${c.roleExpression}`)).toEqual(["default/x arn:aws:iam::1:role/elsewhere"]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("service account `web/frontend` — **not trusted by the role's trust policy");
    expect(markdown).toContain("| StringLike | any (no `aud` condition) |");
  });
});

// ---- the diff ------------------------------------------------------------------------------------

describe("review(), the typed entry point (cdktf-eks-irsa-review's package API)", () => {
  test("gives what the command line gives for the same options", () => {
    expect(review({ out: dirs.widerPermissions, base: dirs.base, failOnWiden: true })).toEqual(
      runReview(["--out", dirs.widerPermissions, "--base", dirs.base, "--fail-on-widen"]),
    );
    expect(review({ out: dirs.base, format: "json" })).toEqual(runReview(["--format", "json", dirs.base]));
  });

  test("fails when the output directory does not exist, with exit code 2 and one line", () => {
    const result = review({ out: join(dirs.base, "no-such-dir") });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });
});

describe("diff against the base", () => {
  test("no change: nothing widened or changed, and the same bytes from another synthesis in another order", () => {
    const result = runReview(["--out", dirs.same, "--base", dirs.base, "--fail-on-widen"]);
    expect(result.exitCode).toBe(0);
    expect(diffWith("same").changes).toEqual([]);
    expect(result.stdout).toContain("Compared with the base: no change to workload access.");
    expect(runReview([dirs.same]).stdout).toBe(runReview([dirs.base]).stdout);
    expect(runReview(["--format", "json", dirs.same]).stdout).toBe(runReview(["--format", "json", dirs.base]).stdout);
    expect(result.stdout).not.toContain(root);
  });

  test("a new service account: a new role widens access, and a new subject widens a shared role's trust", () => {
    const diff = diffWith("newServiceAccounts");
    expect(typed(diff)).toEqual([
      {
        severity: "other",
        type: "carrierAdded",
        role: "workloads-dev_billing_invoicer",
        trusted: true,
        wildcard: false,
        target: "workloads-dev serviceAccount billing/invoicer",
      },
      {
        severity: "widened",
        type: "roleAdded",
        mechanism: "irsa",
        kube2iam: false,
        wildcard: false,
        target: "workloads-dev role workloads-dev_billing_invoicer",
      },
      {
        severity: "other",
        type: "carrierAdded",
        role: "workloads-dev_orders",
        trusted: true,
        wildcard: false,
        target: "workloads-dev serviceAccount orders/orders-admin",
      },
      {
        severity: "widened",
        type: "subjectAdded",
        cluster: "review-dev",
        provider: "eks-dev/eks/oidc-provider/provider",
        match: "StringEquals",
        subject: "system:serviceaccount:orders:orders-admin",
        namespace: "orders",
        serviceAccount: "orders-admin",
        wildcard: false,
        target: "workloads-dev role workloads-dev_orders",
      },
    ]);
    expect(diff.counts).toEqual({ widened: 2, replaced: 0, narrowed: 0, other: 2 });
  });

  test("a wider trust: StringEquals turned StringLike, and a wildcard subject", () => {
    const diff = diffWith("widerTrust");
    expect(typed(diff)).toMatchObject([
      {
        severity: "widened",
        type: "subjectAdded",
        match: "StringLike",
        subject: "system:serviceaccount:batch:job-*",
        wildcard: true,
        target: "batch-dev role review-batch",
      },
      {
        severity: "widened",
        type: "subjectMatchChanged",
        match: "StringLike",
        before: "StringEquals",
        subject: "system:serviceaccount:batch:runner",
        wildcard: false,
      },
    ]);
  });

  test("wider permissions: a new action, and a wildcard action on `*`", () => {
    const diff = diffWith("widerPermissions");
    expect(typed(diff)).toEqual([
      {
        severity: "widened",
        type: "actionsAdded",
        actions: ["eks:Describe*"],
        resources: ["*"],
        policies: [{ kind: "inline", name: "list-clusters" }],
        wildcard: true,
        target: "workloads-dev role workloads-dev_platform-jobs_cluster-lister",
      },
      {
        severity: "widened",
        type: "actionsAdded",
        actions: ["s3:PutObject"],
        resources: ["arn:aws:s3:::review-reports/*"],
        policies: [{ kind: "customer", name: "workloads-dev_reports_s3-reader-policy" }],
        wildcard: false,
        target: "workloads-dev role workloads-dev_reports_s3-reader",
      },
    ]);
    const failing = runReview(["--out", dirs.widerPermissions, "--base", dirs.base, "--fail-on-widen"]);
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toMatch(/^cdktf-eks-irsa-review: access widened \(2 changes, see "Widened access"\); failing because of --fail-on-widen\n$/);
    expect(failing.stdout.indexOf("## Widened access")).toBeLessThan(failing.stdout.indexOf("## Changed roles"));
    expect(runReview(["--out", dirs.widerPermissions, "--base", dirs.base]).exitCode).toBe(0);
  });

  test("a removed role and its service account narrow access; they do not fail --fail-on-widen", () => {
    const diff = diffWith("removedRole");
    expect(brief(diff)).toEqual([
      "other carrierRemoved workloads-dev platform-jobs/cluster-lister",
      "narrowed roleRemoved workloads-dev workloads-dev_platform-jobs_cluster-lister",
    ]);
    expect(diff.changes[1]).toMatchObject({ role: { key: "workloads-dev/platform-jobs_cluster-lister/role/role" } });
    expect(runReview(["--out", dirs.removedRole, "--base", dirs.base, "--fail-on-widen"]).exitCode).toBe(0);
  });

  test("a narrowed permission and replaced policies are narrowed and other changes", () => {
    const head = base.stacks.map((s) => ({
      ...s,
      roles: s.roles.map((r) =>
        r.path === "orders/role/role"
          ? {
              ...r,
              policies: [
                {
                  kind: "inline" as const,
                  name: "send",
                  document: {
                    statements: [
                      {
                        effect: "Allow" as const,
                        actions: ["sqs:SendMessage"],
                        resources: ["arn:aws:sqs:eu-west-1:123456789012:orders"],
                        conditions: [],
                        principals: [],
                      },
                    ],
                  },
                },
              ],
            }
          : r,
      ),
    }));
    expect(typed(diffAccess(base, { stacks: head }))).toEqual([
      {
        severity: "narrowed",
        type: "allowRemoved",
        actions: ["sqs:ReceiveMessage"],
        resources: ["arn:aws:sqs:eu-west-1:123456789012:orders"],
        wildcard: false,
        target: "workloads-dev role workloads-dev_orders",
      },
      { severity: "other", type: "policyAdded", policy: { kind: "inline", name: "send" }, wildcard: false, target: "workloads-dev role workloads-dev_orders" },
      {
        severity: "other",
        type: "policyRemoved",
        policy: { kind: "customer", name: "workloads-dev_orders-policy" },
        wildcard: false,
        target: "workloads-dev role workloads-dev_orders",
      },
    ]);
  });

  test("a trust statement without a sub condition lets any service account in: a wildcard", () => {
    const stack = (condition: object[]) =>
      synthOutput({
        apps: {
          "//": { metadata: { stackName: "apps" } },
          data: {
            aws_iam_policy_document: {
              trust: {
                statement: [
                  {
                    actions: ["sts:AssumeRoleWithWebIdentity"],
                    principals: [{ type: "Federated", identifiers: ["arn:aws:iam::1:oidc-provider/x"] }],
                    condition,
                  },
                ],
              },
            },
          },
          resource: {
            aws_iam_role: { r: { "//": { metadata: { path: "apps/r" } }, name: "r", assume_role_policy: "${data.aws_iam_policy_document.trust.json}" } },
          },
        },
      });
    const aud = { test: "StringEquals", variable: "x:aud", values: ["sts.amazonaws.com"] };
    const before = buildAccessReport(stack([{ test: "StringEquals", variable: "x:sub", values: ["system:serviceaccount:a:b"] }, aud]));
    const after = buildAccessReport(stack([aud]));
    expect(typed(diffAccess(before, after))).toMatchObject([
      { severity: "widened", type: "subjectAdded", match: "any", subject: "*", wildcard: true },
      { severity: "narrowed", type: "subjectRemoved", match: "StringEquals", subject: "system:serviceaccount:a:b", wildcard: false },
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

  const REVIEW_DEV = { provider: "eks-dev/eks/oidc-provider/provider", cluster: "review-dev" };

  test("audiences: reported per trust statement; a new audience, a removed aud condition and a StringLike aud widen trust", () => {
    const batchOf = (dir: string) => role(buildAccessReport(readCdktfOut(dir)), "batch-dev", "batch/role");
    expect(role(base, "batch-dev", "batch/role").trust.irsa.map((t) => t.audiences)).toEqual([[{ match: "StringEquals", values: ["sts.amazonaws.com"] }]]);

    // An extra audience next to STS's.
    const extra = synth("aud-extra", {
      ...BASE,
      batchTrust: replaceTrust((p) => [
        webIdentity(p, p.arn, [{ test: "StringEquals", variable: `${p.issuerHost}:aud`, values: ["sts.amazonaws.com", "vault"] }]),
      ]),
    });
    expect(batchOf(extra).trust.irsa.map((t) => t.audiences)).toEqual([[{ match: "StringEquals", values: ["sts.amazonaws.com", "vault"] }]]);
    expect(runReview([extra]).stdout).toContain("| `review-dev` | `batch` | `runner` | StringEquals | `sts.amazonaws.com`, `vault` (StringEquals) |");
    expect(typed(diffAccess(base, buildAccessReport(readCdktfOut(extra))))).toEqual([
      {
        severity: "widened",
        type: "audiencesAdded",
        ...REVIEW_DEV,
        values: ["vault"],
        matches: ["StringEquals"],
        wildcard: false,
        target: "batch-dev role review-batch",
      },
    ]);
    expect(runReview(["--out", extra, "--base", dirs.base, "--fail-on-widen"]).exitCode).toBe(1);

    // The aud condition removed.
    const removed = synth("aud-removed", { ...BASE, batchTrust: replaceTrust((p) => [webIdentity(p, p.arn, [])]) });
    expect(batchOf(removed).trust.irsa.map((t) => t.audiences)).toEqual([[]]);
    expect(typed(diffAccess(base, buildAccessReport(readCdktfOut(removed))))).toEqual([
      { severity: "widened", type: "audienceUnpinned", ...REVIEW_DEV, newProvider: false, wildcard: false, target: "batch-dev role review-batch" },
    ]);

    // The aud operator turned StringLike, with a pattern.
    const like = synth("aud-like", {
      ...BASE,
      batchTrust: replaceTrust((p) => [webIdentity(p, p.arn, [{ test: "StringLike", variable: `${p.issuerHost}:aud`, values: ["sts.*"] }])]),
    });
    expect(batchOf(like).trust.irsa.map((t) => t.audiences)).toEqual([[{ match: "StringLike", values: ["sts.*"] }]]);
    const likeDiff = diffAccess(base, buildAccessReport(readCdktfOut(like)));
    expect(typed(likeDiff)).toMatchObject([
      { severity: "widened", type: "audienceMatchChanged", before: ["StringEquals"], after: ["StringLike"], wildcard: true },
      { severity: "widened", type: "audiencesAdded", values: ["sts.*"], wildcard: true },
      { severity: "narrowed", type: "audiencesRemoved", values: ["sts.amazonaws.com"], wildcard: false },
    ]);
    expect(likeDiff.counts.widened).toBe(2);
  });

  test("a new OIDC provider for an existing role, or its trust moved to another provider, widens trust", () => {
    const other = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/OTHER";
    const added = synth("provider-added", {
      ...BASE,
      batchProviders: (scope) => [ClusterOidcProvider.fromProviderArn(scope, "other", other, "https://oidc.eks.eu-west-1.amazonaws.com/id/OTHER")],
    });
    expect(typed(diffAccess(base, buildAccessReport(readCdktfOut(added))))).toMatchObject([
      {
        severity: "widened",
        type: "providerAdded",
        provider: other,
        cluster: other,
        subjects: [{ subject: "system:serviceaccount:batch:runner", match: "StringEquals" }],
      },
    ]);

    // The same condition keys (the app cluster's issuer, so still labelled `review-dev`), another federated principal.
    const moved = synth("provider-moved", {
      ...BASE,
      batchTrust: replaceTrust((p) => [webIdentity(p, other, [{ test: "StringEquals", variable: `${p.issuerHost}:aud`, values: ["sts.amazonaws.com"] }])]),
    });
    const head = buildAccessReport(readCdktfOut(moved));
    expect(role(head, "batch-dev", "batch/role").trust.irsa.map((t) => `${t.cluster} ${t.provider}`)).toEqual([`review-dev ${other}`]);
    const diff = diffAccess(base, head);
    expect(typed(diff)).toMatchObject([
      { severity: "widened", type: "providerAdded", provider: other, cluster: "review-dev" },
      { severity: "narrowed", type: "providerRemoved", ...REVIEW_DEV },
    ]);
    expect(runReview(["--out", moved, "--base", dirs.base, "--fail-on-widen"]).exitCode).toBe(1);
  });

  test("a role that loses its workload trust but trusts other principals is a trust change, not a removed role", () => {
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
    const principals = [
      { type: "AWS", identifier: "arn:aws:iam::111122223333:root", actions: ["sts:AssumeRole", "sts:TagSession"], conditions: [] },
      { type: "Service", identifier: "ec2.amazonaws.com", actions: ["sts:AssumeRole"], conditions: [] },
    ];
    expect(batch.otherRoles.map((r) => [r.path, r.mechanism, r.trust.principals])).toEqual([["batch/role", "none", principals]]);
    const diff = diffAccess(base, head);
    expect(brief(diff)).toEqual([
      "widened principalAdded batch-dev review-batch",
      "widened principalAdded batch-dev review-batch",
      "narrowed mechanismRemoved batch-dev review-batch",
      "narrowed subjectRemoved batch-dev review-batch",
      "other workloadTrustLost batch-dev review-batch",
    ]);
    expect(diff.changes.at(-1)).toMatchObject({ type: "workloadTrustLost", principals });
    const markdown = runReview(["--out", lost, "--base", dirs.base, "--max-bytes", "0"]).stdout;
    expect(markdown).toContain("### `batch-dev` role `review-batch`\n\n**No longer a workload role.** no IRSA or Pod Identity; construct path `batch/role`");
    expect(markdown).toContain("**No workload trust:** no IRSA, Pod Identity or kube2iam statement, so no pod can assume it.\n\n**Other trusted principals**");
    expect(markdown).toContain("| Service | `ec2.amazonaws.com` | `sts:AssumeRole` |  |");
    // Without a base it is no workload role: not in the report.
    expect(runReview([lost]).stdout).not.toContain("review-batch");
    // The role in the base, seen from the head: workload trust regained, the other principals gone.
    expect(brief(diffAccess(head, base))).toEqual([
      "widened mechanismAdded batch-dev review-batch",
      "widened subjectAdded batch-dev review-batch",
      "narrowed principalRemoved batch-dev review-batch",
      "narrowed principalRemoved batch-dev review-batch",
      "other workloadTrustGained batch-dev review-batch",
    ]);
  });

  test("a workload role that also trusts another principal shows it, and a new one widens trust", () => {
    const alsoService = synth("also-service", {
      ...BASE,
      batchTrust: (scope, batch) => {
        const document = new DataAwsIamPolicyDocument(scope, "wider-trust", {
          sourcePolicyDocuments: [batch.trustPolicy],
          statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] }],
        });
        batch.role.addOverride("assume_role_policy", document.json);
      },
    });
    const head = buildAccessReport(readCdktfOut(alsoService));
    const batch = role(head, "batch-dev", "batch/role");
    expect(batch.trust.irsa.map((t) => t.subject)).toEqual(["system:serviceaccount:batch:runner"]);
    expect(batch.trust.principals).toEqual([{ type: "AWS", identifier: "*", actions: ["sts:AssumeRole"], conditions: [] }]);
    expect(runReview([alsoService]).stdout).toContain(
      "**Other trusted principals**\n\n| Principal | Identifier | Actions | Conditions |\n| --- | --- | --- | --- |\n| AWS | `*` | `sts:AssumeRole` |  |",
    );
    expect(typed(diffAccess(base, head))).toEqual([
      {
        severity: "widened",
        type: "principalAdded",
        principal: { type: "AWS", identifier: "*", actions: ["sts:AssumeRole"], conditions: [] },
        wildcard: true,
        target: "batch-dev role review-batch",
      },
    ]);
  });

  test("a role deleted outright is still removed, and roles that never were workload roles are not diffed", () => {
    const eks = base.stacks.find((s) => s.name === "eks-dev")!;
    // The cluster's and nodes' service roles: read, but no workload roles.
    expect(eks.otherRoles.map((r) => r.trust.principals.map((p) => `${p.type} ${p.identifier}`))).toEqual([
      ["Service eks.amazonaws.com"],
      ["Service ec2.amazonaws.com"],
    ]);
    const head: AccessReport = {
      stacks: base.stacks.map((s) => ({
        ...s,
        roles: s.roles.filter((r) => r.path !== "batch/role"),
        otherRoles: s.otherRoles.map((r) => ({
          ...r,
          trust: { ...r.trust, principals: [...r.trust.principals, { type: "AWS", identifier: "*", actions: ["sts:AssumeRole"], conditions: [] }] },
        })),
      })),
    };
    expect(brief(diffAccess(base, head))).toEqual(["narrowed roleRemoved batch-dev review-batch"]);
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

  test("with a base, the Markdown details only the changed roles, with a graph of what changed that mermaid parses", () => {
    const markdown = runReview(["--out", dirs.everything, "--base", dirs.base]).stdout;
    const headings = [...markdown.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
    expect(headings).toEqual([
      "`batch-dev` role `review-batch`",
      "`workloads-dev` role `workloads-dev_billing_invoicer`",
      "`workloads-dev` role `workloads-dev_orders`",
      "`workloads-dev` role `workloads-dev_reports_s3-reader`",
    ]);
    expect(markdown).toContain("| `workloads-dev` | 3 | 3 | 0 | 1 | 3 |");
    const graphs = mermaidBlocks(markdown);
    expect(graphs).toHaveLength(4);
    expect(parseMermaid(graphs).every((r) => r.ok)).toBe(true);
  });
});

// ---- the command line ----------------------------------------------------------------------------

describe("command line", () => {
  test("reads --out, --out=, a positional path, --base, --fail-on-widen, --format, --max-bytes and --full-report; defaults to ./cdktf.out", () => {
    const defaults = {
      out: "cdktf.out",
      base: undefined,
      failOnWiden: false,
      format: "markdown",
      maxBytes: DEFAULT_MAX_BYTES,
      fullReport: undefined,
      fullReportUrl: undefined,
      help: false,
    };
    expect(parseArgs([])).toEqual(defaults);
    expect(parseArgs(["head.out", "--base", "base.out", "--fail-on-widen"])).toEqual({ ...defaults, out: "head.out", base: "base.out", failOnWiden: true });
    expect(parseArgs(["--out=head.out", "--base=base.out", "--max-bytes=0", "--full-report", "r.md", "--full-report-url", "https://x/y"])).toMatchObject({
      out: "head.out",
      base: "base.out",
      maxBytes: 0,
      fullReport: "r.md",
      fullReportUrl: "https://x/y",
    });
    expect(parseArgs(["--format", "json"])).toMatchObject({ format: "json" });
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

  test("fails when an option is unknown, lacks its value or has a bad one", () => {
    expectFailure(["--fail-on-widening"], /unknown option --fail-on-widening: see cdktf-eks-irsa-review --help/);
    expectFailure(["--base"], /--base needs a directory/);
    expectFailure(["a.out", "b.out"], /gives a second cdktf\.out directory/);
    expectFailure(["--format", "html"], /--format "html" is unknown: use markdown or json/);
    expectFailure(["--max-bytes", "100"], /--max-bytes "100" is invalid: use 0 \(no limit\) or a whole number of at least 2000/);
    expectFailure(["--max-bytes", "1e5"], /--max-bytes "1e5" is invalid/);
    expectFailure(["--format", "json", "--max-bytes", "5000"], /--max-bytes applies to the Markdown: the JSON is never cut/);
    expectFailure(["--base", "a", "--base", "b"], /--base is given twice/);
  });

  test("fails when the full report cannot be written", () => {
    expectFailure(["--full-report", join(root, "no-such-dir", "r.md"), dirs.base], /--full-report .*r\.md cannot be written \(ENOENT\)/);
  });

  test("the built script is executable, prints the report and exits 1 on widened access with --fail-on-widen", () => {
    const source = readFileSync(join(__dirname, "..", "..", "tools", "review.ts"), "utf8");
    expect(source.startsWith("#!/usr/bin/env node\n")).toBe(true);
    // Compiled here (tests do not depend on a prior `npm run build`), as tsc lays it out in dist/.
    const bin = join(root, "bin");
    const compile = (from: string, to: string) => {
      const { code } = transformFileSync(from, { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } });
      writeFileSync(to, code);
    };
    mkdirSync(join(bin, "review"), { recursive: true });
    compile(join(__dirname, "..", "..", "tools", "review.ts"), join(bin, "review.js"));
    for (const file of readdirSync(join(__dirname, "..", "..", "tools", "review"))) {
      compile(join(__dirname, "..", "..", "tools", "review", file), join(bin, "review", file.replace(/\.ts$/, ".js")));
    }
    // The one module of the library the review uses (it loads nothing else), where tsc puts it: dist/modules/core.
    mkdirSync(join(root, "modules", "core"), { recursive: true });
    compile(join(__dirname, "..", "..", "modules", "core", "hcl-template.ts"), join(root, "modules", "core", "hcl-template.js"));
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
});

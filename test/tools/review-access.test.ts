import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TlsProvider } from "../../modules/identity/tls";
import type { AccessEntry } from "../../modules/cluster/access-entries";
import { AwsProviderVersion } from "../../modules/core/aws-provider-version";
import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import type { Change } from "../../tools/review/changes";
import { diffAccess } from "../../tools/review/diff";
import { reviewDocument } from "../../tools/review/document";
import { readCdktfOut } from "../../tools/review/load";
import { renderMarkdown } from "../../tools/review/markdown";
import { buildAccessReport } from "../../tools/review/model";
import type { AccessReport } from "../../tools/review/report";
import type { PolicyStatement } from "../../modules/iam/policy-statement";
import { WorkloadIdentity } from "../../modules/identity/workload-identity";
import { fakeCluster } from "../support/helpers";

// The access entries of one cluster made by this project's EksCluster: what the review reads of
// who can do what in a cluster, and how it reports a change of it.
const DEV = "arn:aws:iam::123456789012:role/orders-dev";
const AUDITOR = "arn:aws:iam::123456789012:user/auditor";
const ADMIN = "arn:aws:iam::123456789012:role/platform-admin";
const BASE_ENTRIES: AccessEntry[] = [
  { principalArn: DEV, policies: [{ policy: "AmazonEKSEditPolicy", scope: "namespace", namespaces: ["orders"] }] },
  { principalArn: AUDITOR, kubernetesGroups: ["auditors"], policies: [{ policy: "AmazonEKSViewPolicy", scope: "cluster" }] },
];

// Made when the file loads: the describe blocks below synthesize while Jest collects them.
const root = mkdtempSync(join(tmpdir(), "review-access-"));
let count = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

function reportOf(props: Partial<EksClusterProps>, extra?: (stack: TerraformStack) => void): AccessReport {
  const outdir = join(root, `out-${++count}`);
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, "eks-prod");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  new TlsProvider(stack, "tls", {});
  new EksCluster(stack, "eks", { clusterName: "prod", subnetIds: ["subnet-0123abcd", "subnet-4567abcd"], ...props });
  extra?.(stack);
  app.synth();
  return buildAccessReport(readCdktfOut(outdir));
}

const base = () => reportOf({ accessEntries: BASE_ENTRIES, adminPrincipalArns: [ADMIN] });

/** The changes without their paths: the target as `<kind> <name>`. */
function typed(changes: readonly Change[]): object[] {
  return changes.map(({ target, ...rest }) => ({ ...rest, target: `${target.kind} ${target.name}` }));
}

describe("access entries in the review", () => {
  test("are read like roles: principal, cluster, type, each policy with its scope, groups, user name; the creator's entry and when it exists", () => {
    const entries = base().stacks[0].accessEntries!;
    expect(entries.map((e) => [e.principal, e.cluster, e.type, e.policies.map((p) => [p.policy, p.scope, p.namespaces]), e.kubernetesGroups])).toEqual([
      [DEV, "prod", "STANDARD", [["AmazonEKSEditPolicy", "namespace", ["orders"]]], []],
      [AUDITOR, "prod", "STANDARD", [["AmazonEKSViewPolicy", "cluster", []]], ["auditors"]],
      [ADMIN, "prod", "STANDARD", [["AmazonEKSClusterAdminPolicy", "cluster", []]], []],
      ["the cluster creator (whoever runs Terraform)", "prod", "STANDARD", [["AmazonEKSClusterAdminPolicy", "cluster", []]], []],
    ]);
    const creator = entries.find((e) => e.creator)!;
    expect(creator.conditional).toBe("the cluster was created without EKS's bootstrap admin");
  });

  test("a policy associated with a principal whose entry is made elsewhere still shows, flagged", () => {
    const report = reportOf({ clusterCreatorAccess: "none" }, (stack) => {
      new EksAccessPolicyAssociation(stack, "ci-view", {
        clusterName: "prod",
        principalArn: "arn:aws:iam::123456789012:role/ci",
        policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
        accessScope: { type: "cluster" },
      });
    });
    expect(report.stacks[0].accessEntries).toMatchObject([
      { principal: "arn:aws:iam::123456789012:role/ci", madeElsewhere: true, policies: [{ policy: "AmazonEKSViewPolicy" }] },
    ]);
  });

  test("the report (no base) lists them per stack, with a count in the summary and the stack table", () => {
    const report = base();
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("4 access entries (who can do what in the clusters).");
    expect(markdown).toContain("| Stack | Roles | IRSA | Pod Identity | Both | kube2iam | Service accounts | Associations | Add-ons | Access entries |");
    expect(markdown).toContain("**Access entries** (who can do what in the cluster)");
    expect(markdown).toContain(`| \`${DEV}\` | \`prod\` | STANDARD | \`AmazonEKSEditPolicy\` in namespace \`orders\` |  |`);
    expect(markdown).toContain(`| \`${AUDITOR}\` | \`prod\` | STANDARD | \`AmazonEKSViewPolicy\` on the whole cluster; Kubernetes group \`auditors\` |  |`);
    expect(reviewDocument(report).summary.stacks[0].accessEntries).toBe(4);
  });

  describe("changes", () => {
    const before = base();
    const after = reportOf({
      adminPrincipalArns: [],
      accessEntries: [
        {
          principalArn: DEV,
          userName: "orders-dev:{{SessionName}}",
          policies: [
            { policy: "AmazonEKSEditPolicy", scope: "namespace", namespaces: ["orders", "orders-*"] },
            { policy: "AmazonEKSViewPolicy", scope: "cluster" },
          ],
        },
        { principalArn: AUDITOR, policies: [{ policy: "AmazonEKSViewPolicy", scope: "namespace", namespaces: ["orders"] }] },
        // adminPrincipalArns' short form moved to accessEntries: a new construct, the same principal.
        { principalArn: ADMIN, policies: [{ policy: "AmazonEKSClusterAdminPolicy", scope: "cluster" }] },
        { principalArn: "arn:aws:iam::123456789012:role/sre", kubernetesGroups: ["sre"] },
      ],
    });
    const diff = diffAccess(before, after);

    test("who gains cluster or namespace access is widened, who loses it narrowed, a moved entry replaced", () => {
      expect(typed(diff.changes)).toEqual([
        {
          severity: "widened",
          type: "accessPolicyAdded",
          policy: "AmazonEKSViewPolicy",
          scope: "cluster",
          namespaces: [],
          wildcard: false,
          target: `accessEntry ${DEV}`,
        },
        {
          severity: "widened",
          type: "accessScopeChanged",
          policy: "AmazonEKSEditPolicy",
          before: { scope: "namespace", namespaces: ["orders"] },
          after: { scope: "namespace", namespaces: ["orders", "orders-*"] },
          added: ["orders-*"],
          removed: [],
          wildcard: true,
          target: `accessEntry ${DEV}`,
        },
        { severity: "other", type: "accessUserNameChanged", after: "orders-dev:{{SessionName}}", wildcard: false, target: `accessEntry ${DEV}` },
        {
          severity: "replaced",
          type: "accessEntryReplaced",
          reason: "moved",
          before: "eks-prod/eks/admin-123456789012-role-platform-admin",
          after: "eks-prod/eks/access-entry-123456789012-role-platform-admin",
          wildcard: false,
          target: `accessEntry ${ADMIN}`,
        },
        {
          severity: "widened",
          type: "accessEntryAdded",
          cluster: "prod",
          entryType: "STANDARD",
          grants: [],
          kubernetesGroups: ["sre"],
          wildcard: false,
          target: "accessEntry arn:aws:iam::123456789012:role/sre",
        },
        { severity: "narrowed", type: "accessGroupsChanged", added: [], removed: ["auditors"], wildcard: false, target: `accessEntry ${AUDITOR}` },
        {
          severity: "narrowed",
          type: "accessScopeChanged",
          policy: "AmazonEKSViewPolicy",
          before: { scope: "cluster", namespaces: [] },
          after: { scope: "namespace", namespaces: ["orders"] },
          added: [],
          removed: ["*"],
          wildcard: false,
          target: `accessEntry ${AUDITOR}`,
        },
      ]);
      expect(diff.counts).toEqual({ widened: 3, replaced: 1, narrowed: 2, other: 1 });
    });

    test("the Markdown puts widened access on top, the new namespace pattern first, then the replacement", () => {
      const markdown = renderMarkdown(after, { base: before, diff });
      const widened = markdown.slice(markdown.indexOf("## Widened access"), markdown.indexOf("## Replaced on apply"));
      expect(widened.split("\n").filter((l) => l.startsWith("- "))).toEqual([
        `- \`eks-prod\` access entry of \`${DEV}\`: **wildcard:** access: \`AmazonEKSEditPolicy\` now in namespaces \`orders\`, \`orders-*\` (was in namespace \`orders\`)`,
        `- \`eks-prod\` access entry of \`${DEV}\`: access: now \`AmazonEKSViewPolicy\` on the whole cluster`,
        "- `eks-prod` access entry of `arn:aws:iam::123456789012:role/sre`: new access entry (STANDARD) in cluster `prod`: Kubernetes group `sre`",
      ]);
      expect(markdown).toContain(
        `- \`eks-prod\` access entry of \`${ADMIN}\`: **replaced:** construct moved from \`eks-prod/eks/admin-123456789012-role-platform-admin\``,
      );
      expect(markdown).toMatchSnapshot();
    });

    test("a new entry lists what it grants; a removed one what it had; a type change replaces it", () => {
      const none = reportOf({ clusterCreatorAccess: "none" });
      const withNode = reportOf({ clusterCreatorAccess: "none", accessEntries: [{ principalArn: "arn:aws:iam::123456789012:role/nodes", type: "EC2_LINUX" }] });
      const asHybrid = reportOf({
        clusterCreatorAccess: "none",
        accessEntries: [{ principalArn: "arn:aws:iam::123456789012:role/nodes", type: "HYBRID_LINUX" }],
      });
      expect(typed(diffAccess(none, withNode).changes)).toMatchObject([{ severity: "widened", type: "accessEntryAdded", entryType: "EC2_LINUX", grants: [] }]);
      expect(typed(diffAccess(withNode, none).changes)).toMatchObject([{ severity: "narrowed", type: "accessEntryRemoved", cluster: "prod" }]);
      expect(typed(diffAccess(withNode, asHybrid).changes)).toMatchObject([
        { severity: "replaced", type: "accessEntryReplaced", reason: "typeChanged", before: "EC2_LINUX", after: "HYBRID_LINUX" },
      ]);
      expect(renderMarkdown(none, { base: withNode, diff: diffAccess(withNode, none) })).toContain(
        "access entry removed from cluster `prod`: it had no access policy or group (the API's discovery only)",
      );
    });
  });

  describe("session policies of Pod Identity associations", () => {
    const BUCKET = "arn:aws:s3:::pay-reports";
    const withSessionPolicy = (sessionPolicy?: PolicyStatement[]) => {
      const outdir = join(root, `out-${++count}`);
      const app = new App({ outdir, stackTraces: false });
      const stack = new TerraformStack(app, "workloads-prod");
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      // Session policies need a newer hashicorp/aws than the bindings' (docs/access.md).
      AwsProviderVersion.use(stack, ">= 6.57.1");
      new WorkloadIdentity(stack, "pay", {
        cluster: fakeCluster(),
        mechanism: "podIdentity",
        createServiceAccounts: false,
        policyStatements: [{ actions: ["s3:GetObject", "s3:PutObject"], resources: [`${BUCKET}/*`] }],
        serviceAccounts: [{ namespace: "pay", name: "reader", sessionPolicy }],
      });
      app.synth();
      return buildAccessReport(readCdktfOut(outdir));
    };
    const none = withSessionPolicy();
    const reads = withSessionPolicy([{ actions: ["s3:GetObject"], resources: [`${BUCKET}/reader/*`] }]);
    const writes = withSessionPolicy([{ actions: ["s3:GetObject", "s3:PutObject"], resources: [`${BUCKET}/reader/*`] }]);
    const sessionChanges = (base: AccessReport, head: AccessReport) =>
      typed(diffAccess(base, head).changes).filter((c) => (c as { type: string }).type === "associationSessionPolicyChanged");

    test("are read with the association, and shown on it", () => {
      const association = reads.stacks[0].roles[0].carriers[0];
      expect(association.sessionPolicy?.statements.map((st) => [st.actions, st.resources])).toEqual([[["s3:GetObject"], [`${BUCKET}/reader/*`]]]);
      expect(renderMarkdown(reads)).toContain("Pod Identity association `pay/reader` in cluster `c` (session tags disabled, scoped by a session policy)");
    });

    test("adding one narrows; removing one widens; one that allows more widens, naming what", () => {
      expect(sessionChanges(none, reads)).toMatchObject([{ severity: "narrowed", change: "added" }]);
      expect(sessionChanges(reads, none)).toMatchObject([{ severity: "widened", change: "removed", target: "podIdentityAssociation pay/reader" }]);
      expect(sessionChanges(reads, writes)).toMatchObject([{ severity: "widened", change: "changed", added: [`s3:PutObject on ${BUCKET}/reader/*`] }]);
      expect(sessionChanges(writes, reads)).toMatchObject([{ severity: "narrowed", change: "changed", added: [] }]);
    });
  });
});

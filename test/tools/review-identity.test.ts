import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { ClusterStack } from "../../modules/platform/cluster-stack";
import { type Workload, WorkloadsStack } from "../../modules/platform/workloads-stack";
import { diffAccess } from "../../tools/review/diff";
import { readCdktfOut } from "../../tools/review/load";
import { renderMarkdown } from "../../tools/review/markdown";
import { buildAccessReport } from "../../tools/review/model";

/**
 * The review on stacks made by the real binding construct (the other review tests build their
 * fixtures from raw provider constructs): mechanisms, pins and the widenings of a migration.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function synthesize(workloads: readonly Workload[]): string {
  const outdir = mkdtempSync(join(tmpdir(), "review-identity-"));
  dirs.push(outdir);
  const app = new App({ outdir, stackTraces: false });
  const localStateDir = `${outdir}-state`;
  const eks = new ClusterStack(app, "eks-dev", {
    region: "eu-west-1",
    cluster: { clusterName: "demo", subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] },
    localStateDir,
  });
  new WorkloadsStack(app, "workloads-dev", { region: "eu-west-1", cluster: eks.cluster, workloads, localStateDir });
  app.synth();
  return outdir;
}

const api = { namespace: "pay", name: "api" };
const statements = [{ actions: ["dynamodb:GetItem"], resources: ["arn:aws:dynamodb:eu-west-1:123456789012:table/pay"] }];
const nodes = "arn:aws:iam::123456789012:role/legacy-nodes";

describe("the review of bindings made by WorkloadIdentity", () => {
  const irsa = synthesize([{ serviceAccounts: [api], policyStatements: statements }]);
  const both = synthesize([{ serviceAccounts: [api], policyStatements: statements, mechanism: "both", kube2iamNodeRoleArns: [nodes] }]);
  const pod = synthesize([{ serviceAccounts: [api], policyStatements: statements, mechanism: "podIdentity" }]);
  const role = (dir: string) => buildAccessReport(readCdktfOut(dir)).stacks.find((s) => s.name === "workloads-dev")!.roles[0];

  test("reads each mechanism, the cluster pin (the eks-cluster-arn session tag) and the kube2iam trust", () => {
    expect(role(irsa).mechanism).toBe("irsa");
    expect(role(both)).toMatchObject({ mechanism: "both", kube2iam: true });
    const podRole = role(pod);
    expect(podRole.mechanism).toBe("podIdentity");
    expect(podRole.trust.podIdentity?.sourceArn).toBeDefined();
    expect(podRole.trust.podIdentity?.sourceAccount).toBeDefined();
    expect(podRole.trust.podIdentity?.clusters).toEqual(["demo"]);
  });

  test("irsa -> both with kube2iam trust is widened: a new mechanism, a new association and a new node-role trust; nothing is replaced", () => {
    const diff = diffAccess(buildAccessReport(readCdktfOut(irsa)), buildAccessReport(readCdktfOut(both)));
    const widened = diff.changes
      .filter((c) => c.severity === "widened")
      .map((c) => c.type)
      .sort();
    expect(widened).toEqual(expect.arrayContaining(["carrierAdded", "kube2iamTrustAdded", "mechanismAdded"]));
    expect(diff.changes.filter((c) => c.severity === "replaced")).toEqual([]);
  });

  test("both -> podIdentity narrows: the IRSA trust and the kube2iam trust go, nothing is widened or replaced", () => {
    const diff = diffAccess(buildAccessReport(readCdktfOut(both)), buildAccessReport(readCdktfOut(pod)));
    expect(diff.changes.filter((c) => c.severity === "widened" || c.severity === "replaced")).toEqual([]);
    expect(diff.changes.filter((c) => c.severity === "narrowed").map((c) => c.type)).toEqual(
      expect.arrayContaining(["mechanismRemoved", "kube2iamTrustRemoved"]),
    );
  });

  test("reads which service accounts exact Pod Identity statements admit, and the old cross-product trust's as wider (issue 20)", () => {
    const accounts = [
      { namespace: "a", name: "x" },
      { namespace: "b", name: "y" },
    ];
    const exact = synthesize([{ roleKey: "shared", serviceAccounts: accounts, policyStatements: statements, mechanism: "podIdentity" }]);
    expect(role(exact).trust.podIdentity?.serviceAccounts).toEqual(["a/x", "b/y"]);
    // The trust as it was before: one statement, namespaces and names matched independently.
    const old = synthesize([{ roleKey: "shared", serviceAccounts: accounts, policyStatements: statements, mechanism: "podIdentity" }]);
    const file = join(old, "stacks", "workloads-dev", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    const [[, body]] = Object.entries<any>(json.resource.aws_iam_role);
    // (The policy is a Terraform template: edited as text.) The second statement admits b/y, which the first now does too.
    expect(body.assume_role_policy).toContain('"Sid":"PodIdentity2"');
    body.assume_role_policy = body.assume_role_policy
      .replace('"aws:RequestTag/kubernetes-namespace":"a"', '"aws:RequestTag/kubernetes-namespace":["a","b"]')
      .replace('"aws:RequestTag/kubernetes-service-account":"x"', '"aws:RequestTag/kubernetes-service-account":["x","y"]');
    writeFileSync(file, JSON.stringify(json));
    expect(role(old).trust.podIdentity?.serviceAccounts).toEqual(["a/x", "a/y", "b/x", "b/y"]);
    const diff = diffAccess(buildAccessReport(readCdktfOut(old)), buildAccessReport(readCdktfOut(exact)));
    expect(diff.changes.map((c) => [c.severity, c.type])).toEqual([["narrowed", "podIdentityServiceAccounts"]]);
    expect(diff.changes[0]).toMatchObject({ added: [], removed: ["a/y", "b/x"] });
    const back = diffAccess(buildAccessReport(readCdktfOut(exact)), buildAccessReport(readCdktfOut(old)));
    expect(back.changes.map((c) => [c.severity, c.type])).toEqual([["widened", "podIdentityServiceAccounts"]]);
  });

  test("lists a preset's wildcards wider than upstream, which the binding acknowledged, as widened (issue 20)", () => {
    const dir = synthesize([
      {
        serviceAccounts: [api],
        addonPolicies: { externalDns: { hostedZoneArns: ["arn:aws:route53:::hostedzone/*"], acknowledgeWideningWildcards: true } },
      },
    ]);
    const report = buildAccessReport(readCdktfOut(dir));
    const policy = report.stacks.find((s) => s.name === "workloads-dev")!.roles[0].policies.find((p) => p.kind === "customer")!;
    expect(policy.widerThanUpstream).toBe("externalDns: hostedZoneArns");
    expect(renderMarkdown(report)).toContain(
      "**Widened beyond upstream (acknowledged):** policy `workloads-dev_pay_api-externalDns` takes wildcards wider than the add-on's upstream policy in `externalDns: hostedZoneArns` (`acknowledgeWideningWildcards`).",
    );
  });
});

import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PodIdentityTargetRole, type PodIdentityTargetRoleProps } from "../../modules/identity/target-role";
import { EksCluster } from "../../modules/cluster/eks-cluster";
import { WorkloadsStack } from "../../modules/platform/workloads-stack";
import type { App } from "cdktf";
import { ofType, single, statementsOf, synthJson, testStack } from "../support/helpers";

const ORDERS = "arn:aws:iam::123456789012:role/workloads-prod_orders";
const BATCH = "arn:aws:iam::123456789012:role/workloads-prod_batch";

function synthTarget(props: Partial<PodIdentityTargetRoleProps> = {}) {
  const { stack } = testStack("data-account");
  const target = new PodIdentityTargetRole(stack, "orders-data", {
    roleName: "orders-data",
    sources: [{ roleArn: ORDERS, externalIds: ["a-1234567890abcdef0"] }],
    policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::orders-data/*"] }],
    ...props,
  });
  return { target, synth: synthJson(stack) };
}

/** A cluster made elsewhere, known by its attributes (no data source), in a stack of its own. */
function existingCluster(app: App) {
  const host = new TerraformStack(app, "cluster-ref");
  return EksCluster.fromClusterAttributes(host, "prod", {
    clusterName: "prod",
    arn: "arn:aws:eks:eu-west-1:123456789012:cluster/prod",
    endpoint: "https://example.eks.amazonaws.com",
    certificateAuthorityData: "ca",
    oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
  });
}

describe("PodIdentityTargetRole: the target account's side of role chaining", () => {
  test("trusts each source role only with its associations' external IDs (aws:PrincipalARN, sts:ExternalId), and lets them tag the session", () => {
    const { synth } = synthTarget({
      sources: [
        { roleArn: ORDERS, externalIds: ["a-1234567890abcdef0", "a-0fedcba0987654321"] },
        { roleArn: BATCH, externalIds: ["a-1111111111111111a"] },
      ],
    });
    const [, role] = single(synth, "aws_iam_role");
    expect(statementsOf(role.assume_role_policy)).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }],
        condition: [
          { test: "ArnEquals", variable: "aws:PrincipalARN", values: [ORDERS] },
          { test: "StringEquals", variable: "sts:ExternalId", values: ["a-1234567890abcdef0", "a-0fedcba0987654321"] },
        ],
      },
      {
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }],
        condition: [
          { test: "ArnEquals", variable: "aws:PrincipalARN", values: [BATCH] },
          { test: "StringEquals", variable: "sts:ExternalId", values: ["a-1111111111111111a"] },
        ],
      },
      {
        sid: "PodIdentityChainSessionTags",
        effect: "Allow",
        actions: ["sts:TagSession"],
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }],
        condition: [{ test: "ArnEquals", variable: "aws:PrincipalARN", values: [ORDERS, BATCH] }],
      },
    ]);
    expect(role.assume_role_policy).toMatchSnapshot();
  });

  test("takes the external IDs from the workloads stack's output (references only known at apply time)", () => {
    const app = Testing.app();
    const workloads = new WorkloadsStack(app, "workloads-prod", {
      region: "eu-west-1",
      cluster: existingCluster(app),
      workloads: [
        {
          roleKey: "orders",
          mechanism: "podIdentity",
          createServiceAccounts: false,
          serviceAccounts: [
            { namespace: "orders", name: "api" },
            { namespace: "orders", name: "worker" },
          ],
          podIdentity: { targetRoleArn: "arn:aws:iam::210987654321:role/orders-data" },
        },
        { serviceAccounts: [{ namespace: "reports", name: "reader" }], mechanism: "podIdentity", createServiceAccounts: false },
      ],
    });
    const output = JSON.parse(Testing.synth(workloads)).output.pod_identity_external_ids;
    const ids = Object.fromEntries(ofType(JSON.parse(Testing.synth(workloads)), "aws_eks_pod_identity_association").map(([id, a]) => [a.service_account, id]));
    expect(output.value).toEqual({
      "orders/api": `\${aws_eks_pod_identity_association.${ids.api}.external_id}`,
      "orders/worker": `\${aws_eks_pod_identity_association.${ids.worker}.external_id}`,
    });
    expect(output.description).toMatch(/^External IDs of the Pod Identity associations that chain to a target role/);

    const data = new TerraformStack(app, "data-account");
    new AwsProvider(data, "aws", { region: "eu-west-1" });
    const binding = workloads.bindings.orders;
    new PodIdentityTargetRole(data, "orders-data", {
      roleName: "orders-data",
      sources: [{ roleArn: binding.role.arn, externalIds: Object.values(binding.externalIds) }],
      managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"],
    });
    const [, role] = single(JSON.parse(Testing.synth(data)), "aws_iam_role");
    const [assume] = statementsOf(role.assume_role_policy);
    expect(assume.condition[1].variable).toBe("sts:ExternalId");
    expect(assume.condition[1].values).toHaveLength(2);
    expect(assume.condition[1].values[0]).toMatch(/external_id/);
  });

  test("a stack without target roles outputs no external IDs", () => {
    const app = Testing.app();
    const workloads = new WorkloadsStack(app, "workloads-prod", {
      region: "eu-west-1",
      cluster: existingCluster(app),
      workloads: [{ serviceAccounts: [{ namespace: "reports", name: "reader" }], mechanism: "podIdentity", createServiceAccounts: false }],
    });
    expect(JSON.parse(Testing.synth(workloads)).output).toBeUndefined();
  });

  test("its permissions are a workload role's, checked the same way", () => {
    const { synth, target } = synthTarget();
    expect(target.policy).toBeDefined();
    const [, policy] = single(synth, "aws_iam_policy");
    expect(statementsOf(policy.policy)).toEqual([{ effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::orders-data/*"] }]);
    expect(() => synthTarget({ policyStatements: [{ actions: ["s3:GetObjekt"], resources: ["*"] }] })).toThrow(
      /^policyStatements\[0\].actions\[0\] "s3:GetObjekt" is invalid/,
    );
  });

  test("fails when it has no source, a source without external IDs or twice, a source that is not a role, or a trust over the quota", () => {
    expect(() => synthTarget({ sources: [] })).toThrow(
      "sources [] is invalid: give the binding roles that chain to this role, each with its associations' external IDs { roleArn, externalIds }",
    );
    expect(() => synthTarget({ sources: [{ roleArn: ORDERS, externalIds: [] }] })).toThrow(
      "sources[0].externalIds [] is invalid: give the external IDs of the role's associations (the pod_identity_external_ids output): without one, any association of the role could chain here",
    );
    expect(() => synthTarget({ sources: [{ roleArn: "arn:aws:iam::123456789012:user/alice", externalIds: ["x"] }] })).toThrow(
      /^sources\[0\].roleArn "arn:aws:iam::123456789012:user\/alice" is invalid: expected an IAM role ARN/,
    );
    expect(() =>
      synthTarget({
        sources: [
          { roleArn: ORDERS, externalIds: ["x"] },
          { roleArn: ORDERS, externalIds: ["y"] },
        ],
      }),
    ).toThrow(`sources[1] "${ORDERS}" is invalid: it repeats entry [0]: list each value once`);
    const many = Array.from({ length: 20 }, (_, i) => ({ roleArn: `arn:aws:iam::123456789012:role/workload-number-${i}`, externalIds: [`a-${i}`] }));
    expect(() => synthTarget({ sources: many })).toThrow(/^sources \(20 roles\) make a trust policy of about \d+ characters, over the 2048 allowed/);
  });
});

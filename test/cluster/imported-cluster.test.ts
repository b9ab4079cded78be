import { EksCluster } from "../../modules/cluster/eks-cluster";
import { ofType, single, synthJson, testStack, trustOf } from "../support/helpers";

describe("EksCluster.fromClusterName", () => {
  test("reads the cluster and its OIDC provider with data sources, and works with addServiceAccount", () => {
    const { stack } = testStack();
    const cluster = EksCluster.fromClusterName(stack, "existing", "shared-prod");
    cluster.addServiceAccount("reader", { serviceAccounts: [{ namespace: "apps", name: "reader" }] });
    const synth = synthJson(stack);
    const [clusterId, data] = single(synth, "aws_eks_cluster", "data");
    expect(data.name).toBe("shared-prod");
    const [providerId, provider] = single(synth, "aws_iam_openid_connect_provider", "data");
    expect(provider.url).toBe(`\${data.aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer}`);
    expect(ofType(synth, "aws_iam_openid_connect_provider")).toHaveLength(0);
    const trust = { statement: trustOf(synth) };
    expect(trust.statement[0].principals[0].identifiers).toEqual([`\${data.aws_iam_openid_connect_provider.${providerId}.arn}`]);
    expect(trust.statement[0].condition[0].variable).toBe(`\${replace(data.aws_eks_cluster.${clusterId}.identity[0].oidc[0].issuer, "https://", "")}:sub`);
  });

  test("gives the workload roles bound to it its role defaults (a boundary), under their own settings", () => {
    const { stack } = testStack();
    const boundary = "arn:aws:iam::123456789012:policy/workloads-boundary";
    const cluster = EksCluster.fromClusterName(stack, "existing", "shared-prod", { roleDefaults: { permissionsBoundary: boundary, path: "/apps/" } });
    cluster.addServiceAccount("reader", { serviceAccounts: [{ namespace: "apps", name: "reader" }], createServiceAccounts: false });
    const [, role] = single(synthJson(stack), "aws_iam_role");
    expect([role.permissions_boundary, role.path]).toEqual([boundary, "/apps/"]);
    expect(() => EksCluster.fromClusterName(stack, "other", "shared-prod", { roleDefaults: { path: "apps" } })).toThrow(/^roleDefaults.path "apps" is invalid/);
  });

  test("fails when the name is not an EKS cluster name", () => {
    const { stack } = testStack();
    expect(() => EksCluster.fromClusterName(stack, "x", "bad name")).toThrow(/clusterName "bad name" is invalid/);
  });
});

describe("EksCluster.fromClusterAttributes", () => {
  const attributes = {
    clusterName: "shared-prod",
    arn: "arn:aws:eks:eu-west-1:123456789012:cluster/shared-prod",
    endpoint: "https://example.eks.amazonaws.com",
    certificateAuthorityData: "ca",
    oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
  };

  test("reads nothing: the attributes are used as given", () => {
    const { stack } = testStack();
    const cluster = EksCluster.fromClusterAttributes(stack, "existing", attributes);
    expect(cluster.arn).toBe(attributes.arn);
    expect(ofType(synthJson(stack), "aws_eks_cluster", "data")).toEqual([]);
  });

  test("gives the workload roles bound to it the role defaults given with the attributes", () => {
    const { stack } = testStack();
    const boundary = "arn:aws:iam::123456789012:policy/workloads-boundary";
    const cluster = EksCluster.fromClusterAttributes(stack, "existing", { ...attributes, roleDefaults: { permissionsBoundary: boundary } });
    cluster.addServiceAccount("writer", { serviceAccounts: [{ namespace: "apps", name: "writer" }], createServiceAccounts: false, mechanism: "podIdentity" });
    expect(single(synthJson(stack), "aws_iam_role")[1].permissions_boundary).toBe(boundary);
  });

  test("fails when the ARN is not an EKS cluster ARN, with the shared ARN rule's message", () => {
    const { stack } = testStack();
    expect(() => EksCluster.fromClusterAttributes(stack, "x", { ...attributes, arn: "arn:aws:eks:eu-west-1:123456789012:nodegroup/x" })).toThrow(
      /^attributes\.arn "arn:aws:eks:eu-west-1:123456789012:nodegroup\/x" is invalid: expected an EKS cluster ARN/,
    );
  });
});

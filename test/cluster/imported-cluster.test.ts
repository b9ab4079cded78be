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

  test("fails when the ARN is not an EKS cluster ARN, with the shared ARN rule's message", () => {
    const { stack } = testStack();
    expect(() => EksCluster.fromClusterAttributes(stack, "x", { ...attributes, arn: "arn:aws:eks:eu-west-1:123456789012:nodegroup/x" })).toThrow(
      /^attributes\.arn "arn:aws:eks:eu-west-1:123456789012:nodegroup\/x" is invalid: expected an EKS cluster ARN/,
    );
  });
});

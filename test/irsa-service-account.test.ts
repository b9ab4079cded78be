import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { IEksClusterRef } from "../modules/cluster-ref";
import { ClusterOidcProvider } from "../modules/oidc-provider";
import { EksCluster } from "../modules/eks-cluster";
import { IrsaServiceAccount } from "../modules/irsa-service-account";
import { ofType, synthJson, testStack } from "./helpers";

describe("addServiceAccount / IrsaServiceAccount", () => {
  test("creates a role trusting exactly namespace/name and a service account annotated with that role", () => {
    // GIVEN
    const { stack } = testStack();
    const cluster = new EksCluster(stack, "eks", { clusterName: "demo", subnetIds: ["subnet-a", "subnet-b"] });
    // WHEN
    const made = cluster.addServiceAccount("reader", {
      namespace: "apps",
      name: "reader",
      policyStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }],
    });
    // THEN
    expect(made.role.subjects).toEqual(["system:serviceaccount:apps:reader"]);
    const synth = synthJson(stack);
    const [roleId] = ofType(synth, "aws_iam_role").find(([, r]) => r.name === "test_apps_reader")!;
    const [, sa] = ofType(synth, "kubernetes_service_account_v1")[0];
    expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).toBe(`\${aws_iam_role.${roleId}.arn}`);
    const [, trust] = ofType(synth, "aws_iam_policy_document", "data").find(([id]) => id.startsWith("eks_reader_role_trust"))!;
    expect(trust.statement[0].condition[0].values).toEqual(["system:serviceaccount:apps:reader"]);
  });

  test("can also be trusted by further clusters' providers", () => {
    const { stack } = testStack();
    const cluster = new EksCluster(stack, "eks", { clusterName: "blue", subnetIds: ["subnet-a", "subnet-b"] });
    const host = "oidc.eks.us-east-1.amazonaws.com/id/AB";
    const made = cluster.addServiceAccount("reader", {
      namespace: "apps",
      name: "reader",
      extraOidcProviders: [{ arn: `arn:aws:iam::123456789012:oidc-provider/${host}`, issuerUrl: `https://${host}`, issuerHost: host }],
    });
    expect(made.role.trustPolicy.statementInput).toHaveLength(2);
  });

  test("works for a cluster this app does not create, given its OIDC provider and a kubernetes provider", () => {
    const { stack } = testStack();
    const issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
    const other = new KubernetesProvider(stack, "other-cluster", { alias: "other", configPath: "~/.kube/config" });
    const cluster: IEksClusterRef = {
      clusterName: "made-elsewhere",
      endpoint: "https://example.eks.amazonaws.com",
      certificateAuthorityData: "",
      oidcIssuerUrl: issuer,
      oidcProvider: ClusterOidcProvider.fromProviderArn(stack, "oidc", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF", issuer),
    };
    new IrsaServiceAccount(stack, "reader", { cluster, namespace: "apps", name: "reader", provider: other });
    const synth = synthJson(stack);
    const [, sa] = ofType(synth, "kubernetes_service_account_v1")[0];
    expect(sa.provider).toBe("kubernetes.other");
    const [, trust] = ofType(synth, "aws_iam_policy_document", "data")[0];
    expect(trust.statement[0].condition[0].variable).toBe("oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub");
  });

  test("fails when the cluster has no OIDC provider, and says how to give it one", () => {
    const { stack } = testStack();
    const bare: IEksClusterRef = { clusterName: "c", endpoint: "https://x", certificateAuthorityData: "", oidcIssuerUrl: "https://x" };
    expect(() => new IrsaServiceAccount(stack, "sa", { cluster: bare, namespace: "apps", name: "x" })).toThrow(
      /cluster has no OIDC provider: IRSA needs the cluster's IAM OIDC identity provider. Create one with new ClusterOidcProvider/,
    );
  });

  test("fails when asked for StringLike, since a service account has one exact name", () => {
    const { stack } = testStack();
    const cluster = new EksCluster(stack, "eks", { clusterName: "demo", subnetIds: ["subnet-a", "subnet-b"] });
    expect(() => cluster.addServiceAccount("x", { namespace: "apps", name: "x", subjectMatch: "StringLike" })).toThrow(
      /subjectMatch "StringLike" is not allowed here/,
    );
  });
});

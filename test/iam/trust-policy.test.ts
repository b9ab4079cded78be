import { accountOfArn, estimated, irsaStatement, kube2iamStatement, podIdentityStatements, subjectOf, trustPolicyJson } from "../../modules/iam/trust-policy";

const HOST = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const PROVIDER = { arn: `arn:aws:iam::123456789012:oidc-provider/${HOST}`, issuerHost: HOST };
const CLUSTER_ARN = "arn:aws:eks:eu-west-1:123456789012:cluster/demo";

describe("trust-policy templates", () => {
  test("IRSA trusts the OIDC provider for web identity, with sub and a pinned aud", () => {
    const s = irsaStatement(PROVIDER, [subjectOf({ namespace: "apps", name: "reader" })], "StringEquals");
    expect(s).toEqual({
      effect: "Allow",
      actions: ["sts:AssumeRoleWithWebIdentity"],
      principals: [{ type: "Federated", identifiers: [PROVIDER.arn] }],
      condition: [
        { test: "StringEquals", variable: `${HOST}:sub`, values: ["system:serviceaccount:apps:reader"] },
        { test: "StringEquals", variable: `${HOST}:aud`, values: ["sts.amazonaws.com"] },
      ],
    });
  });

  test("Pod Identity trusts pods.eks.amazonaws.com for AssumeRole and TagSession, pinned to the account, the cluster and the service accounts", () => {
    const [s, ...more] = podIdentityStatements({
      accounts: ["123456789012"],
      clusterArns: [CLUSTER_ARN],
      serviceAccounts: [
        { namespace: "pay", name: "api" },
        { namespace: "pay", name: "worker" },
      ],
      sessionTags: true,
    });
    expect(more).toEqual([]);
    expect(s.sid).toBe("PodIdentity");
    expect(s.principals).toEqual([{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }]);
    expect(s.actions).toEqual(["sts:AssumeRole", "sts:TagSession"]);
    expect(s.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] },
      { test: "StringEquals", variable: "aws:RequestTag/eks-cluster-arn", values: [CLUSTER_ARN] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-namespace", values: ["pay"] },
      { test: "StringEquals", variable: "aws:RequestTag/kubernetes-service-account", values: ["api", "worker"] },
    ]);
  });

  test("Pod Identity trusts each namespace with its own names only: a/x and b/y admit neither a/y nor b/x", () => {
    const statements = podIdentityStatements({
      accounts: ["123456789012"],
      clusterArns: [CLUSTER_ARN],
      serviceAccounts: [
        { namespace: "a", name: "x" },
        { namespace: "a", name: "z" },
        { namespace: "b", name: "y" },
      ],
      sessionTags: true,
    });
    expect(statements.map((s) => s.sid)).toEqual(["PodIdentity", "PodIdentity2"]);
    const admitted = (namespace: string, name: string) =>
      statements.some((s) =>
        s.condition!.every(
          (c) =>
            (c.variable !== "aws:RequestTag/kubernetes-namespace" || c.values.includes(namespace)) &&
            (c.variable !== "aws:RequestTag/kubernetes-service-account" || c.values.includes(name)),
        ),
      );
    expect([admitted("a", "x"), admitted("a", "z"), admitted("b", "y")]).toEqual([true, true, true]);
    expect([admitted("a", "y"), admitted("b", "x"), admitted("b", "z")]).toEqual([false, false, false]);
  });

  test("Pod Identity without session tags keeps only the account pin (request tags would never match)", () => {
    const statements = podIdentityStatements({
      accounts: ["123456789012"],
      clusterArns: [CLUSTER_ARN],
      serviceAccounts: [
        { namespace: "a", name: "b" },
        { namespace: "c", name: "d" },
      ],
      sessionTags: false,
    });
    expect(statements).toHaveLength(1);
    expect(statements[0].condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }]);
  });

  test("kube2iam trusts the node roles for AssumeRole only, under its own Sid", () => {
    const s = kube2iamStatement(["arn:aws:iam::123456789012:role/nodes"]);
    expect(s).toEqual({
      sid: "Kube2iamMigration",
      effect: "Allow",
      actions: ["sts:AssumeRole"],
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:role/nodes"] }],
    });
  });

  test("renders the policy as IAM stores and counts it, with real EKS lengths for values only known at apply time", () => {
    const known = JSON.parse(trustPolicyJson([irsaStatement(PROVIDER, ["system:serviceaccount:apps:reader"], "StringEquals")]));
    expect(known.Statement[0].Condition.StringEquals[`${HOST}:aud`]).toBe("sts.amazonaws.com");
    expect(known.Statement[0].Principal.Federated).toBe(PROVIDER.arn);
    const unknown = trustPolicyJson([
      irsaStatement(
        { arn: estimated("${TfToken[TOKEN.1]}", "providerArn"), issuerHost: estimated("${TfToken[TOKEN.2]}", "issuerHost") },
        ["s"],
        "StringEquals",
      ),
    ]);
    expect(unknown).toContain("oidc.eks.ap-southeast-4.amazonaws.com/id/");
    expect(estimated("literal", "account")).toBe("literal");
  });

  test("reads an ARN's account at synth time when the ARN is known, else in Terraform", () => {
    expect(accountOfArn(CLUSTER_ARN)).toBe("123456789012");
    expect(accountOfArn("${TfToken[TOKEN.7]}")).toMatch(/TfToken/);
  });
});

import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import { addresses, ofType, statementsOf, synthJson, testStack, validationErrorOf } from "../support/helpers";

const SUBNETS = { subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] };

function makeCluster(props: Partial<EksClusterProps> = {}) {
  const { stack } = testStack();
  const cluster = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, ...props } as EksClusterProps);
  return { stack, cluster };
}

function synthCluster(props: Partial<EksClusterProps> = {}) {
  const { stack, cluster } = makeCluster(props);
  return { stack, cluster, synth: synthJson(stack) };
}

const KARPENTER = { karpenter: { selectors: [{ namespace: "karpenter" }] } };

describe("Fargate profiles", () => {
  const { synth } = synthCluster({
    fargateProfiles: {
      ...KARPENTER,
      batch: { selectors: [{ namespace: "batch", labels: { tier: "jobs" } }, { namespace: "team-*" }], tags: { Tier: "batch" } },
    },
    fargatePodExecutionRole: { path: "/eks/", permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary" },
    tags: { Team: "platform" },
  });
  const profiles: Record<string, { id: string; p: any }> = Object.fromEntries(
    ofType(synth, "aws_eks_fargate_profile").map(([id, p]) => [p.fargate_profile_name, { id, p }]),
  );
  const [roleId, role] = ofType(synth, "aws_iam_role").find(([, r]) => r.name === "demo-fargate-pods")!;

  test("match their snapshot", () => {
    expect(ofType(synth, "aws_eks_fargate_profile")).toMatchSnapshot();
    expect(role).toMatchSnapshot();
  });

  test("are keyed by name, with their selectors, the cluster's subnets and tags", () => {
    expect(Object.keys(profiles).sort()).toEqual(["batch", "karpenter"]);
    expect(profiles.karpenter.id).toMatch(/^eks_fargate-profile-karpenter_profile_/);
    expect(profiles.karpenter.p.selector).toEqual([{ namespace: "karpenter" }]);
    expect(profiles.batch.p.selector).toEqual([{ namespace: "batch", labels: { tier: "jobs" } }, { namespace: "team-*" }]);
    expect(profiles.batch.p.subnet_ids).toEqual(SUBNETS.subnetIds);
    expect(profiles.batch.p.tags).toEqual({ Team: "platform", Tier: "batch" });
    for (const { p } of Object.values(profiles)) {
      expect(p.pod_execution_role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
      expect(p.cluster_name).toMatch(/^\$\{aws_eks_cluster\..+\.name\}$/);
    }
  });

  test("share one pod execution role, trusted by Fargate for this cluster's profiles only, with the policy AWS documents, its path and boundary", () => {
    expect(role.path).toBe("/eks/");
    expect(role.permissions_boundary).toBe("arn:aws:iam::123456789012:policy/boundary");
    const [statement] = statementsOf(role.assume_role_policy);
    expect(statement.principals).toEqual([{ type: "Service", identifiers: ["eks-fargate-pods.amazonaws.com"] }]);
    expect(statement.actions).toEqual(["sts:AssumeRole"]);
    expect(statement.condition).toEqual([
      {
        test: "ArnLike",
        variable: "aws:SourceArn",
        values: [expect.stringMatching(/replace\(aws_eks_cluster\..+\.arn, ":cluster\/", ":fargateprofile\/"\).*\/\*$/)],
      },
    ]);
    const attached = ofType(synth, "aws_iam_role_policy_attachment").filter(([, a]) => a.role === `\${aws_iam_role.${roleId}.name}`);
    expect(attached.map(([, a]) => a.policy_arn)).toEqual([expect.stringMatching(/:iam::aws:policy\/AmazonEKSFargatePodExecutionRolePolicy$/)]);
    for (const { p } of Object.values(profiles)) expect(p.depends_on).toEqual(attached.map(([id]) => `aws_iam_role_policy_attachment.${id}`));
  });

  test("are somewhere for coredns and the catalogue's add-ons to run: they wait for the profiles", () => {
    const [, coredns] = ofType(synth, "aws_eks_addon").find(([, a]) => a.addon_name === "coredns")!;
    expect(coredns.depends_on).toEqual(expect.arrayContaining(Object.values(profiles).map(({ id }) => `aws_eks_fargate_profile.${id}`)));
    // With node groups, coredns keeps its default compute type.
    expect(coredns.configuration_values).toBeUndefined();
  });

  test("adding a profile renames nothing and changes nothing else", () => {
    const before = synthCluster({ fargateProfiles: KARPENTER }).synth;
    const after = synthCluster({ fargateProfiles: { ...KARPENTER, batch: { selectors: [{ namespace: "batch" }] } } }).synth;
    expect(addresses(before).filter((a) => !addresses(after).includes(a))).toEqual([]);
    expect(addresses(after).filter((a) => !addresses(before).includes(a))).toEqual([
      expect.stringMatching(/^aws_eks_fargate_profile\.eks_fargate-profile-batch_/),
    ]);
    const changed = Object.entries(before.resource!).flatMap(([type, items]) =>
      Object.entries(items)
        .filter(([name, body]) => JSON.stringify(after.resource![type][name]) !== JSON.stringify(body))
        .map(([name]) => `${type}.${name}`),
    );
    // coredns waits for the new profile too.
    expect(changed).toEqual([expect.stringMatching(/^aws_eks_addon\.eks_addon-coredns_/)]);
  });

  test("on a cluster whose only compute is Fargate, coredns is told so, and warned about when no profile takes it", () => {
    const dns = { "kube-system": { selectors: [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }] } };
    const fargateOnly = makeCluster({ nodeGroups: {}, fargateProfiles: dns, coreAddons: { coreDns: { configurationValues: { replicaCount: 3 } } } });
    const synthed = synthJson(fargateOnly.stack);
    const [, coredns] = ofType(synthed, "aws_eks_addon").find(([, a]) => a.addon_name === "coredns")!;
    expect(JSON.parse(coredns.configuration_values)).toEqual({ computeType: "Fargate", replicaCount: 3 });
    expect(fargateOnly.cluster.node.metadata.filter((m) => m.type === "@cdktf/warn")).toEqual([]);
    const withoutDns = makeCluster({ nodeGroups: {}, fargateProfiles: KARPENTER });
    const warnings = withoutDns.cluster.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/^the cluster's only compute is Fargate, and no Fargate profile selects coredns/)]);
  });

  describe("and EKS Pod Identity, which does not run on Fargate", () => {
    test("fails when a Pod Identity binding's namespace runs on Fargate whole", () => {
      const { cluster } = makeCluster({ fargateProfiles: { apps: { selectors: [{ namespace: "team-*" }] } } });
      const error = validationErrorOf(() =>
        cluster.addServiceAccount("api", { serviceAccounts: [{ namespace: "team-a", name: "api" }], mechanism: "podIdentity", createServiceAccounts: false }),
      );
      expect(error.message).toBe(
        'mechanism "Pod Identity" is invalid: pods of team-a/api run on Fargate (Fargate profile apps of cluster test/eks takes every pod of namespace team-*), where EKS Pod Identity does not work: use mechanism "irsa"',
      );
      const other = makeCluster({ fargateProfiles: { apps: { selectors: [{ namespace: "team-*" }] } } }).cluster;
      expect(() => other.addServiceAccount("api", { serviceAccounts: [{ namespace: "team-a", name: "api" }], createServiceAccounts: false })).not.toThrow();
    });

    test("fails when an add-on bound through Pod Identity would run on Fargate: Karpenter's controller takes IRSA there", () => {
      const karpenterOnFargate = { serviceAccount: { namespace: "karpenter", name: "karpenter" } };
      expect(() => makeCluster({ fargateProfiles: KARPENTER, addons: { karpenter: { ...karpenterOnFargate, mechanism: "podIdentity" } } })).toThrow(
        /^addons\.karpenter\.mechanism "Pod Identity" is invalid: pods of karpenter\/karpenter run on Fargate/,
      );
      const { synth: irsa } = synthCluster({ fargateProfiles: KARPENTER, addons: { karpenter: karpenterOnFargate } });
      const [, role] = ofType(irsa, "aws_iam_role").find(([, r]) => r.name === "demo-karpenter")!;
      expect(statementsOf(role.assume_role_policy)[0].condition).toContainEqual(
        expect.objectContaining({ values: ["system:serviceaccount:karpenter:karpenter"] }),
      );
    });

    test("fails when an EKS add-on's role uses Pod Identity in a namespace Fargate takes whole", () => {
      const role = {
        serviceAccount: { namespace: "karpenter", name: "exporter" },
        mechanism: "podIdentity" as const,
        managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      };
      expect(validationErrorOf(() => makeCluster({ fargateProfiles: KARPENTER, eksAddons: { "metrics-exporter": { role } } })).message).toMatch(
        /^eksAddons\.metrics-exporter\.role\.mechanism "Pod Identity" is invalid: pods of karpenter\/exporter run on Fargate \(Fargate profile karpenter of cluster test\/eks/,
      );
    });

    test("warns when a profile takes only pods with certain labels of the binding's namespace", () => {
      const { cluster } = makeCluster({ fargateProfiles: { jobs: { selectors: [{ namespace: "batch", labels: { tier: "jobs" } }] } } });
      cluster.addServiceAccount("worker", {
        serviceAccounts: [{ namespace: "batch", name: "worker" }],
        mechanism: "podIdentity",
        createServiceAccounts: false,
      });
      const warnings = cluster.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
      expect(warnings).toEqual([
        expect.stringMatching(/^batch\/worker uses EKS Pod Identity, and Fargate profile jobs runs pods of namespace batch with labels \{"tier":"jobs"\}/),
      ]);
    });
  });

  describe("bad input", () => {
    test.each([
      ["a profile name is malformed", { "-bad": { selectors: [{ namespace: "a" }] } }, "fargateProfiles", /a Fargate profile name has 1-100 letters/],
      ["a profile has no selector", { a: { selectors: [] } }, "fargateProfiles.a.selectors", /give at least one selector/],
      [
        "a profile has six selectors",
        { a: { selectors: ["a", "b", "c", "d", "e", "f"].map((namespace) => ({ namespace })) } },
        "fargateProfiles.a.selectors",
        /at most 5 selectors/,
      ],
      ["a selector's namespace is malformed", { a: { selectors: [{ namespace: "Apps" }] } }, "fargateProfiles.a.selectors[0].namespace", /DNS-1123 label/],
      ["a selector is listed twice", { a: { selectors: [{ namespace: "a" }, { namespace: "a" }] } }, "fargateProfiles.a.selectors[1]", /repeats entry \[0\]/],
      ["a subnet is malformed", { a: { selectors: [{ namespace: "a" }], subnetIds: ["subnet-x"] } }, "fargateProfiles.a.subnetIds[0]", /subnet ID/],
    ])("fails when %s", (_what, fargateProfiles, field, message) => {
      const error = validationErrorOf(() => makeCluster({ fargateProfiles: fargateProfiles as EksClusterProps["fargateProfiles"] }));
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    });

    test("fails when the pod execution role is configured without profiles, or with a malformed path", () => {
      expect(() => makeCluster({ fargatePodExecutionRole: { path: "/eks/" } })).toThrow(
        "fargatePodExecutionRole is set but there are no fargateProfiles: the role is made for them",
      );
      expect(() => makeCluster({ fargateProfiles: KARPENTER, fargatePodExecutionRole: { path: "eks" } })).toThrow(
        /^fargatePodExecutionRole\.path "eks" is invalid/,
      );
    });
  });
});

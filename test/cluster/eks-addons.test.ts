import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import { addresses, ofType, statementsOf, synthJson, testStack, validationErrorOf } from "../support/helpers";

const SUBNETS = { subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] };
const ZONE = "arn:aws:route53:::hostedzone/Z0EXAMPLE";

function makeCluster(props: Partial<EksClusterProps> = {}) {
  const { stack } = testStack();
  const cluster = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, ...props } as EksClusterProps);
  return { stack, cluster };
}

function synthCluster(props: Partial<EksClusterProps> = {}) {
  const { stack, cluster } = makeCluster(props);
  return { cluster, synth: synthJson(stack) };
}

type Synth = ReturnType<typeof synthJson>;

function addonNamed(synth: Synth, name: string): [string, any] {
  const found = ofType(synth, "aws_eks_addon").find(([, a]) => a.addon_name === name);
  if (!found) throw new Error(`no add-on ${name}`);
  return found;
}

function roleNamed(synth: Synth, name: string): [string, any] {
  const found = ofType(synth, "aws_iam_role").find(([, r]) => r.name === name);
  if (!found) throw new Error(`no role named ${name}`);
  return found;
}

describe("EKS add-ons by name (eksAddons)", () => {
  const { cluster, synth } = synthCluster({
    eksAddons: {
      "snapshot-controller": { version: "v8.2.0-eksbuild.1", preserve: true, resolveConflictsOnUpdate: "PRESERVE" },
      "metrics-server": {
        configurationValues: { replicas: 2, args: ["--kubelet-insecure-tls"], tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] },
      },
      "external-dns": {
        role: { serviceAccount: { namespace: "external-dns", name: "external-dns" }, addonPolicies: { externalDns: { hostedZoneArns: [ZONE] } } },
      },
      kubecost_kubecost: {
        role: {
          serviceAccount: { namespace: "kubecost", name: "kubecost-cost-analyzer" },
          mechanism: "podIdentity",
          policyStatements: [{ actions: ["ce:GetCostAndUsage"], resources: ["*"] }],
          path: "/addons/",
        },
      },
    },
  });

  test("match their snapshot", () => {
    expect(
      ofType(synth, "aws_eks_addon").filter(([, a]) => !["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"].includes(a.addon_name)),
    ).toMatchSnapshot();
  });

  test("are installed by name at addon-<name>, with version, preserve and conflict resolution, after the nodes", () => {
    const [id, snapshot] = addonNamed(synth, "snapshot-controller");
    expect(id).toMatch(/^eks_addon-snapshot-controller_/);
    expect(snapshot).toMatchObject({
      addon_version: "v8.2.0-eksbuild.1",
      preserve: true,
      resolve_conflicts_on_create: "OVERWRITE",
      resolve_conflicts_on_update: "PRESERVE",
      depends_on: [expect.stringMatching(/^aws_eks_node_group\./)],
    });
    expect(snapshot.service_account_role_arn).toBeUndefined();
  });

  test("write configuration values as JSON", () => {
    const [, metrics] = addonNamed(synth, "metrics-server");
    expect(JSON.parse(metrics.configuration_values)).toEqual({
      replicas: 2,
      args: ["--kubelet-insecure-tls"],
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
    });
  });

  test("bind a role from a preset of the catalogue through IRSA: trusted by the add-on's service account only", () => {
    const [roleId, role] = roleNamed(synth, "demo-external-dns");
    const [, addon] = addonNamed(synth, "external-dns");
    expect(addon.service_account_role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    const [statement] = statementsOf(role.assume_role_policy);
    expect(statement.condition.find((c: any) => c.variable.endsWith(":sub")).values).toEqual(["system:serviceaccount:external-dns:external-dns"]);
    const [, policy] = ofType(synth, "aws_iam_policy").find(([, p]) => p.name === "demo-external-dns-externalDns")!;
    expect(statementsOf(policy.policy).flatMap((s: any) => s.resources ?? [])).toContain(ZONE);
    expect(roleId).toMatch(/^eks_eks-addon-roles_external-dns_role_/);
  });

  test("bind a role of the user's statements through Pod Identity, installing the agent first", () => {
    const [roleId, role] = roleNamed(synth, "demo-kubecost-kubecost");
    expect(role.path).toBe("/addons/");
    const [, addon] = addonNamed(synth, "kubecost_kubecost");
    expect(addon.pod_identity_association).toEqual([{ role_arn: `\${aws_iam_role.${roleId}.arn}`, service_account: "kubecost-cost-analyzer" }]);
    expect(addon.service_account_role_arn).toBeUndefined();
    const [agentId] = addonNamed(synth, "eks-pod-identity-agent");
    expect(addon.depends_on).toContain(`aws_eks_addon.${agentId}`);
    expect(statementsOf(role.assume_role_policy)[0].principals).toEqual([{ type: "Service", identifiers: ["pods.eks.amazonaws.com"] }]);
  });

  test("reserve their service accounts: a workload may not bind them", () => {
    expect(() =>
      cluster.addServiceAccount("dns", { serviceAccounts: [{ namespace: "external-dns", name: "external-dns" }], createServiceAccounts: false }),
    ).toThrow(
      /external-dns\/external-dns belongs to the external-dns add-on, which has its own role: the cluster's eksAddons.external-dns.role gives it its role/,
    );
  });

  test("the order they are written in changes nothing", () => {
    const a = synthCluster({ eksAddons: { "metrics-server": {}, "snapshot-controller": {} } }).synth;
    const b = synthCluster({ eksAddons: { "snapshot-controller": {}, "metrics-server": {} } }).synth;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  describe("bad input", () => {
    test.each([
      ["an add-on name is malformed", { "Metrics Server": {} }, "eksAddons", /an EKS add-on name has 1-100 lower-case letters/],
      [
        "an add-on is one of the cluster's own",
        { coredns: {} },
        "eksAddons",
        /coredns is one of the cluster's own add-ons: configure it under coreAddons.coreDns/,
      ],
      [
        "an add-on is the catalogue's",
        { "aws-ebs-csi-driver": {} },
        "eksAddons",
        /the catalogue's Amazon EBS CSI driver: give it as addons.ebsCsiDriver, which makes its least-privilege role/,
      ],
      ["a version is malformed", { "metrics-server": { version: "0.7.2" } }, "eksAddons.metrics-server.version", /expected an EKS add-on version/],
      [
        "configuration values are not an object",
        { "metrics-server": { configurationValues: "replicas: 2" } },
        "eksAddons.metrics-server.configurationValues",
        /as an object/,
      ],
      [
        "a configuration value has no JSON form",
        { "metrics-server": { configurationValues: { replicas: Number.NaN } } },
        "eksAddons.metrics-server.configurationValues.replicas",
        /a JSON number is finite/,
      ],
      [
        "a conflict resolution is unknown",
        { "metrics-server": { resolveConflictsOnCreate: "PRESERVE" } },
        "eksAddons.metrics-server.resolveConflictsOnCreate",
        /allowed values are NONE, OVERWRITE/,
      ],
      [
        "a role has no service account",
        { x: { role: { policyStatements: [{ actions: ["s3:GetObject"], resources: ["*"] }] } } },
        "eksAddons.x.role.serviceAccount",
        /is missing: give the service account the add-on runs as/,
      ],
      [
        "a role has no permissions",
        { x: { role: { serviceAccount: { namespace: "x", name: "x" } } } },
        "eksAddons.x.role",
        /has no permissions: give policyStatements, managedPolicyArns or addonPolicies/,
      ],
      [
        "a role's service account is EKS's",
        { x: { role: { serviceAccount: { namespace: "kube-system", name: "aws-node" }, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } } },
        "eksAddons.x.role.serviceAccount",
        /belongs to the vpc-cni add-on/,
      ],
      [
        "a role's policy has an unknown action",
        { x: { role: { serviceAccount: { namespace: "x", name: "x" }, policyStatements: [{ actions: ["s3:GetObjekt"], resources: ["*"] }] } } },
        "eksAddons.x.role.policyStatements[0].actions[0]",
        /s3:GetObjekt/,
      ],
    ])("fails when %s", (_what, eksAddons, field, message) => {
      const error = validationErrorOf(() => makeCluster({ eksAddons: eksAddons as never }));
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    });

    test("fails when an add-on is installed by the catalogue too", () => {
      expect(() => makeCluster({ addons: { externalDns: { hostedZoneArns: [ZONE] } }, eksAddons: { "external-dns": {} } })).toThrow(
        'eksAddons key "external-dns" is invalid: addons.externalDns installs external-dns (Route 53) already: give one of them',
      );
    });

    test("fails when two add-ons run as one service account", () => {
      const role = { serviceAccount: { namespace: "x", name: "x" }, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] };
      expect(() => makeCluster({ eksAddons: { a: { role }, b: { role } } })).toThrow(
        'eksAddons.b.role.serviceAccount "x/x" is invalid: eksAddons.a runs as it already: each add-on has a service account of its own',
      );
    });
  });
});

describe("the cluster's own add-ons (coreAddons)", () => {
  const settings = {
    vpcCni: { configurationValues: { env: { ENABLE_PREFIX_DELEGATION: "true" }, enableNetworkPolicy: "true" } },
    coreDns: { version: "v1.11.4-eksbuild.2", configurationValues: { replicaCount: 3 }, resolveConflictsOnUpdate: "PRESERVE" as const },
    kubeProxy: { preserve: true },
  };

  test("take version, configuration values, preserve and conflict resolution", () => {
    const { synth } = synthCluster({ coreAddons: settings });
    const [, cni] = addonNamed(synth, "vpc-cni");
    expect(JSON.parse(cni.configuration_values)).toEqual(settings.vpcCni.configurationValues);
    expect(cni.service_account_role_arn).toMatch(/^\$\{aws_iam_role\..*vpc-cni-role.*\.arn\}$/);
    const [, dns] = addonNamed(synth, "coredns");
    expect(dns).toMatchObject({ addon_version: "v1.11.4-eksbuild.2", configuration_values: '{"replicaCount":3}', resolve_conflicts_on_update: "PRESERVE" });
    expect(addonNamed(synth, "kube-proxy")[1].preserve).toBe(true);
  });

  test("switching a core add-on's configuration renames nothing and changes only that add-on", () => {
    const before = synthCluster().synth;
    const after = synthCluster({ coreAddons: settings }).synth;
    expect(addresses(after)).toEqual(addresses(before));
    const changed = Object.entries(before.resource!).flatMap(([type, items]) =>
      Object.entries(items)
        .filter(([name, body]) => JSON.stringify(after.resource![type][name]) !== JSON.stringify(body))
        .map(([, body]) => `${type} ${body.addon_name ?? ""}`),
    );
    expect(changed.sort()).toEqual(["aws_eks_addon coredns", "aws_eks_addon kube-proxy", "aws_eks_addon vpc-cni"]);
  });

  test("fails when the deprecated addonVersions and coreAddons give the same add-on's version", () => {
    expect(() => makeCluster({ addonVersions: { coreDns: "v1.11.4-eksbuild.2" }, coreAddons: { coreDns: { version: "v1.11.4-eksbuild.3" } } })).toThrow(
      "addonVersions.coreDns and coreAddons.coreDns.version are both set: addonVersions is deprecated, give the version in coreAddons.coreDns.version only",
    );
    const { synth } = synthCluster({ addonVersions: { coreDns: "v1.11.4-eksbuild.2" }, coreAddons: { coreDns: { configurationValues: { replicaCount: 3 } } } });
    expect(addonNamed(synth, "coredns")[1]).toMatchObject({ addon_version: "v1.11.4-eksbuild.2", configuration_values: '{"replicaCount":3}' });
  });

  test("fails when a core add-on is unknown or its settings are bad, at the add-on's field", () => {
    expect(() => makeCluster({ coreAddons: { metricsServer: {} } as never })).toThrow(
      'coreAddons "metricsServer" is invalid: the cluster\'s own add-ons are vpcCni, kubeProxy, coreDns, podIdentityAgent; other EKS add-ons go in eksAddons',
    );
    expect(validationErrorOf(() => makeCluster({ coreAddons: { vpcCni: { configurationValues: { env: { WARM_IP_TARGET: undefined } } } } })).field).toBe(
      "coreAddons.vpcCni.configurationValues.env.WARM_IP_TARGET",
    );
  });
});

import { Fn, TerraformVariable } from "cdktf";
import type { ClusterAddons } from "../../modules/cluster/cluster-addons";
import { ClusterStack } from "../../modules/platform/cluster-stack";
import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import { addresses, ofType, single, statementsOf, synthJson, testStack, validationErrorOf } from "../support/helpers";

const SUBNETS = { subnetIds: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"] };
const ZONE = "arn:aws:route53:::hostedzone/Z0EXAMPLE";

function synthCluster(addons: ClusterAddons, props: Partial<EksClusterProps> = {}) {
  const { stack } = testStack();
  const cluster = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, ...props, addons } as EksClusterProps);
  return { cluster, stack, synth: synthJson(stack) };
}

type Synth = ReturnType<typeof synthJson>;

function roleNamed(synth: Synth, name: string): [string, any] {
  const found = ofType(synth, "aws_iam_role").find(([, r]) => r.name === name);
  if (!found) throw new Error(`no role named ${name}`);
  return found;
}

/** The statements of the trust policy of a role. */
function trustOf(synth: Synth, roleName: string): any[] {
  const [, role] = roleNamed(synth, roleName);
  return statementsOf(role.assume_role_policy);
}

/** The customer-managed policies attached to a role, by policy name, with their statements. */
function policiesOf(synth: Synth, roleName: string): Record<string, any[]> {
  const [roleId] = roleNamed(synth, roleName);
  const attached = ofType(synth, "aws_iam_role_policy_attachment")
    .filter(([, a]) => a.role === `\${aws_iam_role.${roleId}.name}`)
    .map(([, a]) => a.policy_arn as string);
  const out: Record<string, any[]> = {};
  for (const [id, policy] of ofType(synth, "aws_iam_policy")) {
    if (!attached.includes(`\${aws_iam_policy.${id}.arn}`)) continue;
    out[policy.name] = statementsOf(policy.policy);
  }
  return out;
}

function addonNamed(synth: Synth, name: string): any {
  const found = ofType(synth, "aws_eks_addon").find(([, a]) => a.addon_name === name);
  if (!found) throw new Error(`no add-on ${name}`);
  return found[1];
}

describe("EksCluster addons", () => {
  describe("an add-on EKS manages (EBS CSI driver)", () => {
    test("is installed with its role bound through service_account_role_arn, after the nodes, and no service account of ours", () => {
      const { synth } = synthCluster({ ebsCsiDriver: {} });
      const [roleId] = roleNamed(synth, "demo-ebs-csi-driver");
      const addon = addonNamed(synth, "aws-ebs-csi-driver");
      expect(addon.service_account_role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
      expect(addon.pod_identity_association).toBeUndefined();
      expect(addon.depends_on).toEqual([expect.stringMatching(/^aws_eks_node_group\./)]);
      expect(trustOf(synth, "demo-ebs-csi-driver")[0].condition).toContainEqual(
        expect.objectContaining({ values: ["system:serviceaccount:kube-system:ebs-csi-controller-sa"] }),
      );
      expect(ofType(synth, "kubernetes_service_account_v1")).toEqual([]);
      expect(Object.keys(policiesOf(synth, "demo-ebs-csi-driver"))).toEqual(["demo-ebs-csi-driver-ebsCsiDriver"]);
    });

    test("takes a version and configuration values, written as JSON", () => {
      const { synth } = synthCluster({ ebsCsiDriver: { version: "v1.52.1-eksbuild.1", configurationValues: { controller: { replicaCount: 3 } } } });
      const addon = addonNamed(synth, "aws-ebs-csi-driver");
      expect(addon.addon_version).toBe("v1.52.1-eksbuild.1");
      expect(JSON.parse(addon.configuration_values)).toEqual({ controller: { replicaCount: 3 } });
    });

    test("with Pod Identity, is bound through the add-on's pod_identity_association, and the agent is installed", () => {
      const { synth } = synthCluster({ efsCsiDriver: { mechanism: "podIdentity" } });
      const [roleId] = roleNamed(synth, "demo-efs-csi-driver");
      const addon = addonNamed(synth, "aws-efs-csi-driver");
      expect(addon.service_account_role_arn).toBeUndefined();
      expect(addon.pod_identity_association).toEqual([{ role_arn: `\${aws_iam_role.${roleId}.arn}`, service_account: "efs-csi-controller-sa" }]);
      expect(addonNamed(synth, "eks-pod-identity-agent")).toBeDefined();
      expect(trustOf(synth, "demo-efs-csi-driver")[0].principals).toEqual([{ identifiers: ["pods.eks.amazonaws.com"], type: "Service" }]);
      expect(ofType(synth, "aws_eks_pod_identity_association")).toEqual([]);
    });

    test("with install false, gets its role only, and the chart's values with its service account", () => {
      const { synth, cluster } = synthCluster({ ebsCsiDriver: { install: false, serviceAccount: { namespace: "storage", name: "ebs" } } });
      expect(ofType(synth, "aws_eks_addon").map(([, a]) => a.addon_name)).not.toContain("aws-ebs-csi-driver");
      const [roleId] = roleNamed(synth, "demo-ebs-csi-driver");
      expect(cluster.catalogueAddons.ebsCsiDriver.helmValues).toEqual({
        controller: { serviceAccount: { create: true, name: "ebs", annotations: { "eks.amazonaws.com/role-arn": expect.any(String) } } },
      });
      expect(trustOf(synth, "demo-ebs-csi-driver")[0].condition).toContainEqual(expect.objectContaining({ values: ["system:serviceaccount:storage:ebs"] }));
      expect(roleId).toMatch(/ebs-csi-driver/);
    });
  });

  describe("an add-on installed with Helm", () => {
    test("gets a role trusting the chart's service account, and values that name it and carry the role", () => {
      const { synth, cluster } = synthCluster({ externalDns: { hostedZoneArns: [ZONE] } });
      const [roleId] = roleNamed(synth, "demo-external-dns");
      expect(trustOf(synth, "demo-external-dns")[0].condition).toContainEqual(
        expect.objectContaining({ values: ["system:serviceaccount:external-dns:external-dns"] }),
      );
      const statements = policiesOf(synth, "demo-external-dns")["demo-external-dns-externalDns"];
      expect(statements.find((s) => s.sid === "ChangeRecords").resources).toEqual([ZONE]);
      const values = cluster.catalogueAddons.externalDns.helmValues as any;
      expect(values.serviceAccount.create).toBe(true);
      expect(values.serviceAccount.name).toBe("external-dns");
      expect(JSON.stringify(values.serviceAccount.annotations)).toContain("eks.amazonaws.com/role-arn");
      expect(roleId).toBe("eks_external-dns_role_309E8057");
      expect(ofType(synth, "kubernetes_service_account_v1")).toEqual([]);
    });

    test("with Pod Identity, gets an association and values without the role annotation", () => {
      const { synth, cluster } = synthCluster({ externalDns: { hostedZoneArns: [ZONE], mechanism: "podIdentity" } });
      const [, association] = single(synth, "aws_eks_pod_identity_association");
      expect([association.namespace, association.service_account]).toEqual(["external-dns", "external-dns"]);
      expect((cluster.catalogueAddons.externalDns.helmValues as any).serviceAccount).toEqual({ create: true, name: "external-dns" });
    });

    test("the Load Balancer Controller is scoped to the VPC the cluster made, and its chart told the cluster, region and VPC", () => {
      const { synth, cluster } = synthCluster({ loadBalancerController: {} }, { subnetIds: undefined, vpc: {} });
      const [vpcId] = single(synth, "aws_vpc");
      const statements = policiesOf(synth, "demo-load-balancer-controller")["demo-load-balancer-controller-loadBalancerController"];
      const open = statements.find((s) => s.sid === "OpenNodeSecurityGroups");
      expect(open.condition).toEqual([{ test: "ArnEquals", variable: "ec2:Vpc", values: [expect.stringContaining(`vpc/\${aws_vpc.${vpcId}.id}`)] }]);
      const values = cluster.catalogueAddons.loadBalancerController.helmValues as any;
      expect(Object.keys(values).sort()).toEqual(["clusterName", "region", "serviceAccount", "vpcId"]);
    });

    test("cluster-autoscaler's chart is told the cluster for auto-discovery and the region", () => {
      const { cluster } = synthCluster({ clusterAutoscaler: {} });
      const values = cluster.catalogueAddons.clusterAutoscaler.helmValues as any;
      expect(Object.keys(values).sort()).toEqual(["autoDiscovery", "awsRegion", "rbac"]);
      expect(values.rbac.serviceAccount.name).toBe("cluster-autoscaler");
    });
  });

  describe("Karpenter", () => {
    const { synth, cluster } = synthCluster({ karpenter: {} });

    test("gets its node role without the CNI policy (vpc-cni has its own role), its access entry, queue and rules", () => {
      const [nodeRoleId] = ofType(synth, "aws_iam_role").find(([id]) => id.includes("karpenter-infrastructure"))!;
      const attached = ofType(synth, "aws_iam_role_policy_attachment")
        .filter(([, a]) => a.role === `\${aws_iam_role.${nodeRoleId}.name}`)
        .map(([, a]) => a.policy_arn.split("/").pop());
      expect(attached.sort()).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonSSMManagedInstanceCore"]);
      // Besides the cluster creator's entry.
      expect(ofType(synth, "aws_eks_access_entry").find(([id]) => id.includes("karpenter-infrastructure"))![1].type).toBe("EC2_LINUX");
      expect(ofType(synth, "aws_sqs_queue")).toHaveLength(1);
      expect(ofType(synth, "aws_cloudwatch_event_rule")).toHaveLength(5);
    });

    test("its controller may pass only the node role, and read the queue; its policy is split as upstream's", () => {
      const policies = policiesOf(synth, "demo-karpenter");
      expect(Object.keys(policies).sort()).toEqual(
        ["eks-integration", "iam-integration", "interruption", "node-lifecycle", "resource-discovery", "zonal-shift"].map(
          (g) => `demo-karpenter-karpenter-${g}`,
        ),
      );
      const [nodeRoleId] = ofType(synth, "aws_iam_role").find(([id]) => id.includes("karpenter-infrastructure"))!;
      const pass = policies["demo-karpenter-karpenter-iam-integration"].find((s) => s.sid === "AllowPassingInstanceRole");
      expect(pass.resources).toEqual([`\${aws_iam_role.${nodeRoleId}.arn}`]);
      const [queueId] = single(synth, "aws_sqs_queue");
      expect(policies["demo-karpenter-karpenter-interruption"][0].resources).toEqual([`\${aws_sqs_queue.${queueId}.arn}`]);
    });

    test("its chart's values name the cluster and the queue", () => {
      expect(Object.keys((cluster.catalogueAddons.karpenter.helmValues as any).settings).sort()).toEqual(["clusterName", "interruptionQueue"]);
    });

    test("without interruption handling, has no queue and no interruption policy", () => {
      const { synth: without } = synthCluster({ karpenter: { interruptionHandling: false } });
      expect(ofType(without, "aws_sqs_queue")).toEqual([]);
      expect(Object.keys(policiesOf(without, "demo-karpenter"))).not.toContain("demo-karpenter-karpenter-interruption");
    });
  });

  test("adding or removing an add-on renames no resource of another", () => {
    const one = addresses(synthCluster({ externalDns: { hostedZoneArns: [ZONE] } }).synth);
    const more = addresses(synthCluster({ loadBalancerController: {}, externalDns: { hostedZoneArns: [ZONE] }, ebsCsiDriver: {}, karpenter: {} }).synth);
    expect(more).toEqual(expect.arrayContaining(one));
  });

  test("switching install keeps the role and its policies: the same addresses and names either way", () => {
    const rolesAndPolicies = (install: boolean) =>
      addresses(synthCluster({ ebsCsiDriver: { install } }).synth).filter((a) => /^aws_iam_(role|policy)\./.test(a) && a.includes("ebs-csi-driver"));
    expect(rolesAndPolicies(false)).toEqual(rolesAndPolicies(true));
    expect(rolesAndPolicies(true)).toHaveLength(2);
  });

  test("a Pod Identity managed add-on waits for the agent add-on; an IRSA one only for the nodes", () => {
    const { synth } = synthCluster({ ebsCsiDriver: { mechanism: "podIdentity" }, mountpointS3CsiDriver: { bucketArns: ["arn:aws:s3:::data"] } });
    const agentId = ofType(synth, "aws_eks_addon").find(([, a]) => a.addon_name === "eks-pod-identity-agent")![0];
    expect(addonNamed(synth, "aws-ebs-csi-driver").depends_on).toContain(`aws_eks_addon.${agentId}`);
    expect(addonNamed(synth, "aws-mountpoint-s3-csi-driver").depends_on).toEqual([expect.stringMatching(/^aws_eks_node_group\./)]);
  });

  test("add-on policies keep their description across upstream releases; tags name the preset and release", () => {
    const { synth } = synthCluster({ externalDns: { hostedZoneArns: [ZONE] } });
    const [, policy] = single(synth, "aws_iam_policy");
    expect(policy.description).toBe("external-dns (Route 53): least-privilege policy (add-on preset externalDns)");
    expect(policy.tags).toEqual({ AddonPreset: "externalDns", AddonUpstream: "kubernetes-sigs/external-dns v0.22.0" });
  });

  test("the preset context is literal for a cluster ARN known at synth (no aws_arn data source)", () => {
    const { synth } = synthCluster({ externalDns: { hostedZoneArns: [ZONE] } });
    // EksCluster's ARN is a reference: one aws_arn data source per add-on role.
    expect(ofType(synth, "aws_arn", "data")).toHaveLength(1);
  });

  describe("chart values for what the add-on cannot find out", () => {
    test("external-dns is limited to its zones and owns its records as the cluster", () => {
      const { cluster } = synthCluster({ externalDns: { hostedZoneArns: [ZONE, "arn:aws:route53:::hostedzone/Z0OTHER"] } });
      const values = cluster.catalogueAddons.externalDns.helmValues as any;
      expect(values.extraArgs).toEqual(["--zone-id-filter=Z0EXAMPLE", "--zone-id-filter=Z0OTHER"]);
      expect(values.txtOwnerId).toBe(cluster.clusterName);
    });

    test("Velero uses the role, not a credentials secret", () => {
      const { cluster } = synthCluster({ velero: { bucketArns: ["arn:aws:s3:::backups"] } });
      expect((cluster.catalogueAddons.velero.helmValues as any).credentials).toEqual({ useSecret: false });
    });

    test("the Node Termination Handler runs in queue mode, with the URL of its one queue", () => {
      const { cluster } = synthCluster({ nodeTerminationHandler: { queueArns: ["arn:aws:sqs:eu-west-1:123456789012:nth"] } });
      const values = cluster.catalogueAddons.nodeTerminationHandler.helmValues as any;
      expect(values.enableSqsTerminationDraining).toBe(true);
      expect(values.queueURL).toBe("https://sqs.eu-west-1.amazonaws.com/123456789012/nth");
      expect(values.awsRegion).toBeDefined();
    });

    test("the Load Balancer Controller on given subnets is scoped to their VPC, read with a data source", () => {
      const { synth } = synthCluster({ loadBalancerController: {} });
      const [subnetId, subnet] = single(synth, "aws_subnet", "data");
      expect(subnet.id).toBe("subnet-0a1b2c3d");
      const open = policiesOf(synth, "demo-load-balancer-controller")["demo-load-balancer-controller-loadBalancerController"].find(
        (st) => st.sid === "OpenNodeSecurityGroups",
      );
      expect(open.condition[0].values[0]).toContain(`vpc/\${data.aws_subnet.${subnetId}.vpc_id}`);
    });
  });

  test("the cluster stack's outputs carry the role ARNs, the chart values as JSON and Karpenter's node role", () => {
    const { stack } = testStack();
    const clusterStack = new ClusterStack(stack.node.scope as never, "eks-demo", {
      region: "eu-west-1",
      cluster: { clusterName: "demo", ...SUBNETS, addons: { externalDns: { hostedZoneArns: [ZONE] }, karpenter: {} } },
    });
    const outputs = synthJson(clusterStack).output!;
    expect(outputs.addon_external_dns_role_arn.value).toMatch(/^\$\{aws_iam_role\.eks_external-dns_role_[0-9A-F]{8}\.arn\}$/);
    expect(outputs.addon_external_dns_helm_values.value).toMatch(/^\$\{jsonencode\(/);
    expect(outputs.addon_external_dns_helm_values.value).toContain("--zone-id-filter=Z0EXAMPLE");
    expect(outputs.karpenter_node_role_name.value).toMatch(/^\$\{aws_iam_role\.eks_karpenter-infrastructure_node-role_[0-9A-F]{8}\.name\}$/);
  });

  test("reserves the add-ons' service accounts: a workload cannot bind them", () => {
    const { stack } = testStack();
    const cluster = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, addons: { ebsCsiDriver: {}, karpenter: {} } });
    const bind = (namespace: string, name: string) =>
      validationErrorOf(() => cluster.addServiceAccount(`${namespace}_${name}`, { serviceAccounts: [{ namespace, name }] }));
    expect(bind("kube-system", "karpenter").message).toContain("belongs to the Karpenter add-on");
    // The EBS CSI driver's node daemonset is the add-on's too.
    expect(bind("kube-system", "ebs-csi-node-sa").message).toContain("belongs to the Amazon EBS CSI driver add-on");
    expect(cluster.reservedServiceAccounts.map((r) => `${r.namespace}/${r.name}`)).toEqual(
      expect.arrayContaining(["kube-system/aws-node", "kube-system/ebs-csi-controller-sa", "kube-system/ebs-csi-node-sa", "kube-system/karpenter"]),
    );
  });

  describe("bad input", () => {
    test.each<[string, ClusterAddons | Record<string, unknown>, string, RegExp]>([
      ["an add-on is not in the catalogue", { externalDNS: {} }, "addons", /"externalDNS" is invalid: known add-ons are loadBalancerController, .*externalDns/],
      [
        "both forms of the Load Balancer Controller are given",
        { loadBalancerController: {}, loadBalancerControllerTargetGroupBinding: {} },
        "addons.loadBalancerControllerTargetGroupBinding",
        /both are the AWS Load Balancer Controller/,
      ],
      [
        "a preset's input is not an ARN of its kind",
        { externalDns: { hostedZoneArns: ["Z0EXAMPLE"] } },
        "addons.externalDns.hostedZoneArns[0]",
        /Route 53 hosted zone ARN/,
      ],
      ["a preset's required input is missing", { externalDns: {} }, "addons.externalDns.hostedZoneArns", /is missing/],
      [
        "a setting is of another kind of add-on",
        { externalDns: { hostedZoneArns: [ZONE], version: "v1.0.0-eksbuild.1" } },
        "addons.externalDns",
        /unknown key "version": allowed keys are hostedZoneArns, acknowledgeWideningWildcards, mechanism, serviceAccount/,
      ],
      ["the mechanism is not irsa or podIdentity", { ebsCsiDriver: { mechanism: "both" } }, "addons.ebsCsiDriver.mechanism", /"both" is invalid/],
      [
        "an installed EKS add-on is given another service account",
        { ebsCsiDriver: { serviceAccount: { namespace: "x", name: "y" } } },
        "addons.ebsCsiDriver.serviceAccount",
        /set install false/,
      ],
      [
        "a version is given for an add-on that is not installed",
        { ebsCsiDriver: { install: false, version: "v1.52.1-eksbuild.1" } },
        "addons.ebsCsiDriver.version",
        /install is false/,
      ],
      ["a version is not an EKS add-on version", { ebsCsiDriver: { version: "1.52" } }, "addons.ebsCsiDriver.version", /eksbuild/],
      [
        "configuration values are not an object",
        { ebsCsiDriver: { configurationValues: "replicaCount: 3" as never } },
        "addons.ebsCsiDriver.configurationValues",
        /give it as an object/,
      ],
    ])("fails when %s", (_what, addons, field, message) => {
      const error = validationErrorOf(() => synthCluster(addons as ClusterAddons));
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    });

    test("fails when an add-on EKS only installs as an add-on is set not to be installed", () => {
      const error = validationErrorOf(() => synthCluster({ cloudWatchObservability: { install: false } }));
      expect(error.field).toBe("addons.cloudWatchObservability.install");
      expect(error.message).toMatch(/installed as the EKS add-on amazon-cloudwatch-observability only/);
    });

    test("fails when Karpenter is given preset inputs, which come from its infrastructure", () => {
      const error = validationErrorOf(() => synthCluster({ karpenter: { nodeRoleArns: ["arn:aws:iam::123456789012:role/n"] } as never }));
      expect(error.field).toBe("addons.karpenter");
      expect(error.message).toMatch(/unknown key "nodeRoleArns": allowed keys are mechanism, serviceAccount, roleSettings, nodeRoleName, nodeRoleSettings/);
    });

    test("fails when an add-on's service account is another add-on's or EKS's, at its serviceAccount field", () => {
      const twice = validationErrorOf(() =>
        synthCluster({
          externalDns: { hostedZoneArns: [ZONE] },
          velero: { bucketArns: ["arn:aws:s3:::b"], serviceAccount: { namespace: "external-dns", name: "external-dns" } },
        }),
      );
      expect(twice.field).toBe("addons.velero.serviceAccount");
      expect(twice.message).toMatch(/addons\.externalDns runs as it already/);
      const eks = validationErrorOf(() =>
        synthCluster({ externalDns: { hostedZoneArns: [ZONE], serviceAccount: { namespace: "kube-system", name: "aws-node" } } }),
      );
      expect(eks.field).toBe("addons.externalDns.serviceAccount");
      expect(eks.message).toMatch(/belongs to the vpc-cni add-on/);
    });

    test("fails when an add-on uses Pod Identity on a cluster told not to install the agent", () => {
      const error = validationErrorOf(() => synthCluster({ ebsCsiDriver: { mechanism: "podIdentity" } }, { podIdentityAgent: false }));
      expect(error.field).toBe("addons.ebsCsiDriver.mechanism");
      expect(error.message).toMatch(/podIdentityAgent false/);
    });
  });
});

describe("Karpenter's subnet discovery tag", () => {
  test("is on the private subnets of the VPC the cluster makes, not the public ones", () => {
    const { synth } = synthCluster({ karpenter: {} }, { subnetIds: undefined, vpc: {} });
    const subnets = ofType(synth, "aws_subnet").map(([, s]) => s.tags);
    expect(subnets.filter((t) => t["kubernetes.io/role/internal-elb"]).map((t) => t["karpenter.sh/discovery"])).toEqual(["demo", "demo"]);
    expect(subnets.filter((t) => t["kubernetes.io/role/elb"]).map((t) => t["karpenter.sh/discovery"])).toEqual([undefined, undefined]);
  });

  test("is put on given subnets with aws_ec2_tag, named after each subnet", () => {
    const { synth } = synthCluster({ karpenter: {} });
    expect(ofType(synth, "aws_ec2_tag").map(([id, t]) => [id.replace(/_[0-9A-F]{8}$/, ""), t.resource_id, t.key, t.value])).toEqual([
      ["eks_karpenter-discovery-subnet-0a1b2c3d", "subnet-0a1b2c3d", "karpenter.sh/discovery", "demo"],
      ["eks_karpenter-discovery-subnet-4e5f6a7b", "subnet-4e5f6a7b", "karpenter.sh/discovery", "demo"],
    ]);
  });

  test("is left off with subnetDiscoveryTag false, for subnets several clusters share", () => {
    expect(ofType(synthCluster({ karpenter: { subnetDiscoveryTag: false } }).synth, "aws_ec2_tag")).toEqual([]);
  });

  test("is not put on subnets only known at apply time: the cluster warns to tag them where they are made", () => {
    const { stack } = testStack();
    const ids = new TerraformVariable(stack, "subnets", { type: "list(string)" }).listValue;
    const cluster = new EksCluster(stack, "eks", { clusterName: "demo", subnetIds: [Fn.element(ids, 0), Fn.element(ids, 1)], addons: { karpenter: {} } });
    expect(ofType(synthJson(stack), "aws_ec2_tag")).toEqual([]);
    expect(cluster.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data))).toEqual([
      expect.stringMatching(/^subnetIds holds references only known at apply time: tag those subnets karpenter\.sh\/discovery: demo/),
    ]);
  });

  test("is not put anywhere without Karpenter", () => {
    const { synth } = synthCluster({ externalDns: { hostedZoneArns: [ZONE] } }, { subnetIds: undefined, vpc: {} });
    expect(ofType(synth, "aws_subnet").map(([, s]) => s.tags["karpenter.sh/discovery"])).toEqual([undefined, undefined, undefined, undefined]);
    expect(ofType(synthCluster({ externalDns: { hostedZoneArns: [ZONE] } }).synth, "aws_ec2_tag")).toEqual([]);
  });
});

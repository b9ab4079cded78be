import { TerraformOutput } from "cdktf";
import { EksCluster, type EksClusterProps } from "../../modules/cluster/eks-cluster";
import { ofType, single, statementsOf, synthJson, testStack, validationErrorOf } from "../support/helpers";

const SUBNETS = { subnetIds: ["subnet-0123abcd", "subnet-4567abcd"] };

function synthCluster(props: Partial<EksClusterProps> = {}) {
  const { stack } = testStack();
  const cluster = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, autoMode: {}, ...props } as EksClusterProps);
  return { cluster, stack, synth: synthJson(stack) };
}

type Synth = ReturnType<typeof synthJson>;

function roleNamed(synth: Synth, name: string): [string, any] {
  const found = ofType(synth, "aws_iam_role").find(([, r]) => r.name === name);
  if (!found) throw new Error(`no role named ${name}`);
  return found;
}

/** The AWS-managed policies attached to a role, by name. */
function managedPoliciesOf(synth: Synth, roleId: string): string[] {
  return ofType(synth, "aws_iam_role_policy_attachment")
    .filter(([, a]) => a.role === `\${aws_iam_role.${roleId}.name}`)
    .map(([, a]) => (a.policy_arn as string).split("/").pop()!)
    .sort();
}

describe("EksCluster in Auto Mode", () => {
  const { cluster, synth } = synthCluster();
  const [, resource] = single(synth, "aws_eks_cluster");

  test("matches its snapshot", () => {
    expect(synth).toMatchSnapshot();
  });

  test("turns compute (both built-in node pools, with the node role), block storage and load balancing on together", () => {
    const [nodeRoleId] = roleNamed(synth, "demo-auto-node");
    expect(resource.compute_config).toEqual({ enabled: true, node_pools: ["general-purpose", "system"], node_role_arn: `\${aws_iam_role.${nodeRoleId}.arn}` });
    expect(resource.storage_config).toEqual({ block_storage: { enabled: true } });
    expect(resource.kubernetes_network_config).toEqual({ elastic_load_balancing: { enabled: true } });
    // No self-managed networking and DNS at creation; an existing cluster that turns Auto Mode on is not replaced.
    expect(resource.bootstrap_self_managed_addons).toBe(false);
    expect(resource.lifecycle).toEqual({ ignore_changes: ["bootstrap_self_managed_addons"] });
    // The node role has its policies before the cluster can launch a node.
    const attachments = ofType(synth, "aws_iam_role_policy_attachment")
      .filter(([, a]) => a.role === `\${aws_iam_role.${nodeRoleId}.name}`)
      .map(([id]) => `aws_iam_role_policy_attachment.${id}`);
    expect(attachments).toHaveLength(2);
    expect(resource.depends_on).toEqual(expect.arrayContaining(attachments));
  });

  test("gives the cluster role the Auto Mode policies, trusted by eks.amazonaws.com with sts:TagSession", () => {
    const [roleId, role] = roleNamed(synth, "demo-cluster");
    expect(managedPoliciesOf(synth, roleId)).toEqual([
      "AmazonEKSBlockStoragePolicy",
      "AmazonEKSClusterPolicy",
      "AmazonEKSComputePolicy",
      "AmazonEKSLoadBalancingPolicy",
      "AmazonEKSNetworkingPolicy",
    ]);
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toEqual({
      Effect: "Allow",
      Principal: { Service: "eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
    });
  });

  test("makes a node role trusted by ec2.amazonaws.com with the policies AWS documents, and it is the cluster's node role", () => {
    const [roleId, role] = roleNamed(synth, "demo-auto-node");
    expect(managedPoliciesOf(synth, roleId)).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodeMinimalPolicy"]);
    expect(statementsOf(role.assume_role_policy)).toEqual([
      { effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] },
    ]);
    const { stack } = testStack();
    const made = new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, autoMode: {} });
    new TerraformOutput(stack, "node", { value: made.nodeRoleArn });
    new TerraformOutput(stack, "auto", { value: made.autoModeNodeRoleArn });
    const outputs = synthJson(stack).output!;
    expect([outputs.node.value, outputs.auto.value]).toEqual([`\${aws_iam_role.${roleId}.arn}`, `\${aws_iam_role.${roleId}.arn}`]);
    // EKS maps the built-in node pools' role itself.
    // No entry for the node role (EKS maps the built-in node pools' role itself): only the creator's.
    expect(ofType(synth, "aws_eks_access_entry").map(([id]) => id)).toEqual([expect.stringMatching(/^eks_cluster-creator_/)]);
  });

  test("installs none of the add-ons Auto Mode runs itself, nor their roles or node groups", () => {
    expect(ofType(synth, "aws_eks_addon")).toEqual([]);
    expect(ofType(synth, "aws_eks_node_group")).toEqual([]);
    expect(ofType(synth, "aws_launch_template")).toEqual([]);
    expect(
      ofType(synth, "aws_iam_role")
        .map(([, r]) => r.name)
        .sort(),
    ).toEqual(["demo-auto-node", "demo-cluster"]);
    expect(cluster.vpcCniRole).toBeUndefined();
  });

  test("binds Pod Identity workloads without installing the agent, which Auto Mode runs", () => {
    const { stack, cluster: auto } = (() => {
      const { stack } = testStack();
      return { stack, cluster: new EksCluster(stack, "eks", { clusterName: "demo", ...SUBNETS, autoMode: {} }) };
    })();
    auto.addServiceAccount("payments", { serviceAccounts: [{ namespace: "payments", name: "api" }], mechanism: "podIdentity" });
    const out = synthJson(stack);
    expect(ofType(out, "aws_eks_pod_identity_association").map(([, a]) => `${a.namespace}/${a.service_account}`)).toEqual(["payments/api"]);
    expect(ofType(out, "aws_eks_addon")).toEqual([]);
  });

  test("with node pools of your own only, gives the node role its access entry (AmazonEKSAutoNodePolicy) instead of naming it in compute_config", () => {
    const own = synthCluster({
      autoMode: { nodePools: [], nodeRole: { roleName: "nodes-of-demo", path: "/eks/", permissionsBoundary: "arn:aws:iam::123456789012:policy/boundary" } },
    }).synth;
    const [roleId, role] = roleNamed(own, "nodes-of-demo");
    expect(role.path).toBe("/eks/");
    expect(role.permissions_boundary).toBe("arn:aws:iam::123456789012:policy/boundary");
    expect(single(own, "aws_eks_cluster")[1].compute_config).toEqual({ enabled: true, node_pools: [] });
    // Besides the cluster creator's entry (docs/access.md).
    const entries = ofType(own, "aws_eks_access_entry").filter(([, e]) => e.type === "EC2");
    expect(entries).toHaveLength(1);
    expect(entries[0][1]).toMatchObject({ principal_arn: `\${aws_iam_role.${roleId}.arn}`, type: "EC2" });
    const policies = ofType(own, "aws_eks_access_policy_association").filter(([, p]) => p.policy_arn.endsWith("AmazonEKSAutoNodePolicy"));
    expect(policies).toHaveLength(1);
  });

  test("with managed node groups too, installs the cluster's own add-ons for their nodes", () => {
    const mixed = synthCluster({ nodeGroups: { system: {} }, podIdentityAgent: true }).synth;
    expect(
      ofType(mixed, "aws_eks_addon")
        .map(([, a]) => a.addon_name)
        .sort(),
    ).toEqual(["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    expect(
      ofType(mixed, "aws_iam_role")
        .map(([, r]) => r.name)
        .sort(),
    ).toEqual(["demo-auto-node", "demo-cluster", "demo-node", "demo-vpc-cni"]);
  });

  describe("refusals", () => {
    test.each([
      ["karpenter", { karpenter: {} }, /EKS Auto Mode provisions nodes with its own Karpenter/],
      [
        "loadBalancerController",
        { loadBalancerController: {} },
        /runs the load balancer controller itself: use the IngressClass controller eks.amazonaws.com\/alb/,
      ],
      ["ebsCsiDriver", { ebsCsiDriver: {} }, /provisions EBS volumes itself \(StorageClass provisioner ebs.csi.eks.amazonaws.com\)/],
      ["clusterAutoscaler", { clusterAutoscaler: {} }, /cluster-autoscaler only scales managed node groups, and the cluster has none/],
      [
        "nodeTerminationHandler",
        { nodeTerminationHandler: { queueArns: ["arn:aws:sqs:eu-west-1:123456789012:nth"] } },
        /drains its nodes on interruptions itself; the Node Termination Handler only serves nodes of managed node groups/,
      ],
    ])("fails when the catalogue's %s is asked for, saying why", (id, addons, reason) => {
      const error = validationErrorOf(() => synthCluster({ addons }));
      expect(error.field).toBe(`addons.${id}`);
      expect(error.message).toMatch(/^addons\.\w+ is set, but the cluster runs in Auto Mode: /);
      expect(error.message).toMatch(reason);
    });

    test("fails when the EBS CSI driver is asked for without node groups, but not with them", () => {
      expect(() => synthCluster({ addons: { ebsCsiDriver: {} }, nodeGroups: { system: {} } })).not.toThrow();
    });

    test("fails when a core add-on is configured that Auto Mode runs itself", () => {
      expect(() => synthCluster({ coreAddons: { coreDns: { configurationValues: { replicaCount: 3 } } } })).toThrow(
        "coreAddons.coreDns is set, but the cluster runs in Auto Mode without managed node groups: EKS Auto Mode runs cluster DNS (no coredns add-on) itself; leave coreAddons.coreDns out",
      );
      expect(() => synthCluster({ addonVersions: { vpcCni: "v1.19.2-eksbuild.1" } })).toThrow(
        /^addonVersions\.vpcCni is set, but the cluster runs in Auto Mode/,
      );
      expect(() => synthCluster({ eksAddons: { "kube-proxy": {} } })).toThrow(
        'eksAddons key "kube-proxy" is invalid: kube-proxy is one of the cluster\'s own add-ons: EKS Auto Mode runs service networking (no kube-proxy add-on) itself on this cluster, which has no managed node groups',
      );
    });

    test("fails when the Pod Identity agent is set on or off: Auto Mode runs it", () => {
      expect(() => synthCluster({ podIdentityAgent: true })).toThrow(
        "podIdentityAgent true is invalid: EKS Auto Mode runs the EKS Pod Identity agent itself on a cluster without managed node groups: leave podIdentityAgent out",
      );
    });

    test("fails when a node pool is unknown or listed twice", () => {
      expect(() => synthCluster({ autoMode: { nodePools: ["gpu" as never] } })).toThrow(
        'autoMode.nodePools[0] "gpu" is invalid: allowed values are general-purpose, system',
      );
      expect(() => synthCluster({ autoMode: { nodePools: ["system", "system"] } })).toThrow(
        /^autoMode\.nodePools\[1\] "system" is invalid: it repeats entry \[0\]/,
      );
      expect(() => synthCluster({ autoMode: { nodeRole: { path: "eks" } } })).toThrow(/^autoMode\.nodeRole\.path "eks" is invalid: an IAM path/);
    });
  });

  test("deletion protection and zonal shift go to the cluster as given", () => {
    const { synth: protectedSynth } = synthCluster({ deletionProtection: true, zonalShift: true });
    const [, c] = single(protectedSynth, "aws_eks_cluster");
    expect(c.deletion_protection).toBe(true);
    expect(c.zonal_shift_config).toEqual({ enabled: true });
    expect(resource.deletion_protection).toBeUndefined();
    expect(resource.zonal_shift_config).toBeUndefined();
  });
});
